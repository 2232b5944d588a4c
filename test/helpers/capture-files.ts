/**
 * Small pcap / pcapng files for tests, written into a temporary directory. Classic pcap and plain little-endian pcapng
 * come from src/capture/capture-writer.ts; PcapngBuilder adds what the writer does not need to produce (big-endian
 * sections, several sections, SPB/OPB/custom/unknown blocks, any if_tsresol, if_tsoffset, raw tick counts).
 */
import { afterAll, beforeAll } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { WrittenFrame } from '../../src/capture/capture-writer.js';
import type { RawFrame } from '../../src/capture/raw-frame.js';
import { seededRandom } from './seeded-random.js';

export { seededRandom };

export { pcapFileHeader, pcapRecord, writePcap, writePcapng } from '../../src/capture/capture-writer.js';
export type { WrittenFrame } from '../../src/capture/capture-writer.js';

export interface TempDir {
  readonly dir: string;
  /** Writes `bytes` to `name` in the directory; returns the path. */
  write(name: string, bytes: Uint8Array, mode?: number): Promise<string>;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix = 'vrrp-inspect-capture-'): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    async write(name, bytes, mode) {
      const path = join(dir, name);
      await writeFile(path, bytes, mode === undefined ? {} : { mode });
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A temporary folder for one test file: created before its tests, removed after them (also when they fail). */
export function suiteTempDir(prefix?: string): TempDir {
  let current: TempDir | undefined;
  beforeAll(async () => {
    current = await makeTempDir(prefix);
  });
  afterAll(async () => {
    await current?.remove();
  });
  const get = (): TempDir => {
    if (!current) throw new Error('suiteTempDir() is only ready inside tests');
    return current;
  };
  return {
    get dir() {
      return get().dir;
    },
    write: (name, bytes, mode) => get().write(name, bytes, mode),
    remove: () => get().remove(),
  };
}

export function gzip(bytes: Uint8Array): Buffer {
  return gzipSync(bytes);
}


/** Bytes whose content identifies the frame (first byte = n, then a pattern), so a mix-up is visible. */
export function frameBytes(n: number, length: number): Uint8Array {
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) b[i] = (n * 31 + i * 7) & 0xff;
  if (length > 0) b[0] = n & 0xff;
  return b;
}

export interface SampleFrameOptions {
  startMicros?: number;
  /** Frame lengths are drawn in [minLength, maxLength]. */
  minLength?: number;
  maxLength?: number;
  seed?: number;
}

/** `count` frames with increasing timestamps (whole microseconds) and seeded lengths. */
export function sampleFrames(count: number, options: SampleFrameOptions = {}): WrittenFrame[] {
  const random = seededRandom(options.seed ?? 1);
  const min = options.minLength ?? 14;
  const max = options.maxLength ?? 200;
  let ts = options.startMicros ?? 1_764_098_258_000_000;
  const frames: WrittenFrame[] = [];
  for (let i = 1; i <= count; i++) {
    ts += 1 + Math.floor(random() * 2_000_000);
    frames.push({ tsMicros: ts, data: frameBytes(i, min + Math.floor(random() * (max - min + 1))) });
  }
  return frames;
}

/** A frame as the sink saw it, copied out of the reader's reused buffer. */
export interface CopiedFrame {
  index: number;
  tsMicros: number;
  capLen: number;
  wireLen: number;
  linkType: number;
  iface: number;
  data: Buffer;
}

export function copyFrame(frame: RawFrame): CopiedFrame {
  return {
    index: frame.index,
    tsMicros: frame.tsMicros,
    capLen: frame.capLen,
    wireLen: frame.wireLen,
    linkType: frame.linkType,
    iface: frame.iface,
    data: Buffer.from(frame.buf.subarray(frame.offset, frame.offset + frame.capLen)),
  };
}

/** A sink that copies every frame, and the array it fills. */
export function collectingSink(): { frames: CopiedFrame[]; sink: (frame: RawFrame) => void } {
  const frames: CopiedFrame[] = [];
  return { frames, sink: (frame) => frames.push(copyFrame(frame)) };
}

