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
/** Sorted, as int32 (the uint32 bit patterns), for a binary search. */
let vip4Sorted: Int32Array = new Int32Array(0);

function refreshVip4(set: ReadonlySet<number>): void {
  vip4Source = set;
  vip4Size = set.size;
  vip4Sorted = Int32Array.from(set, (v) => v | 0).sort();
}

function matchesVip4(v: number): boolean {
  let lo = 0;
  let hi = vip4Sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = vip4Sorted[mid] as number;
    if (m === v) return true;
    if (m < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
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
      if (matchesVip4(i32(b, ip.srcOff)) || matchesVip4(i32(b, ip.dstOff))) return true;
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
