/**
 * IPv4 and IPv6 headers, including the bounded IPv6 extension-header walk. Like the link layer, it writes numbers
 * into a reused scratch record: the relevance check runs it for every IP frame.
 */
import { decodeError, type DecodeError, type DecodeLayer } from './decode-error.js';

export const IpStatus = {
  OK: 0,
  TRUNCATED: 1,
  BAD_VERSION: 2,
  BAD_IHL: 3,
  OPTIONS_TRUNCATED: 4,
  TOTAL_TOO_SHORT: 5,
  LENGTH_EXCEEDS: 6,
  EXT_TRUNCATED: 7,
  EXT_TOO_MANY: 8,
} as const;

/** Most IPv6 extension headers walked before the packet is called malformed. */
export const MAX_IPV6_EXT_HEADERS = 10;

export class IpScratch {
  status = 0;
  detail = 0;
  detail2 = 0;
  /** True when src/dst/ttl/proto could be read (the header's fixed part is present), even with a status set. */
  hasHeader = false;
  family = 4;
  srcOff = 0;
  dstOff = 0;
  ttl = 0;
  tos = 0;
  id = 0;
  /** IPv4 protocol or the IPv6 upper-layer header after the extension headers. */
  proto = 0;
  payloadOff = 0;
  /** End of the payload bytes present: the header's length, clamped to what was captured. */
  payloadEnd = 0;
  /** Payload length the header declares (may exceed what was captured when the frame was cut by snaplen). */
  payloadLen = 0;
  fragment = false;
  /** Fragments: this fragment's offset in bytes, and the more-fragments flag. */
  fragmentOffset = 0;
  moreFragments = false;
  /** Payload not decodable: a non-first fragment, ESP, no-next-header, or a header error. */
  stop = false;
}

function u16(b: Uint8Array, o: number): number {
  return ((b[o] as number) << 8) | (b[o + 1] as number);
}

function resetIp(s: IpScratch, family: number, o: number, end: number): void {
  s.status = IpStatus.OK;
  s.detail = 0;
  s.detail2 = 0;
  s.hasHeader = false;
  s.family = family;
  s.srcOff = o;
  s.dstOff = o;
  s.ttl = 0;
  s.tos = 0;
  s.id = 0;
  s.proto = 0;
  s.payloadOff = end;
  s.payloadEnd = end;
  s.payloadLen = 0;
  s.fragment = false;
  s.fragmentOffset = 0;
  s.moreFragments = false;
  s.stop = true;
}

/**
 * Parses the IP header at `b[o, end)`. `truncated`: the frame was cut by snaplen, so a length beyond the captured
 * bytes is expected rather than malformed.
 */
export function parseIpHeader(b: Uint8Array, o: number, end: number, family: 4 | 6, truncated: boolean, s: IpScratch): void {
  if (family === 4) parseIpv4(b, o, end, truncated, s);
  else parseIpv6(b, o, end, truncated, s);
}

function parseIpv4(b: Uint8Array, o: number, end: number, truncated: boolean, s: IpScratch): void {
  resetIp(s, 4, o, end);
  const avail = end - o;
  if (avail < 20) {
    s.status = IpStatus.TRUNCATED;
    s.detail = avail < 0 ? 0 : avail;
    return;
  }
  const version = (b[o] as number) >> 4;
  if (version !== 4) {
    s.status = IpStatus.BAD_VERSION;
    s.detail = version;
    return;
  }
  s.hasHeader = true;
  s.tos = b[o + 1] as number;
  s.id = u16(b, o + 4);
  s.ttl = b[o + 8] as number;
  s.proto = b[o + 9] as number;
  s.srcOff = o + 12;
  s.dstOff = o + 16;
  const flagsFrag = u16(b, o + 6);
  const fragOffset = flagsFrag & 0x1fff;
  s.fragment = (flagsFrag & 0x2000) !== 0 || fragOffset !== 0;
  s.fragmentOffset = fragOffset * 8;
  s.moreFragments = (flagsFrag & 0x2000) !== 0;
  const hlen = ((b[o] as number) & 0x0f) * 4;
  if (hlen < 20) {
    s.status = IpStatus.BAD_IHL;
    s.detail = hlen;
    return;
  }
  if (hlen > avail) {
    s.status = IpStatus.OPTIONS_TRUNCATED;
    s.detail = hlen;
    s.detail2 = avail;
    return;
  }
  const total = u16(b, o + 2);
  s.payloadOff = o + hlen;
  s.stop = fragOffset !== 0;
  if (total < hlen) {
    // Keep going with what was captured (segmentation offload leaves 0 here), but say so.
    s.status = IpStatus.TOTAL_TOO_SHORT;
    s.detail = total;
    s.detail2 = hlen;
    s.payloadEnd = end;
    s.payloadLen = end - s.payloadOff;
    return;
  }
  s.payloadLen = total - hlen;
  if (total <= avail) {
    s.payloadEnd = o + total; // drops Ethernet padding
  } else {
    s.payloadEnd = end;
    if (!truncated) {
      s.status = IpStatus.LENGTH_EXCEEDS;
      s.detail = total;
      s.detail2 = avail;
      s.payloadLen = end - s.payloadOff;
    }
  }
}

