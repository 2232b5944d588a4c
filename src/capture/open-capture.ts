import { close, fstat, open, read, type Stats } from 'node:fs';
import { CaptureFormatError, InputError } from '../errors.js';
import { READ_CHUNK_BYTES } from './capture-limits.js';
import { type CaptureParser, type CaptureParserOptions, createCaptureParser } from './capture-parser.js';
import type { CaptureSummary, CaptureWarning, FrameSink, StatisticsSink } from './raw-frame.js';
import { isGzipMagic } from './sniff.js';

export { type CaptureParser, type CaptureParserOptions, createCaptureParser } from './capture-parser.js';

/** Where a capture comes from. The CLI maps `-` to `{ kind: 'stream', stream: process.stdin, name: 'stdin' }`. */
export type CaptureInput =
  | { kind: 'file'; path: string }
  | { kind: 'stream'; stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>; name: string };

export interface ReadCaptureOptions {
  /** Stops reading between chunks: the promise then resolves with the summary so far, marked `aborted`. */
  signal?: AbortSignal;
  /** Receives pcapng interface statistics blocks (drop counts a capture program wrote), in input order. */
  onStatistics?: StatisticsSink;
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
  const signal = options.signal;
  signal?.throwIfAborted();
  const parserOptions = options.onStatistics ? { onStatistics: options.onStatistics } : {};
  if (input.kind === 'file') return readFile(input.path, sink, signal, parserOptions);
  return readStream(input.stream, input.name, sink, signal, parserOptions);
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

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function inputError(name: string, error: unknown): InputError {
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT':
      return new InputError('not-found', `cannot read ${name}: no such file`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new InputError('permission-denied', `permission denied reading ${name}: run as a user who can read it`, {
        cause: error,
      });
    case 'EISDIR':
      return new InputError('is-directory', `${name} is a directory, not a capture file`, { cause: error });
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new InputError('read-failed', `cannot read ${name}: ${reason}`, { cause: error });
    }
  }
}

type ParserOptions = Pick<CaptureParserOptions, 'onStatistics'>;

async function readFile(
  path: string,
  sink: FrameSink,
  signal: AbortSignal | undefined,
  parserOptions: ParserOptions,
): Promise<CaptureSummary> {
  const fd = await openFd(path);
  try {
    const stat = await fstatFd(fd, path);
    if (stat.isDirectory()) throw new InputError('is-directory', `${path} is a directory, not a capture file`);
    // Two reused buffers: the next chunk is read while frames are walked synchronously in the current one, so the
    // walk never waits on the disk (one await per chunk, none per frame; the parser keeps no reference to a chunk).
    const buffers = [Buffer.allocUnsafe(READ_CHUNK_BYTES), Buffer.allocUnsafe(READ_CHUNK_BYTES)] as const;
    const read = (buffer: Buffer): Promise<number> => readChunk(fd, buffer, path);
    let current = 0;
    let length = await read(buffers[0]);
    if (length >= 2 && isGzipMagic(buffers[0][0], buffers[0][1])) {
      return await readGzip(fileChunksFrom(buffers[0].subarray(0, length), fd, path), path, sink, signal, parserOptions);
    }
    const parser = createCaptureParser(sink, path, parserOptions);
    let ahead: Promise<number> | null = length > 0 ? read(buffers[1]) : null;
    try {
      while (length > 0) {
        parser.push(buffers[current]!.subarray(0, length));
        if (parser.stopped) break;
        if (signal?.aborted) return finishAborted(parser, signal);
        length = await (ahead ?? Promise.resolve(0));
        current ^= 1;
        ahead = length > 0 ? read(buffers[current ^ 1]!) : null;
      }
    } finally {
      // Never close the file under a read still in flight (a stop or an abort leaves one behind).
      await ahead?.catch(() => 0);
    }
    return parser.end();
  } finally {
    await closeFd(fd);
  }
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

/** The iterator's next chunk, or `null` once the signal fires (the iterator is then released). */
async function nextOrAbort(iterator: ChunkIterator, signal: AbortSignal | undefined): Promise<IteratorResult<unknown> | null> {
  if (signal === undefined) return iterator.next();
  if (signal.aborted) return null;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<null>((resolve) => {
    onAbort = () => resolve(null);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const result = await Promise.race([iterator.next(), aborted]);
    if (result === null) void iterator.return?.().catch(() => undefined);
    return result;
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

async function readStream(
  stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  name: string,
  sink: FrameSink,
  signal: AbortSignal | undefined,
  parserOptions: ParserOptions,
): Promise<CaptureSummary> {
  const iterator: ChunkIterator = stream[Symbol.asyncIterator]();
  const next = async (): Promise<IteratorResult<unknown> | null> => {
    try {
      return await nextOrAbort(iterator, signal);
    } catch (error) {
      throw inputError(name, error);
    }
  };
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
    return readGzip(streamChunksAfter(head, iterator, name), name, sink, signal, parserOptions);
  }
  const parser = createCaptureParser(sink, name, parserOptions);
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
    }
    return parser.end();
  } finally {
    // Stopped early or failed: release the stream (a pipe from tcpdump may never end by itself).
    if (!drained) void iterator.return?.().catch(() => undefined);
  }
}

async function* streamChunksAfter(head: Uint8Array[], iterator: ChunkIterator, name: string): AsyncGenerator<Uint8Array> {
  yield* head;
  for (;;) {
    let result: IteratorResult<unknown>;
    try {
      result = await iterator.next();
    } catch (error) {
      throw inputError(name, error);
    }
    if (result.done) return;
    yield toBytes(result.value, name);
  }
}

function isZlibError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && code.startsWith('Z_');
}

