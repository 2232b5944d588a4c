/**
 * The `live --format jsonl` event stream (docs/output-contract.md): one JSON object per line, each with `event`, `ts`
 * (seconds, microsecond precision) and `time` (ISO 8601 UTC with microseconds, as `decode` prints it). Builders take the
 * engine's live objects and copy what they need: the model keeps mutating them after the event.
 */
import type { AuditDocument, CaptureDoc, Family, FindingDoc, StatsDoc, TransitionReason } from '../analysis/audit-document.js';
import { compareRouters } from '../analysis/build-document.js';
import type { Transition, VirtualRouter } from '../analysis/model/types.js';
import { formatIsoMicros } from '../decoders/format.js';

interface EventBase {
  ts: number;
  time: string;
}

interface RouterIdentity {
  /** The router key, as `router` in findings and `key` in the audit document. */
  router: string;
  vrid: number;
  vlan: number | null;
  family: Family;
}

export interface RouterEvent extends EventBase, RouterIdentity {
  event: 'router';
  iface: number;
  vlanStack?: number[];
  version: number;
  intervalMs: number;
  vips: string[];
  /** The speaker whose advert revealed the router. */
  speaker: { ip: string; mac: string; priority: number };
}

export interface MasterChangeEvent extends EventBase, RouterIdentity {
  event: 'master-change';
  from: { ip: string; mac: string } | null;
  to: { ip: string; mac: string; priority: number };
  reason: TransitionReason;
  gapMs: number | null;
  expectedGapMs: number | null;
  frames: number[];
  failovers: number;
}

export interface FindingEvent extends EventBase, FindingDoc {
  event: 'finding';
}

export interface FindingClosedEvent extends EventBase {
  event: 'finding-closed';
  rule: string;
  severity: FindingDoc['severity'];
  title: string;
  router: string | null;
  vrid: number | null;
  vlan: number | null;
  family: Family | null;
  subjects: FindingDoc['subjects'];
  firstTs: number;
  lastTs: number;
}

export interface RouterStats extends RouterIdentity {
  master: string | null;
  adverts: number;
  failovers: number;
}

export interface StatsEvent extends EventBase, StatsDoc {
  event: 'stats';
  /** Frames lost so far (kernelDrops + toolDrops); null while the kernel's count is unknown. */
  drops: number | null;
  /** tcpdump, dumpcap, cap, or stream (`live -`). */
  engine: string;
  /** Frames libpcap's kernel buffer dropped; null when the engine cannot tell (cap) or has not told yet (dumpcap: at its stop). */
  kernelDrops: number | null;
  /** Frames vrrp-inspect discarded itself because it fell behind. */
  toolDrops: number;
  routers: RouterStats[];
}

export interface SummaryEvent extends EventBase, AuditDocument {
  event: 'summary';
}

export type LiveEvent = RouterEvent | MasterChangeEvent | FindingEvent | FindingClosedEvent | StatsEvent | SummaryEvent;

function stamp(ts: number): EventBase {
  return { ts: roundMicros(ts), time: formatIsoMicros(ts * 1e6) };
}

/** Seconds with exactly microsecond precision (no 0.30000000000000004 in the output). */
function roundMicros(ts: number): number {
  return Math.round(ts * 1e6) / 1e6;
}

function identity(router: VirtualRouter): RouterIdentity {
  return { router: router.key, vrid: router.vrid, vlan: router.vlan, family: router.family };
}

export function routerEvent(router: VirtualRouter, ts: number): RouterEvent {
  const speakers = [...router.speakers.values()];
  const first = speakers.reduce<(typeof speakers)[number] | undefined>((a, s) => (a && a.firstSeen <= s.firstSeen ? a : s), undefined);
  return {
    event: 'router',
    ...stamp(ts),
    ...identity(router),
    iface: router.iface,
    ...(router.vlanStack.length > 1 ? { vlanStack: [...router.vlanStack] } : {}),
    version: first?.version ?? Math.max(0, ...router.versions),
    intervalMs: first?.intervalMs ?? 0,
    vips: [...(first?.vips ?? [])],
    speaker: { ip: first?.ip ?? '', mac: first?.mac ?? '', priority: first?.lastPriority ?? 0 },
  };
}

export function masterChangeEvent(router: VirtualRouter, t: Transition): MasterChangeEvent {
  return {
    event: 'master-change',
    ...stamp(t.ts),
    ...identity(router),
    from: t.from ? { ip: t.from.ip, mac: t.from.mac } : null,
    to: { ip: t.to.ip, mac: t.to.mac, priority: t.to.lastPriority },
    reason: t.reason,
    gapMs: t.gapMs,
    expectedGapMs: t.expectedGapMs,
    frames: [...t.frames],
    failovers: router.failovers,
  };
}

export function findingEvent(doc: FindingDoc): FindingEvent {
  return {
    event: 'finding',
    ...stamp(doc.lastTs),
    ...doc,
    subjects: structuredClone(doc.subjects),
    frames: [...doc.frames].sort((a, b) => a - b),
  };
}

export function findingClosedEvent(doc: FindingDoc, ts: number): FindingClosedEvent {
  return {
    event: 'finding-closed',
    ...stamp(ts),
    rule: doc.rule,
    severity: doc.severity,
    title: doc.title,
    router: doc.router,
    vrid: doc.vrid,
    vlan: doc.vlan,
    family: doc.family,
    subjects: structuredClone(doc.subjects),
    firstTs: doc.firstTs,
    lastTs: doc.lastTs,
  };
}

export function statsEvent(ts: number, stats: StatsDoc, capture: CaptureDoc, routers: Iterable<VirtualRouter>): StatsEvent {
  const list: RouterStats[] = [];
  for (const r of [...routers].sort(compareRouters)) {
    let adverts = 0;
    for (const s of r.speakers.values()) adverts += s.adverts;
    list.push({ ...identity(r), master: r.master?.ip ?? null, adverts, failovers: r.failovers });
  }
  const { drops, engine, kernelDrops, toolDrops } = capture;
  return { event: 'stats', ...stamp(ts), ...stats, drops, engine, kernelDrops, toolDrops, routers: list };
}

export function summaryEvent(ts: number, doc: AuditDocument): SummaryEvent {
  return { event: 'summary', ...stamp(ts), ...doc };
}

/** One line of the stream: `event` first, then the `sensor` that saw it, then the event's own fields. */
export function formatEventLine(event: LiveEvent, sensor: string): string {
  const { event: kind, ...fields } = event;
  return `${JSON.stringify({ event: kind, sensor, ...fields })}\n`;
}
