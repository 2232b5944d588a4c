import { close, fstat, open, read, type Stats } from 'node:fs';
import { CaptureFormatError, InputError } from '../errors.js';
import { fileError } from '../system-errors.js';
import { READ_CHUNK_BYTES } from './capture-limits.js';
import { type CaptureParser, type CaptureParserOptions, createCaptureParser } from './capture-parser.js';
import type { GunzipEnd } from './gunzip.js';
import type { CaptureSummary, CaptureWarning, FramePrefilter, FrameSink, StatisticsSink } from './raw-frame.js';
import { isGzipMagic } from './sniff.js';

export { type CaptureParser, type CaptureParserOptions, createCaptureParser } from './capture-parser.js';

/** Where a capture comes from. The CLI maps `-` to `{ kind: 'stream', stream: process.stdin, name: 'stdin' }`. */
export type CaptureInput =
  | { kind: 'file'; path: string }
  /** A file already open for reading, read from its current position; the caller closes it. */
  | { kind: 'open-file'; fd: number; name: string }
  | { kind: 'stream'; stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>; name: string };

export interface ReadCaptureOptions {
  /** Stops reading between chunks: the promise then resolves with the summary so far, marked `aborted`. */
  signal?: AbortSignal;
  /**
   * Asked between input chunks: a promise makes the reader wait before the next chunk (the sink's output is behind,
   * e.g. stdout into a slow pipe), so the frames of at most one chunk are in flight whatever the consumer's speed.
   */
  backpressure?: (() => Promise<void> | undefined) | undefined;
  /** Receives pcapng interface statistics blocks (drop counts a capture program wrote), in input order. */
  onStatistics?: StatisticsSink;
  /** Ethernet frames the consumer does not want: counted, never handed to the sink (see FramePrefilter). */
  prefilter?: FramePrefilter | undefined;
}

/**
 * Reads a pcap or pcapng capture (optionally gzip-compressed) and hands every frame to `sink` as soon as its bytes
 * have arrived. Memory stays bounded whatever the input size. Throws InputError when the input cannot be opened and
 * CaptureFormatError when it is not a readable capture; problems met mid-capture are warnings in the summary.
 */
export async function readCapture(
  input: CaptureInput,
  sink: FrameSink,
  options: ReadCaptureOptions = {},
): Promise<CaptureSummary> {
  options.signal?.throwIfAborted();
  if (input.kind === 'file') return readFile(input.path, sink, options);
  if (input.kind === 'open-file') return readOpenFile(input.fd, input.name, sink, options);
  return readStream(input.stream, input.name, sink, options);
}

/*
 * Files are read through node:fs's callback API: node:fs/promises (and the stream and zlib modules, loaded only for
 * gzip) cost a few milliseconds of start-up to load, which is most of what a small capture takes.
 */
function openFd(path: string): Promise<number> {
  return new Promise((resolve, reject) => open(path, 'r', (error, fd) => (error ? reject(inputError(path, error)) : resolve(fd))));
}

function fstatFd(fd: number, path: string): Promise<Stats> {
  return new Promise((resolve, reject) => fstat(fd, (error, stats) => (error ? reject(inputError(path, error)) : resolve(stats))));
}

function closeFd(fd: number): Promise<void> {
  return new Promise((resolve) => close(fd, () => resolve()));
}

/** Reads up to READ_CHUNK_BYTES at the file position into `buffer`; 0 at the end of the file. */
function readChunk(fd: number, buffer: Buffer, path: string): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, buffer, 0, READ_CHUNK_BYTES, null, (error, bytesRead) => (error ? reject(inputError(path, error)) : resolve(bytesRead))),
  );
}

function inputError(name: string, error: unknown): InputError {
  return fileError('read', name, error);
}

/** What the parser needs of the read options. */
function parserOptionsOf(options: ReadCaptureOptions): Pick<CaptureParserOptions, 'onStatistics' | 'prefilter'> {
  return {
    ...(options.onStatistics ? { onStatistics: options.onStatistics } : {}),
    ...(options.prefilter ? { prefilter: options.prefilter } : {}),
  };
}

async function readFile(path: string, sink: FrameSink, options: ReadCaptureOptions): Promise<CaptureSummary> {
  const fd = await openFd(path);
  try {
    return await readOpenFile(fd, path, sink, options);
  } finally {
    await closeFd(fd);
  }
}

