import { describe, expect, it } from 'vitest';
import type { ModelEvent } from '../../../src/analysis/model/types.js';
import { RouterTracker, compareIp, isSilent, outranks } from '../../../src/analysis/model/router-tracker.js';
import { masterDownIntervalMs, skewMs } from '../../../src/analysis/model/timers.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { BASE_TS, advert, adverts } from '../../helpers/frame-info-builder.js';
import { sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '02:00:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '02:00:00:00:00:12' };

/** Feeds frames in order with a tick every 0.1 s of capture time, like the engine, and returns every model event. */
function run(frames: readonly FrameInfo[], tracker = new RouterTracker()): { tracker: RouterTracker; events: ModelEvent[] } {
  const events: ModelEvent[] = [];
  let lastTick = Number.NEGATIVE_INFINITY;
  const tickUntil = (ts: number): void => {
    for (let t = lastTick === Number.NEGATIVE_INFINITY ? ts : lastTick + 0.1; t <= ts + 1e-9; t += 0.1) {
      tracker.tick(t, events);
      lastTick = t;
    }
  };
  for (const f of frames) {
    tickUntil(f.ts);
    tracker.advert(f, events);
  }
  // Like engine.end(): one last tick at the last frame, no invented silence beyond the capture.
  const last = frames[frames.length - 1];
  if (last) tickUntil(last.ts);
  return { tracker, events };
}

function transitionsOf(events: ModelEvent[]) {
  return events.flatMap((e) => (e.kind === 'master-change' ? [e.transition] : []));
}

describe('RouterTracker', () => {
  it("says which adverts bring a VIP list new to their speaker: the first, a change, never a list it had before", () => {
    const lists = [['192.0.2.100'], ['192.0.2.100'], ['192.0.2.101', '192.0.2.100'], ['192.0.2.100', '192.0.2.101'], ['192.0.2.100']];
    const frames = lists.map((vips, i) => advert({ ...A, prio: 150, t: i, frame: i + 1, vips }));
    frames.push(advert({ ...B, prio: 100, t: 5, frame: 6, vips: ['192.0.2.100'] }));
    const { events } = run(frames);
    const flags = events.flatMap((e) => (e.kind === 'advert' ? [`${e.speaker.ip} ${e.newVipList}`] : []));
    expect(flags).toEqual([`${A.src} true`, `${A.src} false`, `${A.src} true`, `${A.src} false`, `${A.src} false`, `${B.src} true`]);
  });

  it('says which adverts bring a priority or a VRRP version new to their speaker: the first, a change, never one it had', () => {
    const sent = [
      { prio: 150, version: 2 },
      { prio: 150, version: 2 },
      { prio: 100, version: 3 },
      { prio: 150, version: 3 },
      { prio: 150, version: 2 },
      { prio: 0, version: 2 },
      { prio: 0, version: 2 },
    ] as const;
    const frames = sent.map((s, i) => advert({ ...A, ...s, t: i, frame: i + 1 }));
    const { events } = run(frames);
    const flags = events.flatMap((e) => (e.kind === 'advert' ? [`${e.newPriority} ${e.newVersion}`] : []));
    expect(flags).toEqual(['true true', 'false false', 'true true', 'false false', 'false false', 'true false', 'false false']);
  });

  it('treats the first master in the capture as an election, not a failover', () => {
    const { tracker, events } = run(adverts({ ...A, prio: 150, from: 0, to: 5, frame: 1 }));
    const [router] = [...tracker.routers()];
    expect(router?.master?.ip).toBe(A.src);
    expect(router?.masterSince).toBe(BASE_TS);
    expect([...(router?.transitions ?? [])]).toEqual([]);
    expect(router?.failovers).toBe(0);
    expect(transitionsOf(events)).toEqual([]);
  });

  it('explains a clean failover after a priority-0 advert with a gap of about Skew_Time', () => {
    const skew = skewMs(2, 100, 1000) / 1000;
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 5, frame: 1 }),
      [advert({ ...A, prio: 0, t: 5.2, frame: 1 })],
      adverts({ ...B, prio: 100, from: 5.2 + skew, to: 12, frame: 1 }),
    );
    const { tracker, events } = run(frames);
    const [t] = transitionsOf(events);
    expect(transitionsOf(events)).toHaveLength(1);
    expect(t?.reason).toBe('priority-zero');
    expect(t?.from?.ip).toBe(A.src);
    expect(t?.to.ip).toBe(B.src);
    expect(t?.expectedGapMs).toBe(Math.round(skewMs(2, 100, 1000)));
    expect(t?.gapMs).toBeGreaterThanOrEqual(600);
    expect(t?.gapMs).toBeLessThanOrEqual(620);
    // Evidence: A's priority-0 advert (frame 7) and B's first advert (frame 8).
    expect(t?.frames).toEqual([7, 8]);
    const [router] = [...tracker.routers()];
    expect(router?.failovers).toBe(1);
    expect(router?.master?.ip).toBe(B.src);
  });

  it('explains a crash takeover as master-down with a gap of about Master_Down_Interval', () => {
    const mdi = masterDownIntervalMs(2, 100, 1000) / 1000;
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 5, frame: 1 }),
      adverts({ ...B, prio: 100, from: 5 + mdi, to: 15, frame: 1 }),
    );
    const [t, ...rest] = transitionsOf(run(frames).events);
    expect(rest).toEqual([]);
    expect(t?.reason).toBe('master-down');
    expect(t?.expectedGapMs).toBe(Math.round(masterDownIntervalMs(2, 100, 1000)));
    expect(t?.gapMs).toBeGreaterThanOrEqual(3600);
    expect(t?.gapMs).toBeLessThanOrEqual(3620);
    expect(t?.frames).toEqual([6, 7]);
  });

  it('explains a higher-priority speaker taking over from an advertising master as preempt', () => {
    // B (100) is master; A (150) comes up, its first advert lands between two of B's; B yields at once (RFC 5798 §6.4.3).
    const frames = sequence(
      adverts({ ...B, prio: 100, from: 0, to: 10, frame: 1 }),
      adverts({ ...A, prio: 150, from: 10.5, to: 20, frame: 1 }),
    );
    const transitions = transitionsOf(run(frames).events);
    expect(transitions).toHaveLength(1);
    expect(transitions[0]?.reason).toBe('preempt');
    expect(transitions[0]?.from?.ip).toBe(B.src);
    expect(transitions[0]?.to.ip).toBe(A.src);
    expect(transitions[0]?.expectedGapMs).toBeNull();
  });

  it('also calls it preempt when the old master sends one more advert before yielding (higher_prio_send_advert)', () => {
    const frames = sequence(
      adverts({ ...B, prio: 100, from: 0, to: 11, frame: 1 }),
      adverts({ ...A, prio: 150, from: 10.5, to: 20, frame: 1 }),
    );
    const transitions = transitionsOf(run(frames).events);
    expect(transitions.map((t) => t.reason)).toEqual(['preempt']);
  });

  it('commits no transition while two speakers keep advertising (that is split-brain, not a failover)', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 20, frame: 1 }),
      adverts({ ...B, prio: 100, from: 0.5, to: 20.5, frame: 1 }),
    );
    const { tracker, events } = run(frames);
    expect(transitionsOf(events)).toEqual([]);
    expect([...tracker.routers()][0]?.master?.ip).toBe(A.src);
  });

  it('keeps the rightful master when the lower speaker of a split-brain stops', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 20, frame: 1 }),
      adverts({ ...B, prio: 100, from: 0.5, to: 10.5, frame: 1 }),
    );
    const { tracker, events } = run(frames);
    expect(transitionsOf(events)).toEqual([]);
    expect([...tracker.routers()][0]?.master?.ip).toBe(A.src);
  });


  it('dates the change at the old master\'s last advert when a split-brain ends with the rightful master stopping', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 100, from: 0.5, to: 20.5, frame: 1 }),
    );
    const { tracker, events } = run(frames);
    const [t, ...rest] = transitionsOf(events);
    expect(rest).toEqual([]);
    // The rightful master went silent while the other was advertising all along: master-down, no gap to measure,
    // evidence its last advert and the other's first after it.
    expect(t).toMatchObject({ ts: BASE_TS + 10, reason: 'master-down', gapMs: null, expectedGapMs: null });
    expect(t?.frames).toEqual([frames.find((f) => f.ts === BASE_TS + 10)!.frame, frames.find((f) => f.ts === BASE_TS + 10.5)!.frame]);
    expect(t?.from?.ip).toBe(A.src);
    expect(t?.to.ip).toBe(B.src);
    expect([...tracker.routers()][0]?.masterSince).toBe(BASE_TS + 10);
  });
  it('keeps the same VRID on two VLANs apart as two routers', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vlan: [10], from: 0, to: 5, frame: 1 }),
      adverts({ ...B, prio: 100, vlan: [20], from: 0.5, to: 5.5, frame: 1 }),
    );
    const { tracker, events } = run(frames);
    const routers = [...tracker.routers()];
    expect(routers.map((r) => r.key).sort()).toEqual(['0|10|ipv4|51', '0|20|ipv4|51']);
    expect(routers.map((r) => r.vlan).sort()).toEqual([10, 20]);
    for (const r of routers) expect(r.speakers.size).toBe(1);
    expect(transitionsOf(events)).toEqual([]);
  });

  it('keeps IPv4 and IPv6 VRID spaces apart', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, version: 3, from: 0, to: 5, frame: 1 }),
      adverts({ src: 'fe80::12', mac: B.mac, prio: 100, vips: ['fe80::1', '2001:db8::100'], from: 0.5, to: 5.5, frame: 1 }),
    );
    const { tracker } = run(frames);
    const routers = [...tracker.routers()];
    expect(routers.map((r) => r.key).sort()).toEqual(['0|untagged|ipv4|51', '0|untagged|ipv6|51']);
    expect(routers.map((r) => r.family).sort()).toEqual(['ipv4', 'ipv6']);
    for (const r of routers) {
      expect(r.speakers.size).toBe(1);
      expect([...r.transitions]).toEqual([]);
    }
  });

  it('counts a master as silent only after its Master_Down_Interval (RFC), not after a few lost adverts', () => {
    const { tracker } = run(adverts({ ...A, prio: 150, from: 0, to: 2, frame: 1 }));
    const speaker = [...tracker.routers()][0]?.speakers.get(`${A.src}|${A.mac}`);
    expect(speaker?.active).toBe(true);
    const mdi = masterDownIntervalMs(2, 150, 1000) / 1000;
    expect(speaker && isSilent(speaker, BASE_TS + 2 + 3)).toBe(false);
    expect(speaker && isSilent(speaker, BASE_TS + 2 + mdi - 0.01)).toBe(false);
    expect(speaker && isSilent(speaker, BASE_TS + 2 + mdi + 0.01)).toBe(true);
  });

  it('ranks by priority, then by the higher primary address', () => {
    const { tracker } = run(
      sequence(
        adverts({ ...A, prio: 100, from: 0, to: 1, frame: 1 }),
        adverts({ ...B, prio: 100, from: 0.5, to: 1.5, frame: 1 }),
        adverts({ src: '192.0.2.9', mac: '02:00:00:00:00:09', prio: 200, from: 0.2, to: 1.2, frame: 1 }),
      ),
    );
    const s = [...([...tracker.routers()][0]?.speakers.values() ?? [])];
    const [a, b, c] = [s.find((x) => x.ip === A.src), s.find((x) => x.ip === B.src), s.find((x) => x.ip === '192.0.2.9')];
    expect(a && b && outranks(b, a)).toBe(true);
    expect(a && b && outranks(a, b)).toBe(false);
    expect(a && c && outranks(c, a)).toBe(true);
    expect(compareIp('192.0.2.9', '192.0.2.10')).toBeLessThan(0);
    expect(compareIp('2001:db8::2', '2001:db8::10')).toBeLessThan(0);
    expect(compareIp('fe80::1', 'fe80::1')).toBe(0);
  });
});

