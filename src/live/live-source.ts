/**
 * Where live frames come from: interfaces (through a capture engine: tcpdump, dumpcap, or cap in a child process) or a
 * pcap/pcapng stream on stdin. All deliver capture byte streams, read by the same parser as `audit`; they differ in
 * their clock, in how they stop and in what they can say about lost frames.
 */
import type { VrrpInspectError } from '../errors.js';
import { buildCaptureFilter } from './bpf-filter.js';
import { startInterfaceCapture } from './cap-capture.js';
import { bufferMiBFor, interfaceMtu, snaplenFor } from './engines/capture-settings.js';
import type { EngineChoice, EngineName } from './engines/choose-engine.js';
import { dumpcapSpec } from './engines/dumpcap-engine.js';
import { startProgramCapture } from './engines/program-capture.js';
import { tcpdumpSpec } from './engines/tcpdump-engine.js';
import { StreamClock, WallClock, type LiveClock } from './live-clock.js';

/** One capture byte stream; its pcapng interface ids (0 for pcap) are shifted by `ifaceBase` into the run's numbering. */
export interface LiveStream {
  readonly stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
  readonly ifaceBase: number;
}

export interface LiveSource {
  /** The interface names joined with `+`, or `stdin`: `input.source` of the report. */
  readonly name: string;
  /** What captures: an engine, or `stream` for `live -`. */
  readonly engine: EngineName | 'stream';
  /** Interface names by run-wide interface number (empty for `live -`, whose streams name their own). */
  readonly interfaces: readonly string[];
  readonly streams: readonly LiveStream[];
  readonly clock: LiveClock;
  /**
   * True when `stop()` makes the streams end by themselves shortly (the engine flushes what it has and its final
   * counters); false when the reader must simply stop reading (stdin: the writer on the other side decides).
   */
  readonly endsOnStop: boolean;
  stop(): void;
  /** Resolves once the source is finished: the error to report when it failed on its own (interface gone), else null. */
  readonly ended: Promise<VrrpInspectError | null>;
  /**
   * Kernel drops the engine reported outside the stream (tcpdump's counters on stderr), cumulative over all its
   * interfaces; null while it has reported none. Drops carried in the stream (pcapng statistics blocks) are read by
   * the session.
   */
  engineDrops(): number | null;
  /** Frames the tool itself discarded because the reader fell behind (cap's child); 0 when it never does. */
  toolDrops(): number;
  /** How kernel drops become known: during the run, when the engine stops, from the stream, or never (cap). */
  readonly dropReporting: 'live' | 'at-stop' | 'stream' | 'never';
  /** Called on every session tick: lets an engine refresh its counters (tcpdump: SIGUSR1, throttled here). */
  poll(): void;
}

export interface InterfaceSourceOptions {
  devices: readonly string[];
  engine: EngineChoice;
  guePorts: Iterable<number>;
  /** The user's --filter, OR-ed with the default. */
  filter?: string;
  /** Kernel buffer per interface, MiB (default: bufferMiBFor). */
  bufferMiB?: number;
}

/** How often tcpdump is asked for its counters. */
const COUNTERS_PERIOD_MS = 1000;

export async function openInterfaceSource(options: InterfaceSourceOptions): Promise<LiveSource> {
  const filter = buildCaptureFilter({ guePorts: options.guePorts, ...(options.filter !== undefined ? { extra: options.filter } : {}) });
  const userFilter = options.filter !== undefined ? { userFilter: options.filter } : {};
  const settings = { filter, ...userFilter, bufferMiB: bufferMiBFor(options.bufferMiB, options.filter !== undefined) };
  const snaplen = (device: string): number => snaplenFor(interfaceMtu(device));
  const { engine, path } = options.engine;
  const name = options.devices.join('+');

  if (engine === 'cap' || path === null) {
    const captures = await startAll(options.devices, (device) => startInterfaceCapture({ device, filter, ...userFilter, bufferMiB: settings.bufferMiB }));
    return {
      ...common(name, 'cap', options.devices, captures),
      streams: captures.map((c, i) => ({ stream: c.stream, ifaceBase: i })),
      engineDrops: () => null,
      toolDrops: () => captures.reduce((n, c) => n + c.toolDrops(), 0),
      // cap 0.2.1 does not expose pcap_stats(): libpcap's drop counter is out of reach.
      dropReporting: 'never',
      poll: () => undefined,
    };
  }

  // dumpcap captures every interface in one process; tcpdump needs one per interface.
  const specs =
    engine === 'dumpcap'
      ? [dumpcapSpec({ ...settings, path, devices: options.devices, snaplen })]
      : options.devices.map((device) => tcpdumpSpec({ ...settings, path, device, snaplen: snaplen(device) }));
  const captures = await startAll(specs, (spec) => startProgramCapture(spec));
  let lastPoll = 0;
  return {
    ...common(name, engine, options.devices, captures),
    streams: captures.map((c, i) => ({ stream: c.stream, ifaceBase: engine === 'dumpcap' ? 0 : i })),
    engineDrops: () => sumKnown(captures.map((c) => c.kernelDrops())),
    toolDrops: () => 0,
    dropReporting: engine === 'tcpdump' ? 'live' : 'at-stop',
    poll() {
      const now = Date.now();
      if (now - lastPoll < COUNTERS_PERIOD_MS) return;
      lastPoll = now;
      for (const c of captures) c.requestCounters();
    },
  };
}

interface StartedCapture {
  stop(): void;
  readonly ended: Promise<VrrpInspectError | null>;
}

/** Starts one capture per item; if one fails, those already started are stopped before the error goes up. */
async function startAll<T, C extends StartedCapture>(items: readonly T[], start: (item: T) => Promise<C>): Promise<C[]> {
  const started: C[] = [];
  try {
    for (const item of items) started.push(await start(item));
  } catch (error) {
    for (const c of started) c.stop();
    throw error;
  }
  return started;
}

function common(
  name: string,
  engine: EngineName,
  interfaces: readonly string[],
  captures: readonly StartedCapture[],
): Pick<LiveSource, 'name' | 'engine' | 'interfaces' | 'clock' | 'endsOnStop' | 'stop' | 'ended'> {
  return {
    name,
    engine,
    interfaces: [...interfaces],
    // Engines stamp frames on this host (the kernel's receive time, or cap's arrival time): wall time is capture time.
    clock: new WallClock(),
    endsOnStop: true,
    stop: () => {
      for (const c of captures) c.stop();
    },
    // The first failure of any capture is the run's.
    ended: Promise.all(captures.map((c) => c.ended)).then((errors) => errors.find((e) => e !== null) ?? null),
  };
}

/** Sum of the counters reported so far; null when none has reported. */
function sumKnown(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

export function streamSource(stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, name = 'stdin'): LiveSource {
  return {
    name,
    engine: 'stream',
    interfaces: [],
    streams: [{ stream, ifaceBase: 0 }],
    clock: new StreamClock(),
    endsOnStop: false,
    stop: () => undefined,
    ended: Promise.resolve(null),
    engineDrops: () => null,
    toolDrops: () => 0,
    dropReporting: 'stream',
    poll: () => undefined,
  };
}

