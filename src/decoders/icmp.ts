/** ICMPv4 / ICMPv6 errors (with the quoted IP header) and IPv6 neighbour solicitation / advertisement. */
import type { IcmpInfo, NdInfo } from './frame-info.js';
import { decodeError, type DecodeError } from './decode-error.js';
import { formatIpv4, formatIpv6, formatMac } from './format.js';
import { IpScratch, IpStatus, walkIpv6Extensions } from './ip-header.js';

export interface IcmpResult {
  icmp?: IcmpInfo;
  nd?: NdInfo;
  error?: DecodeError;
}

/** ICMPv4 destination unreachable, time exceeded, parameter problem; ICMPv6 types 1–4. */
export function isIcmpError(version: 4 | 6, type: number): boolean {
  return version === 4 ? type === 3 || type === 11 || type === 12 : type >= 1 && type <= 4;
}

export function isNeighborDiscovery(version: 4 | 6, type: number): boolean {
  return version === 6 && (type === 135 || type === 136);
}

const quotedScratch = new IpScratch();

/** Upper-layer protocol of the IP header quoted at `q`, or -1 when its fixed part is not all there. */
export function quotedProtocol(b: Uint8Array, q: number, end: number, version: 4 | 6): number {
  if (version === 4) {
    if (end - q < 20 || (b[q] as number) >> 4 !== 4) return -1;
    return b[q + 9] as number;
  }
  if (end - q < 40 || (b[q] as number) >> 4 !== 6) return -1;
  // A quoted packet is cut on purpose: follow what is there and keep the last next-header we could read.
  quotedScratch.status = IpStatus.OK;
  quotedScratch.fragment = false;
  walkIpv6Extensions(b, q + 40, end, b[q + 6] as number, quotedScratch);
  return quotedScratch.proto;
}

export function decodeIcmp(b: Uint8Array, off: number, end: number, version: 4 | 6, truncated: boolean): IcmpResult {
  const present = end - off;
  const layer = version === 4 ? 'icmp' : 'icmpv6' as const;
  if (present < 4) return { error: decodeError(layer, 'truncated', `truncated header (${Math.max(0, present)} of 4 bytes)`) };
  const type = b[off] as number;
  const code = b[off + 1] as number;
  if (isNeighborDiscovery(version, type)) return decodeNd(b, off, end, type);
  const icmp: IcmpInfo = { version, type, code };
  if (!isIcmpError(version, type)) return { icmp };
  const q = off + 8;
  const proto = quotedProtocol(b, q, end, version);
  if (proto < 0) {
    const need = version === 4 ? 20 : 40;
    const got = Math.max(0, end - q);
    const what = truncated ? 'cut by snaplen' : 'truncated';
    return { icmp, error: decodeError(layer, truncated ? 'quote-cut-by-snaplen' : 'quote-truncated', `quoted IP header ${what} (${got} of ${need} bytes)`) };
  }
  icmp.quoted =
    version === 4
      ? { src: formatIpv4(b, q + 12), dst: formatIpv4(b, q + 16), proto }
      : { src: formatIpv6(b, q + 8), dst: formatIpv6(b, q + 24), proto };
  return { icmp };
}

function decodeNd(b: Uint8Array, off: number, end: number, type: number): IcmpResult {
  const present = end - off;
  if (present < 24) return { error: decodeError('nd', 'truncated', `truncated message (${present} of 24 bytes)`) };
  const nd: NdInfo = type === 136 ? { type: 'na', target: formatIpv6(b, off + 8) } : { type: 'ns', target: formatIpv6(b, off + 8) };
  if (type === 136) {
    const flags = b[off + 4] as number;
    nd.router = (flags & 0x80) !== 0;
    nd.solicited = (flags & 0x40) !== 0;
    nd.override = (flags & 0x20) !== 0;
  }
  // Each option is at least 8 bytes (length 0 is rejected), so the walk always ends.
  let o = off + 24;
  while (o < end) {
    if (end - o < 2) return { nd, error: decodeError('nd', 'option-truncated', `option header truncated (${end - o} of 2 bytes)`) };
    const optType = b[o] as number;
    const optLen = (b[o + 1] as number) * 8;
    if (optLen === 0) return { nd, error: decodeError('nd', 'option-length-zero', `option type ${optType} has length 0`) };
    if (end - o < optLen) return { nd, error: decodeError('nd', 'option-truncated', `option type ${optType} needs ${optLen} bytes, only ${end - o} present`) };
    if (optType === 1) nd.slla = formatMac(b, o + 2);
    else if (optType === 2) nd.tlla = formatMac(b, o + 2);
    o += optLen;
  }
  return { nd };
}
