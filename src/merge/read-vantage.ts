/**
 * Reads the captures of a merged analysis, twice each, so that memory does not grow with their length:
 *
 * 1. scanVantage: decodes every frame and runs the model alone over them (this vantage point's own view: who
 *    advertised, who was master, seen from here, and the VIPs the decoder needs for IPVS traffic), and keeps what the
 *    clock estimate needs in a bounded sample (clock-sample.ts). A stream (stdin) is copied on the way to a temporary
 *    file that no folder lists (see Spool), since it cannot be read again.
 * 2. replayMerged: reads all the captures again at once, decodes each as the first pass did (the VIPs it knew at each
 *    frame are replayed, so a frame decodes the same both times), moves every timestamp onto the reference clock and
 *    hands the frames to the merger in aligned-time order. Each capture's reader waits while its own queue is long, so
 *    what is held is a few chunks per capture.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptureSummary, RawFrame } from '../capture/raw-frame.js';
import { readCapture, type CaptureInput } from '../capture/open-capture.js';
import { AnalysisEngine } from '../analysis/engine.js';
import type { AnalysisOptions } from '../analysis/options.js';
import { createDecodeOptions, decodeFrame } from '../decoders/decode-frame.js';
import { fileError } from '../system-errors.js';
import { ClockSample } from './clock-sample.js';
import { Fifo } from '../analysis/model/fifo.js';
import { toReference, type ClockModel } from './clock-offset.js';
import { frameFingerprint, fingerprintKey } from './fingerprint.js';
import { compareAligned, type AlignedFrame, type FrameMerger } from './merge-frames.js';

export interface VantageSource {
  name: string;
  /** File base name (or `stdin`), as input.source shows it. */
  source: string;
  input: CaptureInput;
}

/** VIPs the first pass's decoder knew from record `fromIndex` on (learned from the frame before it). */
interface VipsLearned {
  fromIndex: number;
  vips4: number[];
  vips6: string[];
}

export interface VantageCapture {
  source: VantageSource;
  summary: CaptureSummary;
  /** The model over this capture alone (no rules). */
  view: AnalysisEngine;
  /** Frames of interest decoded. */
  relevant: number;
  /** What the clock estimate looks at. */
  sample: ClockSample;
  /** What the second pass reads: the file itself, or the copy of a stream. */
  replay: CaptureInput;
  vipsLearned: VipsLearned[];
  /** Frees the copy of a stream, if any. */
  dispose(): void;
}

export async function scanVantage(
  source: VantageSource,
  analysis: AnalysisOptions,
  guePorts: ReadonlySet<number>,
  signal?: AbortSignal,
): Promise<VantageCapture> {
  const view = new AnalysisEngine(analysis, []);
  const decode = createDecodeOptions({ showSecrets: analysis.showSecrets, guePorts, vips4: view.vips4, vips6: view.vips6 });
  const sample = new ClockSample();
  const vipsLearned: VipsLearned[] = [];
  const spool = source.input.kind === 'stream' ? Spool.create(source.input.name) : null;
  const input: CaptureInput = spool && source.input.kind === 'stream' ? { ...source.input, stream: spool.tee(source.input.stream) } : source.input;
  let relevant = 0;
  try {
    const summary = await readCapture(
      input,
      (raw) => {
        const frame = decodeFrame(raw, decode);
        if (!frame) return view.advanceClock(raw.tsMicros / 1e6);
        relevant++;
        sample.add(frame.ts, fingerprintKey(frameFingerprint(frame)));
        const known4 = view.vips4.size;
        const known6 = view.vips6.size;
        view.push(frame);
        if (view.vips4.size !== known4 || view.vips6.size !== known6) {
          // Sets iterate in insertion order: what this frame taught is at the end.
          vipsLearned.push({ fromIndex: raw.index + 1, vips4: [...view.vips4].slice(known4), vips6: [...view.vips6].slice(known6) });
        }
      },
      signal ? { signal } : {},
    );
    view.end();
    const replay: CaptureInput = spool ? spool.finished() : source.input;
    return { source, summary, view, relevant, sample, replay, vipsLearned, dispose: () => spool?.remove() };
  } catch (e) {
    spool?.remove();
    throw e;
  }
}

/** One capture's decoded frames waiting for the merge, and its reader waiting for the queue to empty. */
interface Lane {
  queue: Fifo<AlignedFrame>;
  done: boolean;
  resume: (() => void) | null;
}

/** A reader stops (between two chunks of its input) once this many of its frames wait. */
const QUEUE_HIGH = 4096;

