/**
 * The hot path: decides from fixed offsets whether a frame is worth decoding, without allocating. It must flag every
 * frame the full decode would report (relevant protocols, VIP traffic, malformed headers), and nothing else.
 */
import type { DecodeOptions } from './frame-info.js';
import { EtherType, LinkScratch, LinkStatus } from './link-layer.js';
import { IpScratch, parseIpHeader } from './ip-header.js';
import { isIcmpError, isNeighborDiscovery, quotedProtocol } from './icmp.js';
import { l4IsMalformed } from './transport.js';
import { parseIpv6 } from './addresses.js';

const ip = new IpScratch();

/*
 * The VIP sets are copied into typed arrays so that matching a frame boxes no number and calls no builtin. The
 * copies are rebuilt when the caller passes another set or its size changes (the analysis only adds VIPs); a caller
 * that deletes and adds in one step between two frames should pass a new set.
 */
let vip4Source: ReadonlySet<number> | null = null;
let vip4Size = -1;
/**
 * Open-addressing hash table of the VIPs as int32 (the uint32 bit patterns), 0 marking a free slot (the VIP 0.0.0.0,
 * if anyone announces it, is the flag below), at most half full: every IPv4 frame is looked up twice, and a capture
 * with thousands of VIPs rebuilds it once per VIP learned, so both must be cheap.
 */
let vip4Table: Int32Array = new Int32Array(2);
let vip4Mask = 1;
/** 32 minus the table's size in bits: the slot is the top bits of a multiplicative hash (its low bits mix poorly). */
let vip4Shift = 31;
let vip4HasZero = false;
/**
 * One bit for each value of an address's low 16 bits, set when some VIP ends that way: most addresses of a capture are
 * no VIP, and this answers for them with two byte reads and one bit, before the four byte reads and the hash probe
 * of the table. 8 KiB, rebuilt with the table.
 */
const vip4Low16 = new Uint8Array(65536 / 8);

function vip4Slot(v: number): number {
  return Math.imul(v, 0x9e3779b1) >>> vip4Shift;
}

function refreshVip4(set: ReadonlySet<number>): void {
  vip4Source = set;
  vip4Size = set.size;
  let bits = 4;
  while (1 << bits < set.size * 2) bits++;
  vip4Table = new Int32Array(1 << bits);
  vip4Mask = (1 << bits) - 1;
  vip4Shift = 32 - bits;
  vip4HasZero = false;
  vip4Low16.fill(0);
  for (const vip of set) {
    const v = vip | 0;
    const byte = (v & 0xffff) >>> 3;
    vip4Low16[byte] = (vip4Low16[byte] as number) | (1 << (v & 7));
    if (v === 0) {
      vip4HasZero = true;
      continue;
    }
    let i = vip4Slot(v);
    while (vip4Table[i] !== 0 && vip4Table[i] !== v) i = (i + 1) & vip4Mask;
    vip4Table[i] = v;
  }
}

/** Whether the IPv4 address at `o` is a VIP: the low-16-bit filter first, then the table. */
function isVip4At(b: Uint8Array, o: number): boolean {
  const low = ((b[o + 2] as number) << 8) | (b[o + 3] as number);
  if ((((vip4Low16[low >>> 3] as number) >>> (low & 7)) & 1) === 0) return false;
  return matchesVip4(i32(b, o));
}

function matchesVip4(v: number): boolean {
  if (v === 0) return vip4HasZero;
  for (let i = vip4Slot(v); ; i = (i + 1) & vip4Mask) {
    const m = vip4Table[i] as number;
    if (m === v) return true;
    if (m === 0) return false;
  }
}

/** VIPv6 strings parsed to bytes; rebuilt when the caller's set (or its size) changes. */
let vip6Source: ReadonlySet<string> | null = null;
let vip6Size = -1;
let vip6Bytes: Uint8Array = new Uint8Array(0);

function refreshVip6(set: ReadonlySet<string>): void {
  vip6Source = set;
  vip6Size = set.size;
  const parsed: Uint8Array[] = [];
  for (const text of set) {
    const a = parseIpv6(text);
    if (a) parsed.push(a);
  }
  vip6Bytes = new Uint8Array(parsed.length * 16);
  parsed.forEach((a, i) => vip6Bytes.set(a, i * 16));
}

function matchesVip6(b: Uint8Array, o: number): boolean {
  const n = vip6Bytes.length;
  outer: for (let v = 0; v < n; v += 16) {
    for (let i = 0; i < 16; i++) if (vip6Bytes[v + i] !== b[o + i]) continue outer;
    return true;
  }
  return false;
}

