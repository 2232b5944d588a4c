import { describe, expect, it } from 'vitest';
import { confPriorityTie } from '../../../src/analysis/rules/conf-priority-tie.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';

describe('conf-priority-tie', () => {
  it('reports two peers with one priority', () => {
    const f = confFindings(confPriorityTie, cluster(['n1', { priority: 100 }], ['n2', { priority: 100 }]));
    expect(f).toHaveLength(1);
    expect(f[0]?.title).toContain('priority 100');
  });

  it('accepts equal priorities when every peer uses nopreempt, and distinct priorities', () => {
    expect(confFindings(confPriorityTie, cluster(['n1', { extra: ['nopreempt'] }], ['n2', { extra: ['nopreempt'] }]))).toEqual([]);
    expect(confFindings(confPriorityTie, cluster(['n1', { priority: 150 }], ['n2', {}]))).toEqual([]);
  });
});
