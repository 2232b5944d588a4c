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

/** Enhanced packet block; the timestamp is written in the interface's resolution (6 or 9). */
export function pcapngEnhancedPacket(frame: WrittenFrame, tsresol = 6): Buffer {
  const units = tsresol === 9 ? BigInt(Math.round(frame.tsMicros)) * 1000n : BigInt(Math.round(frame.tsMicros));
  const fixed = Buffer.alloc(20);
  fixed.writeUInt32LE(frame.iface ?? 0, 0);
  fixed.writeUInt32LE(Number(units >> 32n), 4);
  fixed.writeUInt32LE(Number(units & 0xffffffffn), 8);
  fixed.writeUInt32LE(frame.data.length, 12);
  fixed.writeUInt32LE(frame.wireLen ?? frame.data.length, 16);
  const data = Buffer.alloc(frame.data.length + pad4(frame.data.length));
  data.set(frame.data, 0);
  return block(0x00000006, Buffer.concat([fixed, data]));
}

/** A whole pcapng file in memory: one section, the given interfaces, then the frames. */
export function writePcapng(frames: readonly WrittenFrame[], interfaces: readonly PcapngInterface[]): Buffer {
  const parts = [pcapngSectionHeader(), ...interfaces.map(pcapngInterfaceBlock)];
  for (const f of frames) parts.push(pcapngEnhancedPacket(f, interfaces[f.iface ?? 0]?.tsresol ?? 6));
  return Buffer.concat(parts);
}
