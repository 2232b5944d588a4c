import { describe, expect, it } from 'vitest';
import { confAuthMismatch } from '../../../src/analysis/rules/conf-auth-mismatch.js';
import { cluster } from '../../helpers/keepalived-conf.js';

const auth = (pass: string) => ['authentication {', '    auth_type PASS', `    auth_pass ${pass}`, '}'];

describe('conf-auth-mismatch', () => {
  it('reports different passwords without printing them', () => {
    const f = confFindings();
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('error');
    expect(f[0]?.message).toContain('password A');
    expect(f[0]?.message).toContain('password B');
    expect(JSON.stringify(f)).not.toMatch(/alpha1|bravo2/);
    expect(f[0]?.config?.map((c) => `${c.file}:${c.line}`)).toEqual(['n1.conf:10', 'n2.conf:10']);
    function confFindings() {
      return run(cluster(['n1', { priority: 150, extra: auth('alpha1') }], ['n2', { extra: auth('bravo2') }]));
    }
  });

  it('reports PASS against none, and treats passwords equal in their first 8 characters as equal', () => {
    expect(run(cluster(['n1', { extra: auth('x') }], ['n2', {}]))[0]?.message).toContain('no authentication');
    expect(run(cluster(['n1', { extra: auth('12345678abc') }], ['n2', { extra: auth('12345678xyz') }]))).toEqual([]);
  });

  it('ignores VRRPv3 instances and clusters that only share a VRID', () => {
    expect(run(cluster(['n1', { extra: [...auth('a'), 'version 3'] }], ['n2', { extra: [...auth('b'), 'version 3'] }]))).toEqual([]);
    expect(run(cluster(['n1', { extra: auth('a') }], ['n2', { extra: auth('b'), vips: ['192.0.2.200'] }]))).toEqual([]);
  });
});

import { confFindings as findings } from '../../helpers/keepalived-conf.js';
function run(c: Parameters<typeof findings>[1]) {
  return findings(confAuthMismatch, c);
}
