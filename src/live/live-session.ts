/**
 * One `live` run: frames from a source go through the same AnalysisPipeline as `audit`, incrementally; a timer ticks
 * the engine so that silence is detected on time, emits `stats` every 10 s and lets the board refresh; on stop (signal,
 * --duration, --count, end of input, capture failure) the run ends with the audit document of everything seen.
 */
import type { CaptureDoc, FindingDoc, InputDoc, StatsDoc } from '../analysis/audit-document.js';
import { compareRouters } from '../analysis/build-document.js';
import type { VirtualRouter } from '../analysis/model/types.js';
import type { AnalysisOptions } from '../analysis/options.js';
import type { RuleDefinition } from '../analysis/rule.js';
import type { AuditDocument } from '../analysis/audit-document.js';
import { readCapture } from '../capture/open-capture.js';
import type { CaptureSummary, FrameSink, RawFrame } from '../capture/raw-frame.js';
import { VrrpInspectError, LiveCaptureError } from '../errors.js';
import { AnalysisPipeline } from '../pipeline/analysis-pipeline.js';
import {
  findingClosedEvent,
  findingEvent,
  masterChangeEvent,
  routerEvent,
  statsEvent,
  type LiveEvent,
} from './live-events.js';
import { DropLedger } from './drop-ledger.js';
import type { LiveSource, LiveStream } from './live-source.js';
import type { PcapngFileWriter } from './pcapng-file-writer.js';

export type StopReason = 'signal' | 'duration' | 'count' | 'end-of-input' | 'error';

/** What the board and the metrics read: a snapshot of the run, built on demand. */
export interface LiveView {
  source: string;
  /** Capture-time clock (seconds), null before the first frame. */
  now: number | null;
  frames: number;
  stats: StatsDoc;
  /** Frames lost (kernel + vrrp-inspect), null while the kernel's count is unknown: `capture.drops`. */
  drops: number | null;
  /** The engine, the interfaces and the drop counts. */
  capture: CaptureDoc;
  routers: VirtualRouter[];
  openFindings: readonly FindingDoc[];
}

export interface LiveObserver {
  /**
   * router, master-change, finding, finding-closed and stats events, as they happen, with the state right after the
   * event (so that a board redrawn below the event line never contradicts it).
   */
  event?(event: LiveEvent, view: () => LiveView): void;
  /** Called on every clock tick (several times a second); observers throttle themselves. */
  refresh?(view: LiveView): void;
}

export interface LiveSessionConfig {
  source: LiveSource;
  analysis: AnalysisOptions;
  rules: readonly RuleDefinition[];
  guePorts: ReadonlySet<number>;
  observers: readonly LiveObserver[];
  /** Stop after this many seconds of wall time. */
  durationS?: number;
  /** Stop after this many frames. */
  count?: number;
  writer?: PcapngFileWriter;
  /** Engine tick period (ms); default 200. */
  tickMs?: number;
  /** `stats` event period (ms); default 10 000 (output contract). */
  statsMs?: number;
  /**
   * Asked between chunks of the source: a promise pauses reading until the observers' output drained (a slow pipe
   * reader). A live interface then drops in the kernel, counted as drops, instead of growing this process.
   */
  backpressure?: () => Promise<void> | undefined;
}

export interface LiveResult {
  document: AuditDocument;
  reason: StopReason;
  /** Set when the run ended because something failed (interface gone, unreadable stream). */
  error: VrrpInspectError | null;
  /** Capture-time end of the run (seconds). */
  endTs: number;
}

const DEFAULT_TICK_MS = 200;
const DEFAULT_STATS_MS = 10_000;
/** After a stop, how long the capture child may take to flush what it still holds. */
const STOP_DRAIN_MS = 2000;
/** How long to wait for a source to report how it ended. */
const SOURCE_END_WAIT_MS = 5000;

export class LiveSession {
  private readonly pipeline: AnalysisPipeline;
  private readonly openFindings = new Set<FindingDoc>();
  private readonly abort = new AbortController();
  private readonly linkTypes: number[] = [];
  private firstTsMicros: number | null = null;
  private lastTsMicros: number | null = null;
  private stopReason: StopReason | null = null;
  /** Set when a stream ended by itself (end of stdin, a capture program gone) rather than because of stop(). */
  private endedBySource = false;
  private readonly drops: DropLedger;
  private failure: VrrpInspectError | null = null;
  private finished = false;
  private started = false;