/** Reads an open file from its current position; `path` names it in messages. The caller closes it. */
async function readOpenFile(fd: number, path: string, sink: FrameSink, options: ReadCaptureOptions): Promise<CaptureSummary> {
  const signal = options.signal;
  const parserOptions = parserOptionsOf(options);
  const stat = await fstatFd(fd, path);
  if (stat.isDirectory()) throw fileError('read', path, { code: 'EISDIR' });
  // Two reused buffers: the next chunk is read while frames are walked synchronously in the current one, so the
  // walk never waits on the disk (one await per chunk, none per frame; the parser keeps no reference to a chunk).
  const buffers = [Buffer.allocUnsafe(READ_CHUNK_BYTES), Buffer.allocUnsafe(READ_CHUNK_BYTES)] as const;
  const read = (buffer: Buffer): Promise<number> => readChunk(fd, buffer, path);
  let current = 0;
  let length = await read(buffers[0]);
  if (length >= 2 && isGzipMagic(buffers[0][0], buffers[0][1])) {
    return await readGzip(fileChunksFrom(buffers[0].subarray(0, length), fd, path), path, sink, options);
  }
  const parser = createCaptureParser(sink, path, parserOptions);
  let ahead: Promise<number> | null = length > 0 ? read(buffers[1]) : null;
  try {
    while (length > 0) {
      parser.push(buffers[current]!.subarray(0, length));
      if (parser.stopped) break;
      if (signal?.aborted) return finishAborted(parser, signal);
      const wait = options.backpressure?.();
      if (wait !== undefined) await wait;
      length = await (ahead ?? Promise.resolve(0));
      current ^= 1;
      ahead = length > 0 ? read(buffers[current ^ 1]!) : null;
    }
  } finally {
    // Never close the file under a read still in flight (a stop or an abort leaves one behind).
    await ahead?.catch(() => 0);
  }
  return parser.end();
}

