import { describe, expect, it } from 'vitest';
import { confPriorityDrift } from '../../../src/analysis/rules/conf-priority-drift.js';
import { adverts } from '../../helpers/frame-info-builder.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';
import { sequence } from '../../helpers/rule-tester.js';

const script = (name: string, weight: number) => [`vrrp_script ${name} {`, '    script "/usr/bin/true"', `    weight ${weight}`, '}'];
const track = (...names: string[]) => ['track_script {', ...names.map((n) => `    ${n}`), '}'];
const uni = (src: string) => [`unicast_src_ip ${src}`];
const N1 = { src: '192.0.2.11', mac: '02:00:00:00:01:01' };

describe('conf-priority-drift', () => {
  it('names the failing script whose weight explains the advertised priority', () => {
    const configs = cluster(['n1', { priority: 150, extra: [...track('chk_web', 'chk_db'), ...uni(N1.src)] }, [...script('chk_web', -60), ...script('chk_db', -20)]], ['n2', {}]);
    const frames = sequence(adverts({ ...N1, prio: 150, from: 0, to: 3, frame: 1 }), adverts({ ...N1, prio: 90, from: 4, to: 6, frame: 1 }));
    const f = confFindings(confPriorityDrift, configs, frames);
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toContain('track_script chk_web (weight -60');
    expect(f[0]?.message).not.toContain('chk_db');
    expect(f[0]?.config?.[0]?.file).toBe('n1.conf');
  });

  it('accepts the healthy priority with positive weights', () => {
    const configs = cluster(['n1', { priority: 100, extra: [...track('chk'), ...uni(N1.src)] }, script('chk', 20)], ['n2', { priority: 50 }]);
    expect(confFindings(confPriorityDrift, configs, sequence(adverts({ ...N1, prio: 120, from: 0, to: 3, frame: 1 })))).toEqual([]);
    // The script failing removes the +20: explained.
    const f = confFindings(confPriorityDrift, configs, sequence(adverts({ ...N1, prio: 100, from: 0, to: 3, frame: 1 })));
    expect(f[0]?.message).toContain('chk (weight +20');
  });

  it('says when no weight explains it (another file deployed)', () => {
    const configs = cluster(['n1', { priority: 150, extra: uni(N1.src) }], ['n2', {}]);
    const f = confFindings(confPriorityDrift, configs, sequence(adverts({ ...N1, prio: 120, from: 0, to: 3, frame: 1 })));
    expect(f[0]?.message).toMatch(/no combination of its tracked weights/i);
  });

  it('matches a speaker without unicast_src_ip by its configured priority', () => {
    const configs = cluster(['n1', { priority: 150 }], ['n2', {}]);
    expect(confFindings(confPriorityDrift, configs, sequence(adverts({ ...N1, prio: 150, from: 0, to: 3, frame: 1 })))).toEqual([]);
  });
});