describe('RouterTracker at the end of the input', () => {
  it('commits a preemption at the first advert of the higher speaker, without waiting for the old master to fall silent', () => {
    const frames = sequence(
      adverts({ ...B, prio: 100, from: 0, to: 5, frame: 1 }),
      adverts({ ...A, prio: 150, from: 5.46, to: 7.46, frame: 1 }),
    );
    const tracker = new RouterTracker();
    const firstOfA = frames.findIndex((f) => f.ts === BASE_TS + 5.46);
    // Everything before A's first advert: no change yet.
    const before = run(frames.slice(0, firstOfA), tracker).events;
    expect(transitionsOf(before)).toEqual([]);
    // A's first advert alone emits the change.
    const out: ModelEvent[] = [];
    tracker.advert(frames[firstOfA]!, out);
    const [t] = transitionsOf(out);
    expect(t).toMatchObject({ ts: BASE_TS + 5.46, reason: 'preempt', gapMs: 460 });
    expect(t?.to.ip).toBe(A.src);
    expect(t?.frames).toEqual([frames[firstOfA - 1]!.frame, frames[firstOfA]!.frame]);
  });

  it('does not let a speaker of another cluster (disjoint VIPs) preempt the master', () => {
    const frames = sequence(
      adverts({ ...B, prio: 100, vips: ['192.0.2.100'], from: 0, to: 10, frame: 1 }),
      adverts({ ...A, prio: 150, vips: ['198.51.100.100'], from: 2.5, to: 10.5, frame: 1 }),
    );
    expect(transitionsOf(run(frames).events)).toEqual([]);
  });

  it('calls a master that comes up alone long after the old one resigned a first election, not a failover', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 3, frame: 1 }),
      [advert({ ...A, prio: 0, t: 3.5, frame: 1 })],
      adverts({ ...B, prio: 100, from: 20, to: 25, frame: 1 }),
    );
    const { tracker, events } = run(frames);
    expect(transitionsOf(events)).toEqual([]);
    const router = [...tracker.routers()][0];
    expect(router?.master?.ip).toBe(B.src);
    expect(router?.masterSince).toBe(BASE_TS + 20);
    expect(router?.failovers).toBe(0);
  });

  it('keeps a late takeover after a resignation a failover when the new master was heard before (it was running)', () => {
    const frames = sequence(
      adverts({ ...B, prio: 100, from: 0, to: 1, frame: 1 }),
      adverts({ ...A, prio: 150, from: 1.5, to: 3, frame: 1 }),
      [advert({ ...A, prio: 0, t: 3.5, frame: 1 })],
      adverts({ ...B, prio: 100, from: 20, to: 25, frame: 1 }),
    );
    const reasons = transitionsOf(run(frames).events).map((t) => t.reason);
    expect(reasons).toEqual(['preempt', 'priority-zero']);
  });

  it('does not invent a failover between two masters that reject each other and thin out their adverts', () => {
    // Alternating adverts, gaps of 1 to 3 intervals: each stays master (silence shorter than Master_Down_Interval).
    const times = { a: [0, 1, 4, 5, 8, 11, 12], b: [2, 3, 6, 7, 9, 10, 13] };
    const frames = sequence(
      times.a.map((t) => advert({ ...A, prio: 150, t, frame: 1 })),
      times.b.map((t) => advert({ ...B, prio: 100, t, frame: 1 })),
    );
    const { tracker, events } = run(frames);
    const out: ModelEvent[] = [];
    tracker.finish(BASE_TS + 13, out);
    expect(transitionsOf([...events, ...out])).toEqual([]);
    expect([...tracker.routers()][0]?.master?.ip).toBe(A.src);
  });

  it('leaves a contested router alone: both still advertising is no takeover', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 6, frame: 1 }),
      adverts({ ...B, prio: 100, from: 4.5, to: 6.5, frame: 1 }),
    );
    const { tracker } = run(frames);
    const out: ModelEvent[] = [];
    tracker.finish(BASE_TS + 6.5, out);
    expect(transitionsOf(out)).toEqual([]);
  });
});

describe('RouterTracker activity periods', () => {
  it('leaves no gap between two priorities while the adverts continue', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 5, frame: 1 }),
      adverts({ ...A, prio: 140, from: 6, to: 10, frame: 1 }),
    );
    const { tracker } = run(frames);
    const periods = tracker.activePeriods('0|untagged|ipv4|51', `${A.src}|${A.mac}`);
    expect(periods.map((p) => p.priority)).toEqual([150, 140]);
    // The 140 run starts where the 150 run ended: the timeline draws no "not advertising" between them.
    expect(periods[1]?.start).toBe(periods[0]?.end);
  });
});
