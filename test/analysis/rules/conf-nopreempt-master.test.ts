import { describe, expect, it } from 'vitest';
import { confNopreemptMaster } from '../../../src/analysis/rules/conf-nopreempt-master.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';

describe('conf-nopreempt-master', () => {
  it('reports nopreempt with state MASTER', () => {
    const f = confFindings(confNopreemptMaster, cluster(['n1', { state: 'MASTER', extra: ['nopreempt'] }]));
    expect(f).toHaveLength(1);
    expect(f[0]?.config?.[0]).toMatchObject({ node: 'n1', file: 'n1.conf', line: 4, instance: 'VI_51' });
  });

  it('accepts nopreempt with state BACKUP, and a later preempt that cancels it', () => {
    expect(confFindings(confNopreemptMaster, cluster(['n1', { extra: ['nopreempt'] }]))).toEqual([]);
    expect(confFindings(confNopreemptMaster, cluster(['n1', { state: 'MASTER', extra: ['nopreempt', 'preempt'] }]))).toEqual([]);
  });
});
