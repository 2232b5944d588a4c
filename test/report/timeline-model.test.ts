import { describe, expect, it } from 'vitest';
import type { AuditDocument, RouterDoc } from '../../src/analysis/audit-document.js';
import { buildRouterTimeline, documentSpan, mergeIntervals, overlapOf } from '../../src/report/timeline-model.js';
import { cleanFailover, splitBrain, vridCollision } from './samples.js';

function timelineOf(doc: AuditDocument, i = 0) {
  const router = doc.routers[i];
  if (router === undefined) throw new Error('sample has the router');
  return buildRouterTimeline(doc, router);
}

describe('overlapOf / mergeIntervals', () => {
  it('finds times covered by at least two lists, not a hand-over at one instant', () => {
    expect(overlapOf([[{ start: 0, end: 10 }], [{ start: 5, end: 15 }]])).toEqual([{ start: 5, end: 10 }]);
    expect(overlapOf([[{ start: 0, end: 5 }], [{ start: 5, end: 15 }]])).toEqual([]);
    expect(overlapOf([[{ start: 0, end: 10 }], [{ start: 2, end: 4 }], [{ start: 3, end: 8 }]])).toEqual([{ start: 2, end: 8 }]);
    expect(overlapOf([[{ start: 0, end: 10 }]])).toEqual([]);
  });

  it('merges touching intervals and forgets the priority when the parts disagree', () => {
    expect(
      mergeIntervals([
        { start: 5, end: 8, priority: 100 },
        { start: 0, end: 5, priority: 100 },
        { start: 9, end: 10, priority: 100 },
      ]),
    ).toEqual([
      { start: 0, end: 8, priority: 100 },
      { start: 9, end: 10, priority: 100 },
    ]);
    expect(mergeIntervals([{ start: 0, end: 5, priority: 100 }, { start: 4, end: 6, priority: 150 }])).toEqual([{ start: 0, end: 6, priority: null }]);
  });
});

