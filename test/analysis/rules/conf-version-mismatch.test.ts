import { describe, expect, it } from 'vitest';
import { confVersionMismatch } from '../../../src/analysis/rules/conf-version-mismatch.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';

describe('conf-version-mismatch', () => {
  it('reports version 3 on one peer and the default 2 on the other', () => {
    const f = confFindings(confVersionMismatch, cluster(['n1', { extra: ['version 3'] }], ['n2', {}]));
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toContain('VRRPv3');
    expect(f[0]?.message).toContain('VRRPv2');
  });

  it('takes global_defs vrrp_version into account', () => {
    const n1 = ['global_defs {', '    vrrp_version 3', '}'];
    expect(confFindings(confVersionMismatch, cluster(['n1', {}, n1], ['n2', { extra: ['version 3'] }]))).toEqual([]);
    expect(confFindings(confVersionMismatch, cluster(['n1', {}, n1], ['n2', {}]))).toHaveLength(1);
  });
});
