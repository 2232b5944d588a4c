/**
 * Who was master when, per virtual router: the data behind the terminal and SVG timelines.
 *
 * Only masters send adverts, so a speaker that advertises with priority > 0 claims to be master. When the analysis gives
 * `activeIntervals` those are drawn as they are; otherwise the lanes are derived from what every document has: the
 * transitions (master from one transition to the next), each speaker's firstSeen/lastSeen, and the windows of split-brain
 * findings naming the speaker. Lanes derived that way are marked `approximate`.
 */
import type { AuditDocument, FindingDoc, ReceptionDoc, RouterDoc, RouterEventDoc, SpeakerDoc, TransitionDoc } from '../analysis/audit-document.js';

export interface Interval {
  start: number;
  end: number;
}

export interface MasterInterval extends Interval {
  /** Advertised priority during the interval, when the analysis told it. */
  priority: number | null;
}

export interface Lane {
  speaker: SpeakerDoc;
  /** Sorted, merged, non-overlapping. */
  master: MasterInterval[];
  /** Parts of `master` during which another speaker of the router was master too (split-brain). */
  overlap: Interval[];
  /** Times of priority-0 (resigning) adverts. */
  priorityZero: number[];
  /** Transitions that made this speaker master (the first election excluded). */
  takeovers: TransitionDoc[];
  /** True when derived from firstSeen/lastSeen and transitions rather than `activeIntervals`. */
  approximate: boolean;
}

export interface RouterTimeline {
  router: RouterDoc;
  start: number;
  end: number;
  lanes: Lane[];
  /** Times when two or more speakers were master at once. */
  overlaps: Interval[];
  /** Silence between the old master's last advert and the new master's first, per failover. */
  gaps: (Interval & { transition: TransitionDoc })[];
  /** GARP / NA / priority-0 events (empty when the analysis did not provide them). */
  events: RouterEventDoc[];
  findings: FindingDoc[];
  /** Merged captures (`audit --merge`): who captured this router's adverts, and the runs each vantage point missed. */
  reception?: ReceptionDoc;
}

/** The time span drawn for every router of a document: the capture's, else what the routers saw. */
export function documentSpan(doc: AuditDocument): Interval {
  let start = doc.input.firstTs ?? Number.POSITIVE_INFINITY;
  let end = doc.input.lastTs ?? Number.NEGATIVE_INFINITY;
  for (const router of doc.routers) {
    for (const s of router.speakers) {
      start = Math.min(start, s.firstSeen);
      end = Math.max(end, s.lastSeen);
    }
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) return { start: 0, end: 1 };
  // A single instant still needs a width to draw.
  return end > start ? { start, end } : { start, end: start + 1 };
}

export function buildRouterTimeline(doc: AuditDocument, router: RouterDoc, span: Interval = documentSpan(doc)): RouterTimeline {
  const findings = doc.findings.filter((f) => f.router === router.key);
  const segments = masterSegmentsFromTransitions(router);
  const lanes = router.speakers.map((speaker) => buildLane(router, speaker, segments, findings));
  const overlaps = overlapOf(lanes.map((l) => l.master));
  for (const lane of lanes) lane.overlap = intersect(lane.master, overlaps);
  const gaps = router.transitions
    .filter((t) => t.from !== null && t.gapMs !== null && t.gapMs > 0)
    .map((t) => ({ start: t.ts - (t.gapMs ?? 0) / 1000, end: t.ts, transition: t }));
  const reception = doc.vantages?.reception.find((r) => r.router === router.key);
  return { router, start: span.start, end: span.end, lanes, overlaps, gaps, events: router.events ?? [], findings, ...(reception ? { reception } : {}) };
}

interface Segment extends Interval {
  ip: string;
}

/** Master by transitions: the `to` of each transition until the next one; the first `from` before the first. */
function masterSegmentsFromTransitions(router: RouterDoc): Segment[] {
  const transitions = [...router.transitions].sort((a, b) => a.ts - b.ts);
  const segments: Segment[] = [];
  const first = transitions[0];
  if (first === undefined) {
    if (router.master !== null) segments.push({ ip: router.master.ip, start: -Infinity, end: Infinity });
    return segments;
  }
  if (first.from !== null) segments.push({ ip: first.from.ip, start: -Infinity, end: first.ts });
  transitions.forEach((t, i) => {
    segments.push({ ip: t.to.ip, start: t.ts, end: transitions[i + 1]?.ts ?? Infinity });
  });
  return segments;
}

