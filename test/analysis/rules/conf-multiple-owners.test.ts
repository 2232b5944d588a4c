import { describe, expect, it } from 'vitest';
import { confMultipleOwners } from '../../../src/analysis/rules/conf-multiple-owners.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';

describe('conf-multiple-owners', () => {
  it('reports priority 255 on two peers', () => {
    const f = confFindings(confMultipleOwners, cluster(['n1', { priority: 255 }], ['n2', { priority: 255 }]));
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('error');
  });

  it('accepts one owner', () => {
    expect(confFindings(confMultipleOwners, cluster(['n1', { priority: 255 }], ['n2', {}]))).toEqual([]);
  });
});