  constructor(private readonly config: LiveSessionConfig) {
    this.drops = new DropLedger(config.source);
    const emit = (event: LiveEvent): void => {
      for (const o of config.observers) o.event?.(event, () => this.view());
    };
    this.pipeline = new AnalysisPipeline({
      analysis: config.analysis,
      rules: config.rules,
      guePorts: config.guePorts,
      listener: {
        router: (router, ts) => emit(routerEvent(router, ts)),
        masterChange: (router, transition) => emit(masterChangeEvent(router, transition)),
        opened: (finding) => {
          this.openFindings.add(finding);
          emit(findingEvent(this.drops.annotate(finding)));
        },
        closed: (finding, ts) => {
          this.openFindings.delete(finding);
          emit(findingClosedEvent(finding, ts));
        },
      },
    });
  }

  /** Ends the run (idempotent): the source stops, frames it still holds are analysed, then `run()` resolves. */
  stop(reason: StopReason = 'signal'): void {
    if (this.stopReason !== null) return;
    this.stopReason = reason;
    this.config.source.stop();
    if (this.config.source.endsOnStop) setTimeout(() => this.abort.abort(), STOP_DRAIN_MS).unref();
    else this.abort.abort();
  }

  view(): LiveView {
    const engine = this.pipeline.engine;
    const capture = this.drops.doc();
    return {
      source: this.config.source.name,
      now: this.config.source.clock.now(),
      frames: this.pipeline.frames,
      stats: { frames: this.pipeline.frames, ...engine.stats },
      drops: capture.drops,
      capture,
      routers: [...engine.model.routers()].sort(compareRouters),
      openFindings: [...this.openFindings],
    };
  }

  /** For `/healthz`: healthy while the capture runs, i.e. after run() started and before a stop or a failure. */
  health(): { ok: boolean; status: string } {
    const frames = this.pipeline.frames;
    if (this.failure !== null) return { ok: false, status: `capture failed: ${this.failure.message}` };
    if (this.stopReason !== null || this.finished) return { ok: false, status: `capture stopped (${this.stopReason ?? 'finished'})` };
    if (!this.started) return { ok: false, status: 'capture starting' };
    return { ok: true, status: `capturing on ${this.config.source.name}, ${frames} frames` };
  }

  async run(): Promise<LiveResult> {
    const { source } = this.config;
    this.started = true;
    const timers: NodeJS.Timeout[] = [
      setInterval(() => this.guard(() => this.tick()), this.config.tickMs ?? DEFAULT_TICK_MS),
      setInterval(() => this.guard(() => this.emitStats()), this.config.statsMs ?? DEFAULT_STATS_MS),
    ];
    for (const t of timers) t.unref();
    const duration =
      this.config.durationS !== undefined ? setTimeout(() => this.stop('duration'), this.config.durationS * 1000) : undefined;

    let summaries: Array<CaptureSummary | null>;
    try {
      summaries = await Promise.all(source.streams.map((s) => this.readStream(s)));
    } finally {
      for (const t of timers) clearInterval(t);
      if (duration) clearTimeout(duration);
    }
    const endedBySource = this.endedBySource;
    const sourceError = await waitAtMost(source.ended, SOURCE_END_WAIT_MS);
    // A capture program that died explains whatever its stream looked like (empty, cut): its error is the one to report.
    if (sourceError) this.failure = sourceError;

    // A stop by the user means "observed until now": silence up to this moment counts. A stream that ended was
    // observed until its last frame only.
    if (!endedBySource) this.tick();
    this.finished = true;
    this.config.writer?.close();
    const endTs = this.pipeline.engine.now();
    // The last counts (dumpcap's statistics blocks, tcpdump's exit counters) arrive as the engine stops.
    this.drops.sample(Number.isFinite(endTs) ? endTs : Date.now() / 1000);
    const document = this.pipeline.finish(this.inputDoc(summaries));
    document.findings = document.findings.map((f) => this.drops.annotate(f));
    return {
      document,
      reason: this.failure ? 'error' : (this.stopReason ?? 'end-of-input'),
      error: this.failure,
      endTs: Number.isFinite(endTs) ? endTs : Date.now() / 1000,
    };
  }