/** Decompresses on the way in; the parser sees the decompressed bytes (offsets in warnings are decompressed offsets). */
async function readGzip(
  source: AsyncIterable<Uint8Array>,
  name: string,
  sink: FrameSink,
  signal: AbortSignal | undefined,
  parserOptions: ParserOptions,
): Promise<CaptureSummary> {
  const [{ createGunzip }, { pipeline }] = await Promise.all([import('node:zlib'), import('node:stream/promises')]);
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  // Failures surface through the consuming loop (pipeline destroys gunzip with the source's error); this only keeps
  // the pipeline's own rejection handled.
  const feeding = pipeline(source, gunzip).then(
    () => null,
    (error: unknown) => error,
  );
  const parser = createCaptureParser(sink, name, { ...parserOptions, compression: 'gzip' });
  let gzipError: unknown = null;
  let complete = false;
  // An abort must also end a wait for more input (a live pipe): destroying gunzip ends the loop below.
  const onAbort = () => gunzip.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of gunzip) {
      parser.push(toBytes(chunk, name));
      if (parser.stopped || signal?.aborted) break;
    }
    complete = !parser.stopped && !signal?.aborted;
  } catch (error) {
    // Sink errors, CaptureFormatError and InputError (from the chunk sources) go to the caller unchanged.
    if (!signal?.aborted) {
      if (!isZlibError(error)) throw error;
      gzipError = error;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  // Only a completed decompression means the source is drained; otherwise it may be a pipe that never ends.
  if (complete) {
    const feedError = await feeding;
    if (feedError !== null) throw feedError;
  }
  if (signal?.aborted && !parser.stopped) return finishAborted(parser, signal);
  if (gzipError === null) return parser.end();
  return finishAfterGzipError(parser, name, gzipError);
}

function finishAfterGzipError(parser: CaptureParser, name: string, error: unknown): CaptureSummary {
  const reason = error instanceof Error ? error.message : String(error);
  if (!parser.headerRead) {
    throw new CaptureFormatError(
      'bad-gzip',
      `${name} is gzip-compressed but could not be decompressed (${reason}): the file is cut or damaged`,
      { cause: error },
    );
  }
  const cut = errorCode(error) === 'Z_BUF_ERROR';
  const warning: CaptureWarning = {
    code: cut ? 'truncated-gzip' : 'corrupt-gzip',
    message: cut
      ? `the gzip stream of ${name} ends early (file cut?); every complete frame before the cut was read`
      : `the gzip data of ${name} is damaged (${reason}); stopped reading there`,
  };
  const summary = parser.end();
  summary.warnings.unshift(warning);
  return summary;
}
