/**
 * Turns the model and the findings into the `audit` document. Deterministic: everything is sorted, nothing depends
 * on the machine or the wall clock, so two runs on one capture give identical bytes.
 */
import type {
  NotJudgedDoc,
  AuditDocument,
  CarpDoc,
  FindingDoc,
  InputDoc,
  IpvsDoc,
  RouterDoc,
  RouterEventDoc,
  SpeakerDoc,
  StatsDoc,
} from './audit-document.js';
import { compareIp } from './model/router-tracker.js';
import type { SegmentModel } from './model/model.js';
import type { Speaker, VirtualRouter } from './model/types.js';
import type { AnalysisOptions } from './options.js';
import { TOOL_VERSION } from '../version.js';
import { annotateIpvs, annotateRouter } from './conf/document.js';
import { boundWarnings } from './bound-warnings.js';

export type RouterEventLog = Map<string, RouterEventDoc[]>;

export interface DocumentParts {
  options: AnalysisOptions;
  input: InputDoc;
  stats: StatsDoc;
  model: SegmentModel;
  /** In document order; read once, when the document is built or written. */
  findings: Iterable<FindingDoc>;
  events: RouterEventLog;
  eventCounts: Map<string, number>;
  notJudged?: NotJudgedDoc[];
  /** CARP groups, when the capture had any. */
  carp?: CarpDoc | undefined;
}

/** The document with its routers and findings produced one at a time, when read (for writing it out piece by piece). */
export type AuditDocumentStream = Omit<AuditDocument, 'routers' | 'findings'> & {
  routers: Iterable<RouterDoc>;
  findings: Iterable<FindingDoc>;
};

export function buildAuditDocument(parts: DocumentParts): AuditDocument {
  const stream = auditDocumentStream(parts);
  // Spread in document key order: routers before ipvs and findings, as the stream would be read.
  return { ...stream, routers: [...stream.routers], findings: [...stream.findings] };
}

/**
 * The same document, but each router's part is built only when the routers are read, so that a writer can let go of
 * one before the next is made (thousands of routers with their transitions and timelines would otherwise sit in
 * memory twice over). Read it once, after the analysis ended.
 */
export function auditDocumentStream(parts: DocumentParts): AuditDocumentStream {
  const sorted = [...parts.model.routers()].sort(compareRouters);
  const bounded = boundWarnings(parts.model.bounds());
  return {
    schemaVersion: 1,
    tool: { name: 'vrrp-inspect', version: TOOL_VERSION },
    profile: parts.options.profile,
    input: bounded.length > 0 ? { ...parts.input, warnings: [...parts.input.warnings, ...bounded] } : parts.input,
    stats: parts.stats,
    routers: mapLazily(sorted, (r) => routerDoc(r, parts)),
    ipvs: parts.options.keepalived ? annotateIpvs(ipvsDocs(parts.model), parts.options.keepalived, parts.model) : ipvsDocs(parts.model),
    findings: parts.findings,
    ...(parts.notJudged !== undefined && parts.notJudged.length > 0 ? { notJudged: parts.notJudged } : {}),
    ...(parts.carp ? { carp: parts.carp } : {}),
  };
}

function* mapLazily<A, B>(items: readonly A[], f: (a: A) => B): Generator<B> {
  for (const a of items) yield f(a);
}

export function compareRouters(a: VirtualRouter, b: VirtualRouter): number {
  return (
    a.iface - b.iface ||
    compareVlanStacks(a.vlanStack, b.vlanStack) ||
    a.family.localeCompare(b.family) ||
    a.vrid - b.vrid
  );
}

function compareVlanStacks(a: number[], b: number[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function routerDoc(r: VirtualRouter, parts: DocumentParts): RouterDoc {
  const speakers = [...r.speakers.values()].sort((a, b) => compareIp(a.ip, b.ip) || a.mac.localeCompare(b.mac));
  const reference = r.master ?? speakers[0];
  const vips = new Set<string>();
  for (const s of speakers) for (const v of s.vips) vips.add(v);
  const doc: RouterDoc = {
    key: r.key,
    iface: r.iface,
    vlan: r.vlan,
    ...(r.vlanStack.length > 1 ? { vlanStack: [...r.vlanStack] } : {}),
    family: r.family,
    vrid: r.vrid,
    version: reference?.version ?? Math.max(...r.versions),
    ...(r.versions.size > 1 ? { versions: [...r.versions].sort((a, b) => a - b) } : {}),
    vips: [...vips].sort(compareIp),
    intervalMs: reference?.advertisedIntervalMs ?? 0,
    speakers: speakers.map((s) => speakerDoc(s, r, parts)),
    master: r.master ? { ip: r.master.ip, mac: r.master.mac, since: r.masterSince ?? r.master.firstSeen } : null,
    failovers: r.failovers,
    transitions: Array.from(r.transitions, (t) => ({
      ts: t.ts,
      from: t.from ? { ip: t.from.ip } : null,
      to: { ip: t.to.ip },
      reason: t.reason,
      gapMs: t.gapMs,
      expectedGapMs: t.expectedGapMs,
      frames: t.frames,
    })),
  };
  const events = parts.events.get(r.key);
  if (events && events.length) {
    doc.events = events.map((e) => ({ ...e }));
    doc.eventCount = parts.eventCounts.get(r.key) ?? events.length;
  }
  if (parts.options.keepalived) annotateRouter(doc, r, parts.options.keepalived);
  return doc;
}

function speakerDoc(s: Speaker, r: VirtualRouter, parts: DocumentParts): SpeakerDoc {
  const doc: SpeakerDoc = {
    ip: s.ip,
    mac: s.mac,
    priorities: [...s.priorities],
    adverts: s.adverts,
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    checksumVariant: s.checksumVariant,
    version: s.version,
    intervalMs: s.advertisedIntervalMs,
    vips: [...s.vips],
    ttl: [...s.ttls].sort((a, b) => a - b),
    unicast: s.unicast,
  };
  // In the contract's order, so that the JSON writer can hand the router to JSON.stringify as it is (report/json.ts).
  if (s.authType !== undefined) doc.authType = s.authType;
  doc.activeIntervals = parts.model.routerTracker.activePeriods(r.key, s.id);
  return doc;
}

function ipvsDocs(model: SegmentModel): IpvsDoc[] {
  return [...model.ipvs()]
    .sort((a, b) => compareIp(a.vip, b.vip))
    .map((v) => {
      const directors = [...v.directors.values()].sort((a, b) => b.frames - a.frames || a.mac.localeCompare(b.mac));
      const main = directors[0];
      return {
        vip: v.vip,
        director: main ? { mac: main.mac, ...(main.ip ? { ip: main.ip } : {}) } : null,
        ...(directors.length > 1 ? { directors: directors.map((d) => ({ mac: d.mac, frames: d.frames })) } : {}),
        realServers: [...v.realServers.values()]
          .sort((a, b) => a.method.localeCompare(b.method) || (a.mac ?? a.ip ?? '').localeCompare(b.mac ?? b.ip ?? ''))
          .map((rs) => ({ ...rs })),
      };
    });
}
