import { describe, expect, it } from 'vitest';
import { confSettingDrift } from '../../../src/analysis/rules/conf-setting-drift.js';
import { adverts } from '../../helpers/frame-info-builder.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';
import { sequence } from '../../helpers/rule-tester.js';

const N1 = { src: '192.0.2.11', mac: '02:00:00:00:01:01', prio: 150 };
const auth = ['authentication {', '    auth_type PASS', '    auth_pass hunter2', '}'];
/** "hunter2" and "zebra9", NUL-padded to 8 bytes as keepalived sends them. */
const HUNTER2 = '68756e7465723200';
const ZEBRA9 = '7a65627261390000';

describe('conf-setting-drift', () => {
  it('reports an interval and a version other than the file says', () => {
    const configs = cluster(['n1', { priority: 150 }], ['n2', {}]);
    const f = confFindings(confSettingDrift, configs, sequence(adverts({ ...N1, intervalMs: 2000, from: 0, to: 6, step: 2, frame: 1 })));
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('error');
    expect(f[0]?.message).toContain('interval 2 s on the wire, advert_int 1 s in the file');
  });

  it('compares the password without printing it', () => {
    const configs = cluster(['n1', { priority: 150, extra: auth }], ['n2', { extra: auth }]);
    expect(confFindings(confSettingDrift, configs, sequence(adverts({ ...N1, authType: 1, authSecret: HUNTER2, from: 0, to: 3, frame: 1 })))).toEqual([]);
    const f = confFindings(confSettingDrift, configs, sequence(adverts({ ...N1, authType: 1, authSecret: ZEBRA9, from: 0, to: 3, frame: 1 })));
    expect(f[0]?.message).toContain('different auth_pass');
    expect(JSON.stringify(f)).not.toMatch(/hunter2|zebra9/);
  });

  it('is a warning when only the VIP list differs', () => {
    const configs = cluster(['n1', { priority: 150 }], ['n2', {}]);
    const f = confFindings(confSettingDrift, configs, sequence(adverts({ ...N1, vips: ['192.0.2.100', '192.0.2.101'], from: 0, to: 3, frame: 1 })));
    expect(f[0]?.severity).toBe('warning');
  });

  it('is silent when the adverts match the file', () => {
    const configs = cluster(['n1', { priority: 150 }], ['n2', {}]);
    expect(confFindings(confSettingDrift, configs, sequence(adverts({ ...N1, from: 0, to: 3, frame: 1 })))).toEqual([]);
  });
});