/**
 * Reads every capture again and feeds `merger` their frames in aligned-time order (each capture's own order: the
 * merge does not sort within a capture). Resolves when every capture is read or `signal` stopped the reading.
 */
export async function replayMerged(
  captures: readonly VantageCapture[],
  clocks: readonly ClockModel[],
  analysis: AnalysisOptions,
  guePorts: ReadonlySet<number>,
  merger: FrameMerger,
  signal?: AbortSignal,
): Promise<void> {
  const lanes: Lane[] = captures.map(() => ({ queue: new Fifo<AlignedFrame>(), done: false, resume: null }));
  const pump = (): void => {
    for (;;) {
      let next: Lane | null = null;
      let first: AlignedFrame | undefined;
      for (const lane of lanes) {
        const head = lane.queue.peek();
        if (head !== undefined) {
          if (first === undefined || compareAligned(head, first) < 0) {
            next = lane;
            first = head;
          }
        } else if (!lane.done) {
          return; // its next frame may come first
        }
      }
      if (next === null) return;
      merger.add(next.queue.shift() as AlignedFrame);
      if (next.queue.length === 0) {
        next.resume?.();
        next.resume = null;
      }
    }
  };
  await Promise.all(
    captures.map(async (capture, vantage) => {
      const lane = lanes[vantage] as Lane;
      const clock = clocks[vantage] as ClockModel;
      const decode = replayDecoder(capture, analysis, guePorts);
      try {
        await readCapture(
          capture.replay,
          (raw) => {
            const frame = decode(raw);
            if (!frame) return;
            lane.queue.push({ ts: toReference(clock, frame.ts), vantage, frame, print: frameFingerprint(frame) });
          },
          {
            ...(signal ? { signal } : {}),
            backpressure: () => {
              pump();
              return lane.queue.length > QUEUE_HIGH ? new Promise<void>((resolve) => (lane.resume = resolve)) : undefined;
            },
          },
        );
      } finally {
        lane.done = true;
      }
      pump();
    }),
  );
}

/** The first pass's decoder again: the same options, with each VIP known from the frame it was known from before. */
function replayDecoder(capture: VantageCapture, analysis: AnalysisOptions, guePorts: ReadonlySet<number>): (raw: RawFrame) => ReturnType<typeof decodeFrame> {
  const vips4 = new Set<number>();
  const vips6 = new Set<string>();
  const options = createDecodeOptions({ showSecrets: analysis.showSecrets, guePorts, vips4, vips6 });
  const learned = capture.vipsLearned;
  let next = 0;
  return (raw) => {
    for (; next < learned.length && (learned[next] as VipsLearned).fromIndex <= raw.index; next++) {
      const vips = learned[next] as VipsLearned;
      for (const v of vips.vips4) vips4.add(v);
      for (const v of vips.vips6) vips6.add(v);
    }
    return decodeFrame(raw, options);
  };
}

/**
 * A private copy of a stream, for the second pass: a file in a fresh temporary folder, opened for writing and for
 * reading, then removed at once, so that nothing is left behind however the process ends (the data lives until both
 * descriptors are closed).
 */
class Spool {
  private writeFd: number | null;
  private readFd: number | null;

  private constructor(
    private readonly name: string,
    fds: { write: number; read: number },
  ) {
    this.writeFd = fds.write;
    this.readFd = fds.read;
  }

  static create(name: string): Spool {
    let dir: string | null = null;
    try {
      dir = mkdtempSync(join(tmpdir(), 'vrrp-inspect-merge-'));
      const path = join(dir, 'capture');
      const write = openSync(path, 'wx', 0o600);
      const read = openSync(path, 'r');
      return new Spool(name, { write, read });
    } catch (e) {
      throw fileError('write', `a copy of ${name} in ${tmpdir()}`, e);
    } finally {
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The stream's chunks as they come, each written to the copy first. */
  async *tee(stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      try {
        for (let done = 0; done < bytes.length; ) done += writeSync(this.writeFd as number, bytes, done);
      } catch (e) {
        throw fileError('write', `a copy of ${this.name} in ${tmpdir()}`, e);
      }
      yield bytes;
    }
  }

  /** The copy, complete, to read from its start. */
  finished(): CaptureInput {
    if (this.writeFd !== null) closeSync(this.writeFd);
    this.writeFd = null;
    return { kind: 'open-file', fd: this.readFd as number, name: this.name };
  }

  remove(): void {
    for (const fd of [this.writeFd, this.readFd]) {
      if (fd === null) continue;
      try {
        closeSync(fd);
      } catch {
        // Closed already: nothing is left to free.
      }
    }
    this.writeFd = null;
    this.readFd = null;
  }
}
