/**
 * Writers for classic pcap and pcapng, used by `live --write`, by the fixture generators and by tests. Each returns
 * whole byte blocks; callers decide where they go (a file stream, a Buffer.concat in a test).
 */

export interface WrittenFrame {
  tsMicros: number;
  data: Uint8Array;
  /** Defaults to data.length. */
  wireLen?: number;
  /** pcapng interface id (default 0). */
  iface?: number;
}

export interface PcapHeaderOptions {
  linkType: number;
  snaplen?: number;
  nanosecond?: boolean;
  bigEndian?: boolean;
}

export function pcapFileHeader(opts: PcapHeaderOptions): Buffer {
  const b = Buffer.alloc(24);
  const le = !opts.bigEndian;
  const w32 = (v: number, o: number) => (le ? b.writeUInt32LE(v >>> 0, o) : b.writeUInt32BE(v >>> 0, o));
  const w16 = (v: number, o: number) => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  w32(opts.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  w16(2, 4);
  w16(4, 6);
  w32(0, 8);
  w32(0, 12);
  w32(opts.snaplen ?? 262144, 16);
  w32(opts.linkType, 20);
  return b;
}

export function pcapRecord(frame: WrittenFrame, opts: { nanosecond?: boolean; bigEndian?: boolean } = {}): Buffer {
  const b = Buffer.alloc(16 + frame.data.length);
  const le = !opts.bigEndian;
  const w32 = (v: number, o: number) => (le ? b.writeUInt32LE(v >>> 0, o) : b.writeUInt32BE(v >>> 0, o));
  const sec = Math.floor(frame.tsMicros / 1e6);
  const micros = frame.tsMicros - sec * 1e6;
  w32(sec, 0);
  w32(opts.nanosecond ? Math.round(micros * 1000) : Math.round(micros), 4);
  w32(frame.data.length, 8);
  w32(frame.wireLen ?? frame.data.length, 12);
  b.set(frame.data, 16);
  return b;
}

/** A whole classic pcap file in memory. */
export function writePcap(frames: readonly WrittenFrame[], opts: PcapHeaderOptions): Buffer {
  return Buffer.concat([pcapFileHeader(opts), ...frames.map((f) => pcapRecord(f, opts))]);
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

function option(code: number, value: Uint8Array): Buffer {
  const b = Buffer.alloc(4 + value.length + pad4(value.length));
  b.writeUInt16LE(code, 0);
  b.writeUInt16LE(value.length, 2);
  b.set(value, 4);
  return b;
}

function block(type: number, body: Buffer): Buffer {
  const total = 12 + body.length;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(total, 4);
  body.copy(b, 8);
  b.writeUInt32LE(total, total - 4);
  return b;
}

/** Section header block (little-endian), with an optional `shb_userappl`. */
export function pcapngSectionHeader(userAppl = 'vrrp-inspect'): Buffer {
  const fixed = Buffer.alloc(16);
  fixed.writeUInt32LE(0x1a2b3c4d, 0);
  fixed.writeUInt16LE(1, 4);
  fixed.writeUInt16LE(0, 6);
  fixed.writeInt32LE(-1, 8);
  fixed.writeInt32LE(-1, 12);
  const opts = Buffer.concat([option(4, Buffer.from(userAppl)), option(0, new Uint8Array(0))]);
  return block(0x0a0d0d0a, Buffer.concat([fixed, opts]));
}

export interface PcapngInterface {
  linkType: number;
  snaplen?: number;
  name?: string;
  /** if_tsresol byte: 6 = microseconds (default), 9 = nanoseconds. */
  tsresol?: number;
}

export function pcapngInterfaceBlock(itf: PcapngInterface): Buffer {
  const fixed = Buffer.alloc(8);
  fixed.writeUInt16LE(itf.linkType, 0);
  fixed.writeUInt32LE(itf.snaplen ?? 262144, 4);
  const opts: Buffer[] = [];
  if (itf.name) opts.push(option(2, Buffer.from(itf.name)));
  if (itf.tsresol !== undefined) opts.push(option(9, Uint8Array.of(itf.tsresol)));
  if (opts.length) opts.push(option(0, new Uint8Array(0)));
  return block(0x00000001, Buffer.concat([fixed, ...opts]));
}

/** Bytes of an enhanced packet block without options for `capLen` captured bytes. */
export function enhancedPacketLength(capLen: number): number {
  return 32 + capLen + pad4(capLen);
}

/**
 * Writes an enhanced packet block (little-endian, no options) into `target` at `pos` and returns the position after it:
 * no allocation, for writers that keep up with a live capture. The caller makes room (enhancedPacketLength).
 */
export function writeEnhancedPacketInto(
  target: Buffer,
  pos: number,
  frame: { tsMicros: number; iface: number; wireLen: number; data: Uint8Array },
  tsresol = 6,
): number {
  const capLen = frame.data.length;
  const total = enhancedPacketLength(capLen);
  // Microseconds since the epoch and their two 32-bit halves are exact in a double; nanoseconds (×1000) need BigInt.
  const us = Math.round(frame.tsMicros);
  let high = Math.floor(us / 4_294_967_296);
  let low = us - high * 4_294_967_296;
  if (tsresol === 9) {
    const ns = BigInt(us) * 1000n;
    high = Number(ns >> 32n);
    low = Number(ns & 0xffffffffn);
  }
  target.writeUInt32LE(0x00000006, pos);
  target.writeUInt32LE(total, pos + 4);
  target.writeUInt32LE(frame.iface, pos + 8);
  target.writeUInt32LE(high, pos + 12);
  target.writeUInt32LE(low, pos + 16);
  target.writeUInt32LE(capLen, pos + 20);
  target.writeUInt32LE(frame.wireLen, pos + 24);
  target.set(frame.data, pos + 28);
  target.fill(0, pos + 28 + capLen, pos + total - 4);
  target.writeUInt32LE(total, pos + total - 4);
  return pos + total;
}

/** Enhanced packet block; the timestamp is written in the interface's resolution (6 or 9). */
export function pcapngEnhancedPacket(frame: WrittenFrame, tsresol = 6): Buffer {
  const out = Buffer.allocUnsafe(enhancedPacketLength(frame.data.length));
  writeEnhancedPacketInto(out, 0, { tsMicros: frame.tsMicros, iface: frame.iface ?? 0, wireLen: frame.wireLen ?? frame.data.length, data: frame.data }, tsresol);
  return out;
}

/** A whole pcapng file in memory: one section, the given interfaces, then the frames. */
export function writePcapng(frames: readonly WrittenFrame[], interfaces: readonly PcapngInterface[]): Buffer {
  const parts = [pcapngSectionHeader(), ...interfaces.map(pcapngInterfaceBlock)];
  for (const f of frames) parts.push(pcapngEnhancedPacket(f, interfaces[f.iface ?? 0]?.tsresol ?? 6));
  return Buffer.concat(parts);
}
