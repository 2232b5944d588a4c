/**
 * The reception matrix of a merged analysis (several captures of one segment, `audit --merge`): per virtual router and
 * speaker, which vantage points captured each of its adverts. Kept as runs of consecutive adverts seen / missed per
 * vantage point, so "over time" costs memory per change of state, not per advert (and at most MAX_RUNS per cell).
 *
 * An advert counts for a vantage point only while that capture was running (its aligned first..last timestamp): a
 * capture started later did not miss what came before it. A capture that could not be aligned counts for nothing.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import type { Speaker, VirtualRouter } from '../model/types.js';

/** Runs kept per cell; beyond it the last run absorbs the rest (its `mixed` flag says so). */
const MAX_RUNS = 500;

export interface Vantage {
  /** The name given on the command line (`name=path`) or the file's base name. */
  name: string;
  /** Aligned capture span (reference clock, seconds); adverts outside it are neither seen nor missed here. */
  firstTs: number;
  lastTs: number;
  /** The speaker IP this capture was taken on (its own view), when known. */
  hostIp: string | null;
  /**
   * False when the capture shares no frame with the others, so its clock could not be aligned: probably another
   * segment, and nothing it lacks says anything about loss. Such a vantage point is left out of the matrix.
   */
  aligned: boolean;
}

export interface ReceptionRun {
  seen: boolean;
  start: number;
  end: number;
  adverts: number;
  firstFrame: number;
  lastFrame: number;
  /** Set once the run cap was hit: the run then also covers adverts of the other kind. */
  mixed?: boolean;
}

export interface ReceptionCell {
  vantage: number;
  /** Adverts of the speaker within this vantage point's span (seen by some vantage point). */
  total: number;
  seen: number;
  runs: ReceptionRun[];
}

export interface SpeakerReception {
  router: VirtualRouter;
  speaker: Speaker;
  cells: ReceptionCell[];
}

export class ReceptionMatrix {
  private readonly rows = new Map<string, SpeakerReception>();

  constructor(readonly vantages: readonly Vantage[]) {}

  /** Records one advert: which vantage points captured it (`frame.seenBy`). Frames without it are ignored. */
  observe(router: VirtualRouter, speaker: Speaker, frame: FrameInfo): void {
    const seenBy = frame.seenBy;
    if (!seenBy) return;
    const key = `${router.key}|${speaker.id}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { router, speaker, cells: this.vantages.map((_, vantage) => ({ vantage, total: 0, seen: 0, runs: [] })) };
      this.rows.set(key, row);
    }
    for (const cell of row.cells) {
      const v = this.vantages[cell.vantage];
      if (!v || !v.aligned || frame.ts < v.firstTs || frame.ts > v.lastTs) continue;
      const seen = seenBy.some((s) => s.vantage === cell.vantage);
      cell.total += 1;
      if (seen) cell.seen += 1;
      const last = cell.runs[cell.runs.length - 1];
      if (last && (last.seen === seen || cell.runs.length >= MAX_RUNS)) {
        if (last.seen !== seen) last.mixed = true;
        last.end = frame.ts;
        last.adverts += 1;
        last.lastFrame = frame.frame;
      } else {
        cell.runs.push({ seen, start: frame.ts, end: frame.ts, adverts: 1, firstFrame: frame.frame, lastFrame: frame.frame });
      }
    }
  }

  /** The cells of one speaker, or undefined before its first merged advert. */
  of(router: VirtualRouter, speaker: Speaker): SpeakerReception | undefined {
    return this.rows.get(`${router.key}|${speaker.id}`);
  }

  all(): Iterable<SpeakerReception> {
    return this.rows.values();
  }

  /**
   * Adverts of `speaker` that vantage point `vantage` saw between `from` and `to` (inclusive), out of those in its span.
   * Runs only partly inside the window are counted in proportion to their overlap.
   */
  share(router: VirtualRouter, speaker: Speaker, vantage: number, from: number, to: number): { seen: number; total: number } {
    const cell = this.of(router, speaker)?.cells[vantage];
    let seen = 0;
    let total = 0;
    for (const run of cell?.runs ?? []) {
      if (run.end < from || run.start > to) continue;
      const span = run.end - run.start;
      const inside = span <= 0 ? 1 : (Math.min(run.end, to) - Math.max(run.start, from)) / span;
      const adverts = Math.max(1, Math.round(run.adverts * inside));
      total += adverts;
      if (run.seen) seen += adverts;
    }
    return { seen, total };
  }

  /** `192.0.2.12's own capture` or `192.0.2.12's own capture (node2.pcap)`: how messages name a host's vantage point. */
  ownCaptureLabel(vantage: number): string {
    const v = this.vantages[vantage];
    if (!v?.hostIp) return `vantage point ${v?.name ?? vantage}`;
    return v.name === v.hostIp ? `${v.hostIp}'s own capture` : `${v.hostIp}'s own capture (${v.name})`;
  }

  /** Index of the vantage point taken on the host with this IP (its own capture), or -1. */
  vantageOfHost(ip: string): number {
    return this.vantages.findIndex((v) => v.hostIp === ip);
  }
}