/** The rest of a file as fresh buffers (zlib keeps a reference to what it is given), after an already-read head. */
async function* fileChunksFrom(head: Uint8Array, fd: number, path: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(head);
  for (;;) {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const bytesRead = await readChunk(fd, buffer, path);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

function finishAborted(parser: CaptureParser, signal: AbortSignal): CaptureSummary {
  // Before the file header there is nothing to summarise: the caller gets the abort reason instead.
  if (!parser.headerRead) throw signal.reason;
  parser.interrupt();
  return parser.end();
}

function toBytes(chunk: unknown, name: string): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  throw new InputError(
    'text-stream',
    `${name} delivers text, not bytes: a capture must be read as a binary stream (no setEncoding)`,
  );
}

type ChunkIterator = AsyncIterator<unknown>;

interface ChunkSource {
  /** The iterator's next chunk, or `null` once the signal fired (the iterator is then released). */
  next(): Promise<IteratorResult<unknown> | null>;
  /** Removes the abort listener: call when done reading. */
  release(): void;
}

/**
 * Chunks from `iterator` until `signal` fires. One abort listener serves the whole stream: a live pipe (tcpdump -U)
 * delivers a frame or two per chunk, and an AbortSignal listener added and removed per chunk (with a Promise.race)
 * cost more than decoding those frames, and delayed every frame behind them on a busy machine.
 */
function chunkSource(iterator: ChunkIterator, signal: AbortSignal | undefined): ChunkSource {
  if (signal === undefined) return { next: () => iterator.next(), release: () => undefined };
  // The pending read's resolver, so that an abort ends a wait for a chunk that may never come (an idle pipe).
  let wake: ((value: null) => void) | null = null;
  const onAbort = (): void => {
    if (wake === null) return;
    wake(null);
    wake = null;
    void iterator.return?.().catch(() => undefined);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    next() {
      if (signal.aborted) return Promise.resolve(null);
      return new Promise((resolve, reject) => {
        wake = resolve;
        iterator.next().then(
          (result) => {
            wake = null;
            resolve(result);
          },
          (error: unknown) => {
            wake = null;
            reject(error);
          },
        );
      });
    },
    release: () => signal.removeEventListener('abort', onAbort),
  };
}

async function readStream(
  stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  name: string,
  sink: FrameSink,
  options: ReadCaptureOptions,
): Promise<CaptureSummary> {
  const iterator: ChunkIterator = stream[Symbol.asyncIterator]();
  const source = chunkSource(iterator, options.signal);
  const next = async (): Promise<IteratorResult<unknown> | null> => {
    try {
      return await source.next();
    } catch (error) {
      throw inputError(name, error);
    }
  };
  try {
    return await readChunks(iterator, next, name, sink, options);
  } finally {
    source.release();
  }
}

async function readChunks(
  iterator: ChunkIterator,
  next: () => Promise<IteratorResult<unknown> | null>,
  name: string,
  sink: FrameSink,
  options: ReadCaptureOptions,
): Promise<CaptureSummary> {
  const signal = options.signal;
  // Enough of the head to recognise gzip.
  const head: Uint8Array[] = [];
  let headLength = 0;
  while (headLength < 2) {
    const result = await next();
    if (result === null) throw signal?.reason;
    if (result.done) break;
    const chunk = toBytes(result.value, name);
    if (chunk.length === 0) continue;
    head.push(chunk);
    headLength += chunk.length;
  }
  const joined = head.length > 1 ? Buffer.concat(head) : head[0];
  if (joined !== undefined && isGzipMagic(joined[0], joined[1])) {
    return readGzip(streamChunksAfter(head, next, name), name, sink, options);
  }
  const parser = createCaptureParser(sink, name, parserOptionsOf(options));
  let drained = false;
  try {
    for (const chunk of head) parser.push(chunk);
    while (!parser.stopped) {
      const result = await next();
      if (result === null && signal) return finishAborted(parser, signal);
      if (result === null || result.done) {
        drained = true;
        break;
      }
      parser.push(toBytes(result.value, name));
      const wait = options.backpressure?.();
      if (wait !== undefined) await wait;
    }
    return parser.end();
  } finally {
    // Stopped early or failed: release the stream (a pipe from tcpdump may never end by itself).
    if (!drained) void iterator.return?.().catch(() => undefined);
  }
}

/** The head already read, then the rest of the stream; ends early once the signal fires (a live pipe may never end). */
async function* streamChunksAfter(
  head: Uint8Array[],
  next: () => Promise<IteratorResult<unknown> | null>,
  name: string,
): AsyncGenerator<Uint8Array> {
  yield* head;
  for (;;) {
    const result = await next();
    if (result === null || result.done) return;
    yield toBytes(result.value, name);
  }
}

/** Decompresses on the way in; the parser sees the decompressed bytes (offsets in warnings are decompressed offsets). */
async function readGzip(source: AsyncIterable<Uint8Array>, name: string, sink: FrameSink, options: ReadCaptureOptions): Promise<CaptureSummary> {
  // Loaded on first use: zlib costs start-up time that plain captures never need.
  const { gunzipMembers } = await import('./gunzip.js');
  const parser = createCaptureParser(sink, name, { ...parserOptionsOf(options), compression: 'gzip' });
  const signal = options.signal;
  const end = await gunzipMembers(source, {
    output: (chunk) => {
      parser.push(chunk);
      return !parser.stopped;
    },
    backpressure: options.backpressure,
    signal,
  });
  if (signal?.aborted && !parser.stopped) return finishAborted(parser, signal);
  const warning = gzipWarning(end, name);
  if (warning !== null && !parser.headerRead) {
    const reason = end.kind === 'corrupt' ? end.reason : 'it ends early';
    throw new CaptureFormatError('bad-gzip', `${name} is gzip-compressed but could not be decompressed (${reason}): the file is cut or damaged`);
  }
  const summary = parser.end();
  if (warning !== null) {
    summary.warnings.unshift(warning);
    if (end.kind !== 'trailing') summary.endedEarly = true;
  }
  return summary;
}

/** What the decompression could not read, as a capture warning (null when it read everything). */
function gzipWarning(end: GunzipEnd, name: string): CaptureWarning | null {
  switch (end.kind) {
    case 'complete':
    case 'stopped':
      return null;
    case 'truncated':
      return {
        code: 'truncated-gzip',
        message: `the gzip stream of ${name} ends early (file cut?); every complete frame before the cut was read`,
      };
    case 'corrupt':
      return { code: 'corrupt-gzip', message: `the gzip data of ${name} is damaged (${end.reason}); stopped reading there` };
    case 'trailing':
      return {
        code: end.zeros ? 'gzip-trailing-zeros' : 'gzip-trailing-garbage',
        count: end.bytes,
        message: end.zeros
          ? `${end.bytes} zero byte(s) after the gzip data of ${name} (padding) were ignored; all the data was read`
          : `${end.bytes} byte(s) after the gzip data of ${name} are not gzip (trailing garbage) and were ignored; all the data was read`,
      };
  }
}
