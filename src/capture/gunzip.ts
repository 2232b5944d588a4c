/**
 * gzip decompression that reads what decompresses and says what it could not, the same way on every run.
 *
 * Node's Gunzip stream cannot do that: after a member it parses whatever follows as the next member, and an error
 * there (trailing garbage) discards the output of the same zlib call, so how much of a capture survives depends on
 * the chunking; ending it before its source is drained (zero padding) raced with the pipeline into an abort. Here
 * the member framing (RFC 1952: header, raw deflate data, CRC-32 and size trailer) is read in this file, and zlib
 * only inflates the deflate data, stopping exactly where it ends.
 */
import * as zlib from 'node:zlib';
import { systemErrorCode } from '../system-errors.js';

export interface GunzipHooks {
  /** Decompressed bytes, in order; returns false to stop reading (the parser stopped). */
  output(chunk: Uint8Array): boolean;
  /** Called between input pieces: a promise when the consumer asks to wait (output back-pressure). */
  backpressure?: (() => Promise<void> | undefined) | undefined;
  signal?: AbortSignal | undefined;
}

export type GunzipEnd =
  | { kind: 'complete' }
  /** The caller stopped (hooks.output returned false, or the signal fired). */
  | { kind: 'stopped' }
  | { kind: 'truncated'; members: number }
  | { kind: 'corrupt'; members: number; reason: string }
  /** Every member decompressed; `bytes` more followed that are not gzip (all zero: `zeros`). */
  | { kind: 'trailing'; members: number; bytes: number; zeros: boolean };

const FLAG_HCRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;
const TRAILER_BYTES = 8;
const OUTPUT_CHUNK_BYTES = 256 * 1024;
/** Input handed to zlib at a time: bounds the output produced between two back-pressure checks. */
const INPUT_PIECE_BYTES = 64 * 1024;
const EMPTY = new Uint8Array(0);

/** zlib.crc32 exists from Node 20.15 / 22.2; without it the trailer's CRC is not checked (its size still is). */
const crc32: ((data: Uint8Array, value: number) => number) | undefined = (zlib as { crc32?: (d: Uint8Array, v: number) => number }).crc32;

/** Unread input: what the source delivered and no member has consumed yet. */
class InputQueue {
  private buf: Uint8Array = EMPTY;
  private done = false;
  private readonly iterator: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  get length(): number {
    return this.buf.length;
  }

  peek(): Uint8Array {
    return this.buf;
  }

  /** Ensures at least `n` bytes are queued; false when the input ends first. */
  async fill(n: number): Promise<boolean> {
    while (this.buf.length < n) {
      if (this.done) return false;
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
        return false;
      }
      if (next.value.length === 0) continue;
      this.buf = this.buf.length === 0 ? next.value : Buffer.concat([this.buf, next.value]);
    }
    return true;
  }

  take(n: number): Uint8Array {
    const head = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return head;
  }

  /** Puts bytes back in front (what zlib did not consume after the end of a deflate stream). */
  unshift(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.buf = this.buf.length === 0 ? bytes : Buffer.concat([bytes, this.buf]);
  }

  /** Drops everything that is left, counting it; `zeros` tells whether all of it was zero. */
  async drain(): Promise<{ bytes: number; zeros: boolean }> {
    let bytes = 0;
    let zeros = true;
    for (;;) {
      const piece = this.take(this.buf.length);
      bytes += piece.length;
      if (zeros && piece.some((b) => b !== 0)) zeros = false;
      if (!(await this.fill(1))) return { bytes, zeros };
    }
  }

  async release(): Promise<void> {
    await this.iterator.return?.().catch(() => undefined);
  }
}

/** Decompresses every gzip member of `source` into `hooks.output`, then reports how the input ended. */
export async function gunzipMembers(source: AsyncIterable<Uint8Array>, hooks: GunzipHooks): Promise<GunzipEnd> {
  const input = new InputQueue(source);
  let members = 0;
  let drained = false;
  try {
    for (;;) {
      const header = await readMemberHeader(input);
      if (header === 'eof') {
        drained = true;
        return members === 0 ? { kind: 'truncated', members } : { kind: 'complete' };
      }
      if (header === 'not-gzip') {
        if (members === 0) return { kind: 'corrupt', members, reason: 'no gzip header' };
        const rest = await input.drain();
        drained = true;
        return { kind: 'trailing', members, ...rest };
      }
      if (header === 'cut') return { kind: 'truncated', members };
      if (typeof header === 'string') return { kind: 'corrupt', members, reason: header };
      const body = await inflateMember(input, hooks);
      if (body.kind !== 'ok') return body.kind === 'stopped' ? body : { ...body, members };
      if (!(await input.fill(TRAILER_BYTES))) return { kind: 'truncated', members };
      const trailer = input.take(TRAILER_BYTES);
      const view = new DataView(trailer.buffer, trailer.byteOffset, TRAILER_BYTES);
      if (view.getUint32(4, true) !== body.size % 2 ** 32) return { kind: 'corrupt', members, reason: 'the size in a member trailer does not match its data' };
      if (body.crc !== undefined && view.getUint32(0, true) !== body.crc) return { kind: 'corrupt', members, reason: 'CRC-32 mismatch' };
      members += 1;
    }
  } finally {
    if (!drained) await input.release();
  }
}