function buildLane(router: RouterDoc, speaker: SpeakerDoc, segments: Segment[], findings: FindingDoc[]): Lane {
  const takeovers = router.transitions.filter((t) => t.from !== null && t.to.ip === speaker.ip);
  const zeroEvents = (router.events ?? []).filter(
    (e) => e.kind === 'priority-zero' && e.ip === speaker.ip && (e.mac === '' || e.mac === speaker.mac),
  );
  if (speaker.activeIntervals !== undefined) {
    const master = mergeIntervals(
      speaker.activeIntervals.filter((i) => i.priority > 0).map((i) => ({ start: i.start, end: i.end, priority: i.priority })),
    );
    const zeroFromIntervals = speaker.activeIntervals.filter((i) => i.priority === 0).map((i) => i.start);
    const priorityZero = uniqueSorted([...zeroEvents.map((e) => e.ts), ...zeroFromIntervals]);
    return { speaker, master, overlap: [], priorityZero, takeovers, approximate: false };
  }
  const seen: Interval = { start: speaker.firstSeen, end: speaker.lastSeen };
  const pieces: MasterInterval[] = [];
  const ownSegments = segments.filter((s) => s.ip === speaker.ip);
  for (const seg of ownSegments) {
    const start = Math.max(seg.start, seen.start);
    const end = Math.min(seg.end, seen.end);
    if (end >= start) pieces.push({ start, end, priority: null });
  }
  // Never master by the transitions, yet it advertised: it claimed master while it was heard.
  if (ownSegments.length === 0 && speaker.adverts > 0) pieces.push({ start: seen.start, end: seen.end, priority: null });
  for (const f of findings) {
    if (f.rule !== 'split-brain' || !(f.subjects.ips ?? []).includes(speaker.ip)) continue;
    const start = Math.max(f.firstTs, seen.start);
    const end = Math.min(f.lastTs, seen.end);
    if (end >= start) pieces.push({ start, end, priority: null });
  }
  // Without events, a speaker whose priorities end in 0 resigned with its last advert.
  const resigned = router.events === undefined && speaker.priorities[speaker.priorities.length - 1] === 0;
  const priorityZero = uniqueSorted([...zeroEvents.map((e) => e.ts), ...(resigned ? [speaker.lastSeen] : [])]);
  return { speaker, master: mergeIntervals(pieces), overlap: [], priorityZero, takeovers, approximate: true };
}

/** Sorts and merges touching or overlapping intervals; a merged interval keeps a priority only when all parts agree. */
export function mergeIntervals(intervals: readonly MasterInterval[]): MasterInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: MasterInterval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && iv.start <= last.end) {
      last.end = Math.max(last.end, iv.end);
      if (last.priority !== iv.priority) last.priority = null;
    } else {
      out.push({ ...iv });
    }
  }
  return out;
}

/** Times covered by at least two of the interval lists (each list sorted and non-overlapping). */
export function overlapOf(lists: readonly (readonly Interval[])[]): Interval[] {
  const edges: { t: number; d: number }[] = [];
  for (const list of lists) {
    for (const iv of list) {
      if (iv.end <= iv.start) continue;
      edges.push({ t: iv.start, d: 1 }, { t: iv.end, d: -1 });
    }
  }
  // Ends before starts at the same instant: a hand-over at one instant is not an overlap.
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  const out: Interval[] = [];
  let depth = 0;
  let openedAt = 0;
  for (const e of edges) {
    const before = depth;
    depth += e.d;
    if (before < 2 && depth >= 2) openedAt = e.t;
    if (before >= 2 && depth < 2 && e.t > openedAt) {
      const last = out[out.length - 1];
      if (last !== undefined && last.end === openedAt) last.end = e.t;
      else out.push({ start: openedAt, end: e.t });
    }
  }
  return out;
}

export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (end > start) out.push({ start, end });
    }
  }
  return out.sort((p, q) => p.start - q.start);
}

function uniqueSorted(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