  /** Reads one stream to its end (or the stop); the first stream to end by itself ends the run. */
  private async readStream(s: LiveStream): Promise<CaptureSummary | null> {
    const source = this.config.source;
    try {
      return await readCapture({ kind: 'stream', stream: s.stream, name: source.name }, this.sinkFor(s), {
        signal: this.abort.signal,
        backpressure: this.config.backpressure,
        onStatistics: (statistics) => this.drops.noteStatistics(s.ifaceBase, statistics),
      });
    } catch (error) {
      // Aborting before the stream's header arrived rejects with the abort reason: a stop, not a failure.
      if (!(this.abort.signal.aborted && error === this.abort.signal.reason)) this.fail(error);
      return null;
    } finally {
      if (this.stopReason === null) {
        this.endedBySource = true;
        // The others are stopped; a lone stream's source is left alone, so that it reports why it ended (interface gone).
        if (source.streams.length > 1) this.stop('end-of-input');
        else this.stopReason = 'end-of-input';
      }
    }
  }

  /** Frames of several streams get run-wide interface numbers and, interleaved, run-wide frame numbers. */
  private sinkFor(s: LiveStream): FrameSink {
    if (this.config.source.streams.length === 1 && s.ifaceBase === 0) return this.sink;
    return (raw) => {
      // The reader reuses its frame object (and may not set iface again): restore what it gave.
      const iface = raw.iface;
      raw.iface = iface + s.ifaceBase;
      raw.index = this.pipeline.frames + 1;
      this.sink(raw);
      raw.iface = iface;
    };
  }

  private readonly sink = (raw: RawFrame): void => {
    const count = this.config.count;
    // Frames past --count in the same chunk are neither analysed nor written.
    if (count !== undefined && this.pipeline.frames >= count) return;
    if (!this.linkTypes.includes(raw.linkType)) this.linkTypes.push(raw.linkType);
    if (this.firstTsMicros === null) this.firstTsMicros = raw.tsMicros;
    if (this.lastTsMicros === null || raw.tsMicros > this.lastTsMicros) this.lastTsMicros = raw.tsMicros;
    this.config.writer?.write(raw);
    this.config.source.clock.noteFrame(raw.tsMicros / 1e6);
    this.pipeline.onFrame(raw);
    if (count !== undefined && this.pipeline.frames >= count) this.stop('count');
  };

  private tick(): void {
    if (this.finished) return;
    const now = this.config.source.clock.now();
    if (now !== null) this.pipeline.engine.tick(now);
    this.config.source.poll();
    this.drops.sample(now ?? Date.now() / 1000);
    this.config.writer?.flush();
    const observers = this.config.observers.filter((o) => o.refresh);
    if (observers.length === 0) return;
    const view = this.view();
    for (const o of observers) o.refresh?.(view);
  }

  private emitStats(): void {
    const engine = this.pipeline.engine;
    const ts = this.config.source.clock.now() ?? Date.now() / 1000;
    const event = statsEvent(ts, { frames: this.pipeline.frames, ...engine.stats }, this.drops.doc(), engine.model.routers());
    for (const o of this.config.observers) o.event?.(event, () => this.view());
  }

  /** Timer callbacks must not throw (that would kill the process before the report): a failure ends the run. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.fail(error);
      this.stop('error');
    }
  }

  private fail(error: unknown): void {
    if (this.failure !== null) return;
    this.failure =
      error instanceof VrrpInspectError
        ? error
        : new LiveCaptureError('capture-failed', `live capture failed: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error,
          });
  }

  private inputDoc(summaries: ReadonlyArray<CaptureSummary | null>): InputDoc {
    return {
      source: this.config.source.name,
      format: 'live',
      linkTypes: [...this.linkTypes],
      frames: this.pipeline.frames,
      firstTs: this.firstTsMicros === null ? null : this.firstTsMicros / 1e6,
      lastTs: this.lastTsMicros === null ? null : this.lastTsMicros / 1e6,
      warnings: summaries.flatMap((summary) => (summary?.warnings ?? []).map((w) => ({ ...w }))),
      capture: this.drops.doc(),
    };
  }
}

async function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
