import { describe, expect, it } from 'vitest';
import { AnalysisEngine } from '../../src/analysis/engine.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { defineRule, type RuleDefinition } from '../../src/analysis/rule.js';
import { advert, adverts, garp, BASE_TS } from '../helpers/frame-info-builder.js';
import { analyze, sequence } from '../helpers/rule-tester.js';

function recorder(log: string[]): RuleDefinition {
  return defineRule({
    meta: { id: 'recorder', defaultSeverity: 'info', summary: 'records handler calls' },
    create: () => ({
      advert: (ev) => log.push(`advert ${ev.frame.frame}${ev.newRouter ? ' new-router' : ''}${ev.newSpeaker ? ' new-speaker' : ''}`),
      masterChange: (r, t) => log.push(`master ${t.from?.ip ?? '-'}>${t.to.ip} ${t.reason}`),
      arp: (f) => log.push(`arp ${f.frame}`),
      end: () => log.push('end'),
    }),
  });
}

describe('AnalysisEngine', () => {
  it('routes model events to rules in capture order, and ends once', () => {
    const log: string[] = [];
    const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, [recorder(log)]);
    const frames = sequence(
      adverts({ src: '192.0.2.11', mac: '02:00:00:00:00:11', prio: 150, from: 0, to: 2, frame: 0 }),
      [advert({ src: '192.0.2.11', mac: '02:00:00:00:00:11', prio: 0, t: 2.5, frame: 0 })],
      adverts({ src: '192.0.2.12', mac: '02:00:00:00:00:12', prio: 100, from: 3.1, to: 5.1, frame: 0 }),
      [garp({ mac: '02:00:00:00:00:12', vip: '192.0.2.100', t: 3.15, frame: 0 })],
    );
    for (const f of frames) engine.push(f);
    engine.end();
    engine.end();
    expect(log[0]).toBe('advert 1 new-router new-speaker');
    expect(log).toContain('master 192.0.2.11>192.0.2.12 priority-zero');
    expect(log).toContain('arp 6');
    expect(log.filter((l) => l === 'end')).toHaveLength(1);
  });

  it('learns VIPs from adverts so the decoder reports traffic to them', () => {
    const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, []);
    engine.push(advert({ src: '192.0.2.11', mac: '02:00:00:00:00:11', vips: ['192.0.2.100', '192.0.2.101'], t: 0, frame: 1 }));
    engine.push(advert({ src: 'fe80::11', mac: '02:00:00:00:00:11', vips: ['fe80::1', '2001:db8::100'], t: 0, frame: 2 }));
    expect([...engine.vips4]).toEqual([(192 << 24 >>> 0) + (0 << 16) + (2 << 8) + 100, (192 << 24 >>> 0) + 512 + 101]);
    expect([...engine.vips6]).toEqual(['fe80::1', '2001:db8::100']);
  });

  it('skips disabled rules', () => {
    const log: string[] = [];
    const engine = new AnalysisEngine({ ...DEFAULT_ANALYSIS_OPTIONS, disabled: new Set(['recorder']) }, [recorder(log)]);
    engine.push(advert({ src: '192.0.2.11', mac: '02:00:00:00:00:11', t: 0, frame: 1 }));
    engine.end();
    expect(log).toEqual([]);
  });

  it('builds a router document with speakers, master, transitions and timeline data', () => {
    const doc = analyze(
      sequence(
        adverts({ src: '192.0.2.11', mac: '02:00:00:00:00:11', prio: 150, from: 0, to: 3, frame: 0 }),
        adverts({ src: '192.0.2.12', mac: '02:00:00:00:00:12', prio: 100, from: 7.2, to: 9.2, frame: 0 }),
        [garp({ mac: '02:00:00:00:00:12', vip: '192.0.2.100', t: 7.25, frame: 0 })],
      ),
      [],
    );
    expect(doc.routers).toHaveLength(1);
    const r = doc.routers[0]!;
    expect(r).toMatchObject({ key: '0|untagged|ipv4|51', vrid: 51, family: 'ipv4', vlan: null, version: 2, vips: ['192.0.2.100'], failovers: 1 });
    expect(r.master).toEqual({ ip: '192.0.2.12', mac: '02:00:00:00:00:12', since: BASE_TS + 7.2 });
    expect(r.transitions[0]).toMatchObject({ from: { ip: '192.0.2.11' }, to: { ip: '192.0.2.12' }, reason: 'master-down', gapMs: 4200, expectedGapMs: 3609 });
    expect(r.speakers.map((s) => [s.ip, s.priorities, s.adverts])).toEqual([
      ['192.0.2.11', [150], 4],
      ['192.0.2.12', [100], 3],
    ]);
    expect(r.speakers[0]?.activeIntervals).toEqual([{ start: BASE_TS, end: BASE_TS + 3, priority: 150 }]);
    expect(r.events?.map((e) => e.kind)).toEqual(['garp']);
    expect(doc.stats).toMatchObject({ vrrp: 7, arp: 1 });
  });

  it('gives identical documents for identical input', () => {
    const frames = sequence(adverts({ src: '192.0.2.11', mac: '02:00:00:00:00:11', from: 0, to: 3, frame: 0 }));
    expect(JSON.stringify(analyze(frames, []))).toBe(JSON.stringify(analyze(frames, [])));
  });
});