/** Splits `bytes` into chunks of the given sizes (cycled), for feeding a push parser. */
export function chunked(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let pos = 0;
  for (let i = 0; pos < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    chunks.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

export interface NgInterfaceOptions {
  linkType: number;
  snaplen?: number;
  /** Raw if_tsresol byte: 6 = µs, 9 = ns, 0x80 | n = 2^-n. Omitted = no option (default µs). */
  tsresol?: number;
  /** if_tsoffset in seconds (signed). */
  tsoffset?: bigint;
}

export interface NgPacketOptions {
  iface?: number;
  /** Timestamp in interface ticks (64-bit). */
  ticks: bigint;
  data: Uint8Array;
  wireLen?: number;
}

/** Block-by-block pcapng writer in either byte order; each section may switch the order. */
export class PcapngBuilder {
  private readonly parts: Buffer[] = [];
  private bigEndian = false;

  /** Starts a section (an SHB) in the given byte order. `options` are raw option bytes placed before opt_endofopt. */
  section(options: { bigEndian?: boolean; major?: number; minor?: number; rawOptions?: Uint8Array } = {}): this {
    this.bigEndian = options.bigEndian ?? false;
    const fixed = this.buffer(16);
    fixed.writeUInt32BE(this.bigEndian ? 0x1a2b3c4d : 0x4d3c2b1a, 0);
    this.u16(fixed, options.major ?? 1, 4);
    this.u16(fixed, options.minor ?? 0, 6);
    fixed.writeInt32BE(-1, 8);
    fixed.writeInt32BE(-1, 12);
    const opts = options.rawOptions
      ? Buffer.from(options.rawOptions)
      : Buffer.concat([this.option(4, Buffer.from('vrrp-inspect tests')), this.option(0, Buffer.alloc(0))]);
    return this.block(0x0a0d0d0a, Buffer.concat([fixed, opts]));
  }

  interface(itf: NgInterfaceOptions): this {
    const fixed = this.buffer(8);
    this.u16(fixed, itf.linkType, 0);
    this.u32(fixed, itf.snaplen ?? 262_144, 4);
    const opts: Buffer[] = [this.option(2, Buffer.from('eth0'))];
    if (itf.tsresol !== undefined) opts.push(this.option(9, Uint8Array.of(itf.tsresol)));
    if (itf.tsoffset !== undefined) {
      const v = this.buffer(8);
      if (this.bigEndian) v.writeBigInt64BE(itf.tsoffset);
      else v.writeBigInt64LE(itf.tsoffset);
      opts.push(this.option(14, v));
    }
    opts.push(this.option(0, Buffer.alloc(0)));
    return this.block(0x00000001, Buffer.concat([fixed, ...opts]));
  }

  enhanced(p: NgPacketOptions): this {
    const fixed = this.buffer(20);
    this.u32(fixed, p.iface ?? 0, 0);
    this.ticks(fixed, p.ticks, 4);
    this.u32(fixed, p.data.length, 12);
    this.u32(fixed, p.wireLen ?? p.data.length, 16);
    return this.block(0x00000006, Buffer.concat([fixed, this.padded(p.data), this.option(0, Buffer.alloc(0))]));
  }

  /** Obsolete packet block (type 2): 16-bit interface id and drop count. */
  obsolete(p: NgPacketOptions): this {
    const fixed = this.buffer(20);
    this.u16(fixed, p.iface ?? 0, 0);
    this.u16(fixed, 0, 2);
    this.ticks(fixed, p.ticks, 4);
    this.u32(fixed, p.data.length, 12);
    this.u32(fixed, p.wireLen ?? p.data.length, 16);
    return this.block(0x00000002, Buffer.concat([fixed, this.padded(p.data)]));
  }

  /** Simple packet block: interface 0, no timestamp; the captured part is `data`. */
  simple(data: Uint8Array, wireLen = data.length): this {
    const fixed = this.buffer(4);
    this.u32(fixed, wireLen, 0);
    return this.block(0x00000003, Buffer.concat([fixed, this.padded(data)]));
  }

  custom(data: Uint8Array, copyable = true): this {
    const pen = this.buffer(4);
    this.u32(pen, 32473, 0);
    return this.block(copyable ? 0x00000bad : 0x40000bad, Buffer.concat([pen, this.padded(data)]));
  }

  /** Interface statistics block, for a known block type that carries no frame; `counters` maps option codes to u64 values. */
  statistics(iface = 0, counters: Record<number, bigint> = {}, ticks = 0n): this {
    const body = this.buffer(12);
    this.u32(body, iface, 0);
    this.ticks(body, ticks, 4);
    const entries = Object.entries(counters);
    if (entries.length === 0) return this.block(0x00000005, body);
    const opts = entries.map(([code, value]) => {
      const v = this.buffer(8);
      this.ticks(v, value, 0);
      // A u64 option is two u32 halves in the section's byte order, low half first in little-endian.
      if (!this.bigEndian) v.set([...v.subarray(4, 8), ...v.subarray(0, 4)]);
      return this.option(Number(code), v);
    });
    return this.block(0x00000005, Buffer.concat([body, ...opts, this.option(0, Buffer.alloc(0))]));
  }

  /** Any block type with a raw body (padded to 4). */
  block(type: number, body: Uint8Array): this {
    const padded = this.padded(body);
    const total = 12 + padded.length;
    const head = this.buffer(8);
    this.u32(head, type, 0);
    this.u32(head, total, 4);
    const tail = this.buffer(4);
    this.u32(tail, total, 0);
    this.parts.push(head, padded, tail);
    return this;
  }

  /** Appends bytes as they are (for corrupt-file tests). */
  raw(bytes: Uint8Array): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }

  /** Current length in bytes (the offset of the next block). */
  get length(): number {
    return this.parts.reduce((n, p) => n + p.length, 0);
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }

  private buffer(n: number): Buffer {
    return Buffer.alloc(n);
  }

  private u16(b: Buffer, v: number, o: number): void {
    if (this.bigEndian) b.writeUInt16BE(v, o);
    else b.writeUInt16LE(v, o);
  }

  private u32(b: Buffer, v: number, o: number): void {
    if (this.bigEndian) b.writeUInt32BE(v >>> 0, o);
    else b.writeUInt32LE(v >>> 0, o);
  }

  private ticks(b: Buffer, ticks: bigint, o: number): void {
    this.u32(b, Number((ticks >> 32n) & 0xffffffffn), o);
    this.u32(b, Number(ticks & 0xffffffffn), o + 4);
  }

  private padded(data: Uint8Array): Buffer {
    const b = Buffer.alloc(data.length + pad4(data.length));
    b.set(data, 0);
    return b;
  }

  private option(code: number, value: Uint8Array): Buffer {
    const b = Buffer.alloc(4 + value.length + pad4(value.length));
    this.u16(b, code, 0);
    this.u16(b, value.length, 2);
    b.set(value, 4);
    return b;
  }
}

/** Exact reference conversion of pcapng ticks to whole microseconds (floor), with BigInt: for test expectations. */
export function referenceMicros(ticks: bigint, tsresol = 6, offsetSeconds = 0n): number {
  const unitsPerSecond = tsresol & 0x80 ? 2n ** BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
  return Number((ticks * 1_000_000n) / unitsPerSecond + offsetSeconds * 1_000_000n);
}
