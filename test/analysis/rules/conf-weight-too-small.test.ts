import { describe, expect, it } from 'vitest';
import { confWeightTooSmall } from '../../../src/analysis/rules/conf-weight-too-small.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';

const script = (weight: number) => ['vrrp_script chk {', '    script "/usr/bin/true"', `    weight ${weight}`, '}'];
const track = ['track_script {', '    chk', '}'];

describe('conf-weight-too-small', () => {
  it('reports a master whose failing check still beats the backup', () => {
    const f = confFindings(confWeightTooSmall, cluster(['n1', { priority: 150, extra: track }, script(-20)], ['n2', { priority: 100, extra: track }, script(-20)]));
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toContain('still advertises 130, above 100');
    expect(f[0]?.remediation).toContain('weight -60');
  });

  it('accepts a weight larger than the gap, weight 0 (FAULT) and a priority-255 owner', () => {
    expect(confFindings(confWeightTooSmall, cluster(['n1', { priority: 150, extra: track }, script(-60)], ['n2', { priority: 100 }]))).toEqual([]);
    expect(confFindings(confWeightTooSmall, cluster(['n1', { priority: 150, extra: track }, script(0)], ['n2', { priority: 100 }]))).toEqual([]);
    expect(confFindings(confWeightTooSmall, cluster(['n1', { priority: 255, extra: track }, script(-20)], ['n2', { priority: 100 }]))).toEqual([]);
  });

  it('counts positive weights: losing +10 from 110 against 100 keeps the master', () => {
    const f = confFindings(confWeightTooSmall, cluster(['n1', { priority: 105, extra: track }, script(10)], ['n2', { priority: 100 }]));
    expect(f[0]?.message).toContain('advertises 115 while healthy');
  });
});