type HeaderResult = { ok: true } | 'eof' | 'not-gzip' | 'cut' | string;

/** Reads an RFC 1952 member header, leaving the queue at its deflate data. */
async function readMemberHeader(input: InputQueue): Promise<HeaderResult> {
  if (!(await input.fill(1))) return 'eof';
  if (!(await input.fill(2))) return input.peek()[0] === 0x1f ? 'cut' : 'not-gzip';
  const magic = input.peek();
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return 'not-gzip';
  if (!(await input.fill(10))) return 'cut';
  const fixed = input.take(10);
  if (fixed[2] !== 8) return `unknown compression method ${fixed[2]} (only deflate exists)`;
  const flags = fixed[3] ?? 0;
  if (flags & 0xe0) return 'reserved header flags set';
  if (flags & FLAG_EXTRA) {
    if (!(await input.fill(2))) return 'cut';
    const lengthBytes = input.take(2);
    const extra = (lengthBytes[0] ?? 0) | ((lengthBytes[1] ?? 0) << 8);
    if (!(await input.fill(extra))) return 'cut';
    input.take(extra);
  }
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if (!(flags & flag)) continue;
    // Zero-terminated text: read until the terminator (a name is short; a missing terminator ends at the cut).
    for (;;) {
      if (!(await input.fill(1))) return 'cut';
      const at = input.peek().indexOf(0);
      if (at >= 0) {
        input.take(at + 1);
        break;
      }
      input.take(input.length);
    }
  }
  if (flags & FLAG_HCRC) {
    if (!(await input.fill(2))) return 'cut';
    input.take(2);
  }
  return { ok: true };
}

type MemberBody =
  | { kind: 'ok'; size: number; crc: number | undefined }
  | { kind: 'stopped' }
  | { kind: 'truncated' }
  | { kind: 'corrupt'; reason: string };

/** Inflates one member's deflate data piece by piece; what zlib leaves after the end goes back into the queue. */
async function inflateMember(input: InputQueue, hooks: GunzipHooks): Promise<MemberBody> {
  const inflater = zlib.createInflateRaw({ chunkSize: OUTPUT_CHUNK_BYTES });
  let size = 0;
  let crc: number | undefined = crc32 === undefined ? undefined : 0;
  let ended = false;
  let stopped = false;
  let failure: unknown = null;
  // A throw of the consumer (a capture that turns out unreadable) must reach our caller, not the event emitter.
  let consumerError: { error: unknown } | null = null;
  inflater.on('data', (chunk: Buffer) => {
    if (stopped) return;
    size += chunk.length;
    if (crc !== undefined && crc32 !== undefined) crc = crc32(chunk, crc);
    try {
      if (!hooks.output(chunk)) stopped = true;
    } catch (error) {
      consumerError = { error };
      stopped = true;
    }
    if (stopped) {
      wake?.();
      return;
    }
    // The consumer is behind: hold zlib (it stops once its buffer fills) until the consumer catches up.
    const wait = hooks.backpressure?.();
    if (wait !== undefined) {
      inflater.pause();
      void wait.then(() => inflater.resume());
    }
  });
  // What the loop below waits for (a write, the end, an error), woken by whichever event comes.
  let wake: (() => void) | null = null;
  inflater.on('end', () => {
    ended = true;
    wake?.();
  });
  inflater.on('error', (error: unknown) => {
    failure = error;
    wake?.();
  });
  const write = (piece: Uint8Array): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      inflater.write(piece, () => resolve());
    });
  const settled = (): Promise<void> =>
    new Promise((resolve) => {
      if (ended || failure !== null) resolve();
      else wake = resolve;
    });
  try {
    let writtenBefore = 0;
    for (;;) {
      if (consumerError !== null) throw (consumerError as { error: unknown }).error;
      if (stopped || hooks.signal?.aborted) return { kind: 'stopped' };
      if (input.length === 0 && !(await input.fill(1))) {
        // The input ended inside the deflate data: let zlib say so (it flushes what it has first).
        inflater.end();
        await settled();
        if (consumerError !== null) throw (consumerError as { error: unknown }).error;
        if (stopped) return { kind: 'stopped' };
        return ended ? { kind: 'ok', size, crc } : { kind: 'truncated' };
      }
      const piece = input.take(Math.min(input.length, INPUT_PIECE_BYTES));
      await write(piece);
      if (consumerError !== null) throw (consumerError as { error: unknown }).error;
      if (stopped) return { kind: 'stopped' };
      // zlib consumed less than it was given only when the deflate stream ended inside this piece.
      const consumed = inflater.bytesWritten - writtenBefore;
      if (failure === null && consumed < piece.length) await settled();
      if (failure !== null) {
        if (systemErrorCode(failure) === 'Z_BUF_ERROR') return { kind: 'truncated' };
        return { kind: 'corrupt', reason: failure instanceof Error ? failure.message : String(failure) };
      }
      if (ended) {
        // The rest of the piece is the member trailer and whatever follows it.
        input.unshift(piece.subarray(consumed));
        return stopped ? { kind: 'stopped' } : { kind: 'ok', size, crc };
      }
      writtenBefore += piece.length;
      const wait = hooks.backpressure?.();
      if (wait !== undefined) await wait;
    }
  } finally {
    inflater.removeAllListeners('data');
    inflater.on('error', () => undefined);
    inflater.destroy();
  }
}