/** The four bytes as an int32 (same bit pattern as the uint32 VIP). */
function i32(b: Uint8Array, o: number): number {
  return ((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number);
}

/** The EtherTypes of VLAN tags walkEtherTypes follows (802.1Q, 802.1ad, the old QinQ 0x9100). */
function isVlanTag(type: number): boolean {
  return type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_OLD;
}

/**
 * The quick answer for most of a capture: an Ethernet frame (up to two VLAN tags) with a plain, well-formed IPv4 or
 * IPv6 header (no options, no fragment, no extension header) whose length agrees with the captured bytes, carrying a
 * complete TCP or UDP header, to and from no known VIP, with no GUE port to watch. For such a frame `isRelevant`
 * answers false; this test reads a dozen bytes instead of parsing the link and IP layers into their scratch records.
 * It answers false whenever anything is different (then the full check decides), so it can only skip frames the full
 * check would skip (test/decoders/relevance.test.ts checks this on random and mutated frames).
 */
export function isPlainEthernetTraffic(b: Uint8Array, start: number, end: number, options: DecodeOptions): boolean {
  let o = start + 12;
  if (end - o < 2) return false;
  let type = ((b[o] as number) << 8) | (b[o + 1] as number);
  for (let tags = 0; tags < 2 && isVlanTag(type); tags++) {
    o += 4;
    if (end - o < 2) return false;
    type = ((b[o] as number) << 8) | (b[o + 1] as number);
  }
  const n = o + 2;
  const avail = end - n;
  let proto: number;
  let payload: number;
  if (type === EtherType.IPV4) {
    // Version 4 with a 20-byte header, neither more-fragments nor an offset, total length within the capture.
    if (avail < 20 || b[n] !== 0x45 || (((b[n + 6] as number) & 0x3f) | (b[n + 7] as number)) !== 0) return false;
    const total = ((b[n + 2] as number) << 8) | (b[n + 3] as number);
    if (total > avail) return false;
    payload = total - 20;
    proto = b[n + 9] as number;
    if (options.vips4.size > 0) {
      if (options.vips4 !== vip4Source || options.vips4.size !== vip4Size) refreshVip4(options.vips4);
      if (isVip4At(b, n + 12) || isVip4At(b, n + 16)) return false;
    }
  } else if (type === EtherType.IPV6) {
    if (avail < 40 || (b[n] as number) >> 4 !== 6 || options.vips6.size > 0) return false;
    payload = ((b[n + 4] as number) << 8) | (b[n + 5] as number);
    if (payload > avail - 40) return false;
    proto = b[n + 6] as number;
  } else {
    return false;
  }
  if (proto === 6) return payload >= 20;
  return proto === 17 && payload >= 8 && options.guePorts.size === 0;
}

/** True when the frame described by `link` (already parsed) must be reported. */
export function isRelevant(b: Uint8Array, link: LinkScratch, truncated: boolean, options: DecodeOptions): boolean {
  if (link.status !== LinkStatus.OK) return true;
  const et = link.etherType;
  if (et === EtherType.ARP || et === EtherType.RARP) return true;
  if (et !== EtherType.IPV4 && et !== EtherType.IPV6) return false;
  const family = et === EtherType.IPV4 ? 4 : 6;
  parseIpHeader(b, link.netOff, link.netEnd, family, truncated, ip);
  if (ip.status !== 0 || !ip.hasHeader) return true;
  if (family === 4) {
    if (options.vips4.size > 0) {
      if (options.vips4 !== vip4Source || options.vips4.size !== vip4Size) refreshVip4(options.vips4);
      if (isVip4At(b, ip.srcOff) || isVip4At(b, ip.dstOff)) return true;
    }
  } else if (options.vips6.size > 0) {
    if (options.vips6 !== vip6Source || options.vips6.size !== vip6Size) refreshVip6(options.vips6);
    if (matchesVip6(b, ip.srcOff) || matchesVip6(b, ip.dstOff)) return true;
  }
  const proto = ip.proto;
  if (proto === 112 || proto === 4 || proto === 41 || proto === 47) return true;
  if (ip.stop) return false;
  const off = ip.payloadOff;
  const end = ip.payloadEnd;
  if (proto === 6 || proto === 17) {
    if (l4IsMalformed(proto, end - off, truncated)) return true;
    return proto === 17 && end - off >= 4 && options.guePorts.size > 0 && options.guePorts.has(((b[off + 2] as number) << 8) | (b[off + 3] as number));
  }
  if ((proto === 1 && family === 4) || (proto === 58 && family === 6)) {
    if (end - off < 4) return true;
    const type = b[off] as number;
    if (isNeighborDiscovery(family, type)) return true;
    if (!isIcmpError(family, type)) return false;
    const quoted = quotedProtocol(b, off + 8, end, family);
    return quoted === 112 || quoted < 0; // a cut quote is reported as malformed
  }
  return false;
}
