import { describe, expect, it } from 'vitest';
import { confVipMismatch } from '../../../src/analysis/rules/conf-vip-mismatch.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';

describe('conf-vip-mismatch', () => {
  it('reports overlapping but different lists', () => {
    const f = confFindings(confVipMismatch, cluster(['n1', { vips: ['192.0.2.100/24', '192.0.2.101/24'] }], ['n2', { vips: ['192.0.2.100/24'] }]));
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('warning');
    expect(f[0]?.message).toContain('192.0.2.100, 192.0.2.101');
  });

  it('ignores order, prefix length and IPv6 spelling', () => {
    expect(confFindings(confVipMismatch, cluster(['n1', { vips: ['192.0.2.101', '192.0.2.100/24'] }], ['n2', { vips: ['192.0.2.100/32', '192.0.2.101'] }]))).toEqual([]);
    expect(confFindings(confVipMismatch, cluster(['n1', { vips: ['2001:DB8:0::100/64'] }], ['n2', { vips: ['2001:db8::100'] }]))).toEqual([]);
  });
});
