import { describe, expect, it } from 'vitest';
import { AnalysisEngine } from '../../src/analysis/engine.js';
import { MAX_ACTIVE_PERIODS, MAX_TRANSITIONS } from '../../src/analysis/model/router-tracker.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import type { FrameInfo } from '../../src/decoders/frame-info.js';
import { BASE_TS, advert, arp } from '../helpers/frame-info-builder.js';
import { MAX_HOSTS } from '../../src/analysis/model/address-claims.js';

const A = { src: '192.0.2.11', mac: '02:00:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '02:00:00:00:00:12' };

/**
 * `cycles` times: A (priority 200) masters, resigns with priority 0, B takes over after Skew_Time, A comes back and
 * preempts it. Two master changes per cycle, and A's adverts form new activity periods each time.
 */
function flappingRouter(cycles: number): FrameInfo[] {
  const frames: FrameInfo[] = [];
  let frame = 1;
  for (let c = 0; c < cycles; c++) {
    const t = c * 6;
    frames.push(advert({ ...A, prio: 200, t, frame: frame++ }));
    frames.push(advert({ ...A, prio: 200, t: t + 1, frame: frame++ }));
    frames.push(advert({ ...A, prio: 0, t: t + 2, frame: frame++ }));
    frames.push(advert({ ...B, prio: 100, t: t + 2.6, frame: frame++ }));
    frames.push(advert({ ...B, prio: 100, t: t + 3.6, frame: frame++ }));
    frames.push(advert({ ...B, prio: 100, t: t + 4.6, frame: frame++ }));
  }
  return frames;
}

function audit(frames: FrameInfo[]) {
  const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, ALL_RULES);
  for (const f of frames) engine.push(f);
  engine.end();
  const last = frames[frames.length - 1]!;
  return engine.document(
    { source: 'built.pcap', format: 'pcap', linkTypes: [1], frames: frames.length, firstTs: BASE_TS, lastTs: last.ts, warnings: [] },
    { frames: frames.length },
  );
}

describe('bounded model state', () => {
  it('keeps the latest transitions and periods of a router that flaps for ever, and says so in input.warnings', () => {
    const cycles = 3 * MAX_TRANSITIONS;
    const doc = audit(flappingRouter(cycles));
    const [router] = doc.routers;
    // Every master change is still counted; only the list is bounded.
    expect(router?.failovers).toBe(2 * cycles - 1);
    expect(router?.transitions).toHaveLength(MAX_TRANSITIONS);
    const lastTransition = router?.transitions[MAX_TRANSITIONS - 1];
    expect(lastTransition?.ts).toBeCloseTo(BASE_TS + (cycles - 1) * 6 + 2.6, 3);
    for (const s of router?.speakers ?? []) expect(s.activeIntervals?.length).toBeLessThanOrEqual(MAX_ACTIVE_PERIODS);

    const byCode = new Map(doc.input.warnings.map((w) => [w.code, w]));
    expect(byCode.get('transitions-dropped')?.count).toBe(2 * cycles - 1 - MAX_TRANSITIONS);
    expect(byCode.get('transitions-dropped')?.message).toMatch(/^1 virtual router changed master more than 64 times/);
    expect(byCode.get('activity-merged')?.count).toBeGreaterThan(0);
    // The findings still see every change: master-flapping counts them all.
    const flapping = doc.findings.find((f) => f.rule === 'master-flapping');
    expect(flapping).toBeDefined();
  });

  it('adds no warning while the state fits', () => {
    const doc = audit(flappingRouter(10));
    expect(doc.routers[0]?.transitions).toHaveLength(19);
    expect(doc.input.warnings).toEqual([]);
  });

  it('forgets the oldest hosts beyond MAX_HOSTS ARP speakers, and says so in input.warnings', () => {
    // Distinct MACs (locally administered) asking with documentation addresses: every MAC is a host to remember.
    const extra = 100;
    const hosts = MAX_HOSTS + extra;
    const macOf = (i: number) => `02:${[24, 16, 8, 0].map((shift) => ((i >>> shift) & 0xff).toString(16).padStart(2, '0')).join(':')}:01`;
    const frames: FrameInfo[] = [];
    for (let i = 0; i < hosts; i++) {
      frames.push(arp({ frame: i + 1, t: i * 0.001, senderMac: macOf(i), senderIp: `192.0.2.${1 + (i % 254)}`, targetIp: '192.0.2.254' }));
    }
    const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, ALL_RULES);
    for (const f of frames) engine.push(f);
    engine.end();
    const doc = engine.document(
      { source: 'built.pcap', format: 'pcap', linkTypes: [1], frames: hosts, firstTs: BASE_TS, lastTs: frames[hosts - 1]!.ts, warnings: [] },
      { frames: hosts },
    );
    // The AddressBook's MAC -> address map and OwnAddresses' MAC -> own addresses each forgot the `extra` oldest MACs;
    // the 254 addresses fit.
    const warning = doc.input.warnings.find((w) => w.code === 'addresses-forgotten');
    expect(warning?.count).toBe(2 * extra);
    expect(warning?.message).toMatch(new RegExp(`^more than ${MAX_HOSTS} hosts claimed addresses`));
    expect(engine.model.ipOfMac(macOf(extra - 1))).toBeUndefined();
    expect(engine.model.ipOfMac(macOf(extra))).toBe(`192.0.2.${1 + (extra % 254)}`);
    expect(engine.model.ownAddresses.ipsOf(macOf(extra - 1))).toEqual([]);
    expect(engine.model.ownAddresses.ipsOf(macOf(hosts - 1))).toEqual([`192.0.2.${1 + ((hosts - 1) % 254)}`]);
  });

  it('forgets no host while they fit the bound', () => {
    const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, ALL_RULES);
    for (let i = 0; i < 1000; i++) {
      const mac = `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
      engine.push(arp({ frame: i + 1, t: i * 0.01, senderMac: mac, senderIp: `198.51.100.${1 + (i % 254)}`, targetIp: '198.51.100.254' }));
    }
    engine.end();
    expect(engine.model.bounds().forgottenAddresses).toBe(0);
  });
});
