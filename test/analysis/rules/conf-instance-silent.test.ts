import { describe, expect, it } from 'vitest';
import { confInstanceSilent } from '../../../src/analysis/rules/conf-instance-silent.js';
import { adverts } from '../../helpers/frame-info-builder.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';
import { sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '02:00:00:00:01:01' };
const configs = cluster(['n1', { priority: 150 }], ['n2', {}], ['n1', { name: 'VI_52', vrid: 52, vips: ['192.0.2.150'] }]);

describe('conf-instance-silent', () => {
  it('reports a configured instance never heard in a capture longer than its Master_Down_Interval', () => {
    const frames = sequence(adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }));
    const f = confFindings(confInstanceSilent, configs, frames);
    expect(f).toHaveLength(1);
    expect(f[0]?.vrid).toBe(52);
    expect(f[0]?.title).toContain('VI_52');
  });

  it('does not judge a capture too short for a master to have spoken', () => {
    const frames = sequence(adverts({ ...A, prio: 150, from: 0, to: 3, frame: 1 }));
    expect(confFindings(confInstanceSilent, configs, frames)).toEqual([]);
  });

  it('does not count adverts with other VIPs as the instance', () => {
    const frames = sequence(adverts({ ...A, prio: 150, vrid: 52, vips: ['192.0.2.250'], from: 0, to: 10, frame: 1 }));
    const f = confFindings(confInstanceSilent, configs, frames);
    expect(f.map((x) => x.vrid).sort()).toEqual([51, 52]);
    expect(f.find((x) => x.vrid === 52)?.message).toContain('conf-unexpected-router');
  });
});
