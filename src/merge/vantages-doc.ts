/** The `vantages` section of a merged audit document (docs/output-contract.md). Deterministic, sorted like `routers`. */
import type { ReceptionDoc, VantagePointDoc, VantagesDoc } from '../analysis/audit-document.js';
import { compareRouters } from '../analysis/build-document.js';
import { compareIp } from '../analysis/model/router-tracker.js';
import type { ReceptionMatrix, Vantage } from '../analysis/vantages/reception-matrix.js';
import { toReference, type ClockModel, type OffsetEstimate } from './clock-offset.js';
import type { VantageCapture } from './read-vantage.js';

export interface VantagesParts {
  captures: readonly VantageCapture[];
  vantages: readonly Vantage[];
  estimates: readonly (OffsetEstimate | null)[];
  onlyHere: readonly number[];
  matrix: ReceptionMatrix;
  windowS: number;
  /** The clock estimate looked at the frames whose fingerprint key is a multiple of 2^sampleLevel (clock-sample.ts). */
  sampleLevel: number;
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

export function vantagesDoc(parts: VantagesParts): VantagesDoc {
  return {
    reference: parts.vantages[0]?.name ?? '',
    windowMs: parts.windowS * 1000,
    points: parts.captures.map((c, i) => pointDoc(c, i, parts)),
    reception: receptionDocs(parts),
  };
}

function pointDoc(c: VantageCapture, i: number, parts: VantagesParts): VantagePointDoc {
  const e = parts.estimates[i] ?? null;
  const v = parts.vantages[i];
  const clock: ClockModel = e ?? { offsetS: 0, driftPpm: 0, anchorTs: 0 };
  return {
    name: c.source.name,
    source: c.source.source,
    format: c.summary.format,
    frames: c.summary.frames,
    relevant: c.relevant,
    onlyHere: parts.onlyHere[i] ?? 0,
    // Microsecond timestamps: the offset is exact to the microsecond at best.
    offsetS: e ? round(e.offsetS, 6) : null,
    driftPpm: e ? round(e.driftPpm, 3) : null,
    ...(e && e.driftPpm !== 0 ? { offsetAtTs: round(e.anchorTs, 6) } : {}),
    matched: e?.matched ?? 0,
    ...(parts.sampleLevel > 0 && i > 0 ? { matchedOneIn: 2 ** parts.sampleLevel } : {}),
    residualMs: e && i > 0 ? round(e.residualS * 1000, 3) : e ? 0 : null,
    firstTs: v && Number.isFinite(v.firstTs) ? round(v.firstTs, 6) : null,
    lastTs: v && Number.isFinite(v.lastTs) ? round(v.lastTs, 6) : null,
    host: v?.hostIp ? { ip: v.hostIp } : null,
    view: [...c.view.model.routers()].sort(compareRouters).map((r) => ({
      router: r.key,
      vrid: r.vrid,
      family: r.family,
      speakers: [...r.speakers.values()]
        .sort((a, b) => compareIp(a.ip, b.ip) || a.mac.localeCompare(b.mac))
        .map((s) => ({
          ip: s.ip,
          mac: s.mac,
          adverts: s.adverts,
          master: c.view.model.routerTracker
            .activePeriods(r.key, s.id)
            .filter((p) => p.priority > 0)
            .map((p) => ({ start: round(toReference(clock, p.start), 6), end: round(toReference(clock, p.end), 6) })),
          announcements: (c.view.events.get(r.key) ?? []).filter((e) => e.kind !== 'priority-zero' && e.mac === s.mac).length,
        })),
    })),
  };
}

function receptionDocs(parts: VantagesParts): ReceptionDoc[] {
  const byRouter = new Map<string, ReceptionDoc & { sortRouter: Parameters<typeof compareRouters>[0] }>();
  for (const row of parts.matrix.all()) {
    const r = row.router;
    let doc = byRouter.get(r.key);
    if (!doc) {
      doc = { sortRouter: r, router: r.key, vrid: r.vrid, family: r.family, vlan: r.vlan, speakers: [] };
      byRouter.set(r.key, doc);
    }
    doc.speakers.push({
      ip: row.speaker.ip,
      mac: row.speaker.mac,
      adverts: row.speaker.adverts,
      vantages: row.cells.map((cell) => ({
        vantage: parts.vantages[cell.vantage]?.name ?? '',
        total: cell.total,
        seen: cell.seen,
        share: cell.total > 0 ? round(cell.seen / cell.total, 3) : null,
        missed: cell.runs
          .filter((run) => !run.seen)
          .map((run) => ({ start: run.start, end: run.end, adverts: run.adverts, firstFrame: run.firstFrame, lastFrame: run.lastFrame })),
      })),
    });
  }
  return [...byRouter.values()]
    .sort((a, b) => compareRouters(a.sortRouter, b.sortRouter))
    .map(({ sortRouter: _router, ...doc }) => ({
      ...doc,
      speakers: doc.speakers.sort((a, b) => compareIp(a.ip, b.ip) || a.mac.localeCompare(b.mac)),
    }));
}
