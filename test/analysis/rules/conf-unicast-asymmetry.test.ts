import { describe, expect, it } from 'vitest';
import { confUnicastAsymmetry } from '../../../src/analysis/rules/conf-unicast-asymmetry.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';

const uni = (src: string, ...peers: string[]) => [`unicast_src_ip ${src}`, 'unicast_peer {', ...peers.map((p) => `    ${p}`), '}'];

describe('conf-unicast-asymmetry', () => {
  it('reports A listing a peer that is not B', () => {
    const f = confFindings(confUnicastAsymmetry, cluster(['n1', { extra: uni('192.0.2.11', '192.0.2.99') }], ['n2', { extra: uni('192.0.2.12', '192.0.2.11') }]));
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toContain('not 192.0.2.12');
  });

  it('reports unicast on one side and multicast on the other', () => {
    const f = confFindings(confUnicastAsymmetry, cluster(['n1', { extra: uni('192.0.2.11', '192.0.2.12') }], ['n2', {}]));
    expect(f[0]?.message).toContain('multicasts');
  });

  it('accepts symmetric peers and all-multicast clusters', () => {
    expect(confFindings(confUnicastAsymmetry, cluster(['n1', { extra: uni('192.0.2.11', '192.0.2.12') }], ['n2', { extra: uni('192.0.2.12', '192.0.2.11') }]))).toEqual([]);
    expect(confFindings(confUnicastAsymmetry, cluster(['n1', {}], ['n2', {}]))).toEqual([]);
  });
});