describe('buildRouterTimeline', () => {
  it('uses activeIntervals and shows the split-brain overlap on both lanes', () => {
    const tl = timelineOf(splitBrain);
    expect(tl.start).toBe(splitBrain.input.firstTs);
    expect(tl.end).toBe(splitBrain.input.lastTs);
    expect(tl.overlaps).toEqual([{ start: 1764098262.1, end: 1764098276.0 }]);
    expect(tl.lanes.map((l) => l.approximate)).toEqual([false, false]);
    expect(tl.lanes.map((l) => l.overlap)).toEqual([tl.overlaps, tl.overlaps]);
    expect(tl.lanes[0]?.master).toEqual([{ start: 1764098258.05, end: 1764098287.05, priority: 150 }]);
    expect(tl.findings.map((f) => f.rule)).toEqual(['split-brain', 'missing-garp', 'advert-not-from-vmac']);
  });

  it('derives a clean failover from transitions and first/last adverts: no overlap, a priority-0 marker, a takeover and its gap', () => {
    const tl = timelineOf(cleanFailover);
    const [old, next] = tl.lanes;
    expect(old?.master).toEqual([{ start: 1764098262.08, end: 1764098266.61, priority: null }]);
    expect(next?.master).toEqual([{ start: 1764098267.22, end: 1764098274.22, priority: null }]);
    expect(tl.overlaps).toEqual([]);
    expect(old?.priorityZero).toEqual([1764098266.61]);
    expect(next?.takeovers.map((t) => t.ts)).toEqual([1764098267.22]);
    expect(old?.takeovers).toEqual([]);
    expect(tl.gaps).toHaveLength(1);
    expect(tl.gaps[0]?.start).toBeCloseTo(1764098266.61, 6);
    expect(tl.gaps[0]?.end).toBe(1764098267.22);
    expect(tl.events).toHaveLength(4);
  });

  it('without events, takes a trailing priority 0 as the resigning advert', () => {
    const router = cleanFailover.routers[0]!;
    const { events: _events, ...withoutEvents } = router;
    const tl = buildRouterTimeline(cleanFailover, withoutEvents);
    expect(tl.lanes[0]?.priorityZero).toEqual([router.speakers[0]!.lastSeen]);
    expect(tl.events).toEqual([]);
  });

  it('does not invent an overlap when a master comes back after a failover (preempt)', () => {
    const base = cleanFailover.routers[0]!;
    const [a, b] = base.speakers;
    const router: RouterDoc = {
      ...base,
      speakers: [
        { ...a!, priorities: [150], firstSeen: 100, lastSeen: 200 },
        { ...b!, firstSeen: 130, lastSeen: 160 },
      ],
      transitions: [
        { ts: 100, from: null, to: { ip: a!.ip }, reason: 'unknown', gapMs: null, expectedGapMs: null, frames: [1] },
        { ts: 130, from: { ip: a!.ip }, to: { ip: b!.ip }, reason: 'master-down', gapMs: 3300, expectedGapMs: 3400, frames: [5, 6] },
        { ts: 161, from: { ip: b!.ip }, to: { ip: a!.ip }, reason: 'preempt', gapMs: 0, expectedGapMs: null, frames: [9, 10] },
      ],
      events: [],
    };
    const doc: AuditDocument = { ...cleanFailover, input: { ...cleanFailover.input, firstTs: 90, lastTs: 210 }, routers: [router], findings: [] };
    const tl = buildRouterTimeline(doc, router);
    expect(tl.lanes[0]?.master).toEqual([
      { start: 100, end: 130, priority: null },
      { start: 161, end: 200, priority: null },
    ]);
    expect(tl.lanes[1]?.master).toEqual([{ start: 130, end: 160, priority: null }]);
    expect(tl.overlaps).toEqual([]);
    expect(tl.gaps.map((g) => g.transition.reason)).toEqual(['master-down']);
  });

  it('counts speakers that never appear in a transition as masters while heard (VRID collision)', () => {
    const tl = timelineOf(vridCollision);
    expect(tl.lanes.every((l) => l.approximate && l.master.length === 1)).toBe(true);
    expect(tl.overlaps).toEqual([{ start: 1764098258.7, end: 1764098273.3 }]);
  });

  it('uses the windows of split-brain findings where the transitions say the speaker had lost mastership', () => {
    const router = cleanFailover.routers[0]!;
    const [a, b] = router.speakers;
    const changed: RouterDoc = {
      ...router,
      speakers: [
        { ...a!, priorities: [150], firstSeen: 1764098258, lastSeen: 1764098274 },
        { ...b!, firstSeen: 1764098262.1, lastSeen: 1764098274 },
      ],
      transitions: [
        { ts: 1764098262.1, from: { ip: a!.ip }, to: { ip: b!.ip }, reason: 'unknown', gapMs: null, expectedGapMs: null, frames: [30] },
      ],
    };
    const doc: AuditDocument = { ...cleanFailover, routers: [changed], findings: [{ ...splitBrain.findings[0]!, router: router.key }] };
    const tl = buildRouterTimeline(doc, changed);
    expect(tl.lanes[0]?.master).toEqual([{ start: 1764098258, end: 1764098274, priority: null }]);
    expect(tl.lanes[1]?.master).toEqual([{ start: 1764098262.1, end: 1764098274, priority: null }]);
    expect(tl.overlaps).toEqual([{ start: 1764098262.1, end: 1764098274 }]);
  });

  it('spans the capture, or what the routers saw when the capture has no timestamps', () => {
    expect(documentSpan(cleanFailover)).toEqual({ start: 1764098258, end: 1764098274.5 });
    const noTs: AuditDocument = { ...cleanFailover, input: { ...cleanFailover.input, firstTs: null, lastTs: null } };
    expect(documentSpan(noTs)).toEqual({ start: 1764098262.08, end: 1764098274.22 });
    expect(documentSpan({ ...noTs, routers: [] })).toEqual({ start: 0, end: 1 });
  });
});