function parseIpv6(b: Uint8Array, o: number, end: number, truncated: boolean, s: IpScratch): void {
  resetIp(s, 6, o, end);
  const avail = end - o;
  if (avail < 40) {
    s.status = IpStatus.TRUNCATED;
    s.detail = avail < 0 ? 0 : avail;
    return;
  }
  const version = (b[o] as number) >> 4;
  if (version !== 6) {
    s.status = IpStatus.BAD_VERSION;
    s.detail = version;
    return;
  }
  s.hasHeader = true;
  s.tos = ((u16(b, o) >> 4) & 0xff);
  s.ttl = b[o + 7] as number;
  s.srcOff = o + 8;
  s.dstOff = o + 24;
  const plen = u16(b, o + 4);
  let payloadEnd = o + 40 + plen;
  if (payloadEnd > end) {
    payloadEnd = end;
    if (!truncated) {
      s.status = IpStatus.LENGTH_EXCEEDS;
      s.detail = plen + 40;
      s.detail2 = avail;
    }
  }
  s.payloadEnd = payloadEnd;
  const declaredEnd = s.status === IpStatus.OK ? o + 40 + plen : payloadEnd;
  walkIpv6Extensions(b, o + 40, payloadEnd, b[o + 6] as number, s);
  s.payloadLen = declaredEnd - s.payloadOff;
  if (s.payloadLen < 0) s.payloadLen = 0;
}

/**
 * Follows IPv6 extension headers from `nh` at `o` (bounded: at most MAX_IPV6_EXT_HEADERS). Sets proto, payloadOff,
 * fragment and stop on `s`; a status only when the chain is cut or too long. Also used on ICMPv6-quoted headers.
 */
export function walkIpv6Extensions(b: Uint8Array, o: number, end: number, nh: number, s: IpScratch): void {
  s.stop = false;
  for (let n = 0; ; n++) {
    if (nh !== 0 && nh !== 43 && nh !== 44 && nh !== 60 && nh !== 51) break;
    if (n === MAX_IPV6_EXT_HEADERS) {
      if (s.status === IpStatus.OK) s.status = IpStatus.EXT_TOO_MANY;
      s.stop = true;
      break;
    }
    if (end - o < 8) {
      if (s.status === IpStatus.OK) {
        s.status = IpStatus.EXT_TRUNCATED;
        s.detail = nh;
      }
      s.stop = true;
      break;
    }
    let len: number;
    if (nh === 44) {
      s.fragment = true;
      s.fragmentOffset = u16(b, o + 2) & 0xfff8; // 13-bit offset in 8-byte units, already shifted left by 3
      s.moreFragments = (u16(b, o + 2) & 1) !== 0;
      if (s.fragmentOffset !== 0) s.stop = true; // non-first fragment: never reassembled
      len = 8;
    } else if (nh === 51) {
      len = ((b[o + 1] as number) + 2) * 4;
    } else {
      len = ((b[o + 1] as number) + 1) * 8;
    }
    if (end - o < len) {
      if (s.status === IpStatus.OK) {
        s.status = IpStatus.EXT_TRUNCATED;
        s.detail = nh;
      }
      s.stop = true;
      break;
    }
    nh = b[o] as number;
    o += len;
    if (s.stop) break;
  }
  s.proto = nh;
  s.payloadOff = o;
  if (nh === 50 || nh === 59) s.stop = true;
}

/** True for statuses after which the payload is still decoded (the length fields disagree with the capture). */
export function ipStatusIsSoft(status: number): boolean {
  return status === IpStatus.TOTAL_TOO_SHORT || status === IpStatus.LENGTH_EXCEEDS;
}

/** The error for a header status (`inner`: the header sits inside a tunnel), or undefined for OK. */
export function ipError(s: IpScratch, inner: boolean): DecodeError | undefined {
  const v4 = s.family === 4;
  const layer: DecodeLayer = inner ? (v4 ? 'inner-ipv4' : 'inner-ipv6') : v4 ? 'ipv4' : 'ipv6';
  switch (s.status) {
    case IpStatus.TRUNCATED:
      return decodeError(layer, 'truncated', `truncated header (${s.detail} of ${v4 ? 20 : 40} bytes)`);
    case IpStatus.BAD_VERSION:
      return decodeError(layer, 'bad-version', `version field is ${s.detail}`);
    case IpStatus.BAD_IHL:
      return decodeError(layer, 'header-length-below-20', `header length ${s.detail} is below 20`);
    case IpStatus.OPTIONS_TRUNCATED:
      return decodeError(layer, 'options-truncated', `header length ${s.detail} exceeds the ${s.detail2} bytes present`);
    case IpStatus.TOTAL_TOO_SHORT:
      return decodeError(layer, 'total-below-header', `total length ${s.detail} is below the header length ${s.detail2}`);
    case IpStatus.LENGTH_EXCEEDS:
      return decodeError(layer, 'length-exceeds-capture', `${v4 ? 'total' : 'packet'} length ${s.detail} exceeds the ${s.detail2} bytes present`);
    case IpStatus.EXT_TRUNCATED:
      return decodeError(layer, 'extension-truncated', `extension header ${s.detail} truncated`);
    case IpStatus.EXT_TOO_MANY:
      return decodeError(layer, 'too-many-extensions', `more than ${MAX_IPV6_EXT_HEADERS} extension headers`);
    default:
      return undefined;
  }
}
