/**
 * Where live frames come from: an interface (cap, in a child process) or a pcap/pcapng stream on stdin. Both deliver
 * a capture byte stream, read by the same parser as `audit`; they differ in their clock and in how they stop.
 */
import type { VrrpInspectError } from '../errors.js';
import { buildCaptureFilter } from './bpf-filter.js';
import { startInterfaceCapture } from './cap-capture.js';
import { StreamClock, WallClock, type LiveClock } from './live-clock.js';

export interface LiveSource {
  /** The interface name or `stdin`: `input.source` of the report. */
  readonly name: string;
  readonly stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
  readonly clock: LiveClock;
  /**
   * True when `stop()` makes the stream end by itself shortly (the capture child flushes what it has); false when the
   * reader must simply stop reading (stdin: the writer on the other side decides when it ends).
   */
  readonly endsOnStop: boolean;
  stop(): void;
  /** Resolves once the source is finished: the error to report when it failed on its own (interface gone), else null. */
  readonly ended: Promise<VrrpInspectError | null>;
  /** Frames libpcap dropped, or null when this source cannot tell. */
  drops(): number | null;
}

export interface InterfaceSourceOptions {
  device: string;
  guePorts: Iterable<number>;
  /** The user's --filter, OR-ed with the default. */
  filter?: string;
}

export async function openInterfaceSource(options: InterfaceSourceOptions): Promise<LiveSource> {
  const filter = buildCaptureFilter({ guePorts: options.guePorts, ...(options.filter !== undefined ? { extra: options.filter } : {}) });
  const capture = await startInterfaceCapture({
    device: options.device,
    filter,
    ...(options.filter !== undefined ? { userFilter: options.filter } : {}),
  });
  return {
    name: options.device,
    stream: capture.stream,
    clock: new WallClock(),
    endsOnStop: true,
    stop: () => capture.stop(),
    ended: capture.ended,
    // cap 0.2.1 does not expose pcap_stats(): libpcap's drop counter is out of reach.
    drops: () => null,
  };
}

export function streamSource(stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, name = 'stdin'): LiveSource {
  return {
    name,
    stream,
    clock: new StreamClock(),
    endsOnStop: false,
    stop: () => undefined,
    ended: Promise.resolve(null),
    drops: () => null,
  };
}
