import { describe, expect, it } from 'vitest';
import { confIntervalMismatch } from '../../../src/analysis/rules/conf-interval-mismatch.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';

describe('conf-interval-mismatch', () => {
  it('reports different advert_int of VRRPv2 peers as an error', () => {
    const [f, ...rest] = confFindings(confIntervalMismatch, cluster(['n1', { priority: 150 }], ['n2', { advertInt: 2 }]));
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('advert_int 1 s');
    expect(f?.message).toContain('advert_int 2 s');
  });

  it('is a warning for VRRPv3 peers, and silent when they agree', () => {
    const v3 = ['version 3'];
    expect(confFindings(confIntervalMismatch, cluster(['n1', { advertInt: 0.5, extra: v3 }], ['n2', { advertInt: 1, extra: v3 }]))[0]?.severity).toBe('warning');
    expect(confFindings(confIntervalMismatch, cluster(['n1', { advertInt: 0.5, extra: v3 }], ['n2', { advertInt: '0.50', extra: v3 }]))).toEqual([]);
  });
});
