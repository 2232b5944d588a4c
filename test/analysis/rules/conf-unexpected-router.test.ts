import { describe, expect, it } from 'vitest';
import { confUnexpectedRouter } from '../../../src/analysis/rules/conf-unexpected-router.js';
import { adverts } from '../../helpers/frame-info-builder.js';
import { cluster, confFindings } from '../../helpers/keepalived-conf.js';
import { sequence } from '../../helpers/rule-tester.js';

const configs = cluster(['n1', { priority: 150 }], ['n2', {}]);
const OURS = { src: '192.0.2.11', mac: '02:00:00:00:01:01', prio: 150 };
const THEIRS = { src: '192.0.2.13', mac: '02:00:00:00:01:03', vips: ['192.0.2.200'] };

describe('conf-unexpected-router', () => {
  it('reports another cluster advertising a configured VRID with other VIPs', () => {
    const frames = sequence(adverts({ ...OURS, from: 0, to: 5, frame: 1 }), adverts({ ...THEIRS, from: 0.5, to: 5.5, frame: 1 }));
    const f = confFindings(confUnexpectedRouter, configs, frames);
    expect(f).toHaveLength(1);
    expect(f[0]?.subjects).toMatchObject({ ips: ['192.0.2.13'], vips: ['192.0.2.200'] });
    expect(f[0]?.frames).toEqual([2]);
    expect(f[0]?.message).toContain('Your own instance is on the wire too');
  });

  it('ignores VRIDs the configs do not use and speakers with configured VIPs', () => {
    expect(confFindings(confUnexpectedRouter, configs, sequence(adverts({ ...THEIRS, vrid: 60, from: 0, to: 5, frame: 1 })))).toEqual([]);
    expect(confFindings(confUnexpectedRouter, configs, sequence(adverts({ ...OURS, from: 0, to: 5, frame: 1 })))).toEqual([]);
  });
});
