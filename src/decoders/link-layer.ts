/**
 * Link layer: from the first byte of a frame to the start of its network-layer payload. Writes numbers into a
 * reused scratch record and never allocates, because it runs for every frame of a capture.
 */

import { LINKTYPE } from '../capture/link-types.js';
import { decodeError, type DecodeError, type DecodeLayer } from './decode-error.js';

export const EtherType = {
  IPV4: 0x0800,
  ARP: 0x0806,
  RARP: 0x8035,
  IPV6: 0x86dd,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  QINQ_OLD: 0x9100,
  PBB: 0x88e7,
} as const;

/** Link-layer problems, kept as numbers on the hot path and turned into text only for reported frames. */
export const LinkStatus = {
  OK: 0,
  UNSUPPORTED: 1,
  TRUNCATED: 2,
  VLAN_TRUNCATED: 3,
  TOO_MANY_TAGS: 4,
  PBB_TRUNCATED: 5,
  RAW_VERSION: 6,
} as const;

/** Most VLAN tags read from one frame; a deeper stack is reported as malformed rather than walked forever. */
export const MAX_VLAN_TAGS = 8;

export class LinkScratch {
  status = 0;
  /** Bytes present when the header was found short, or the bad value (link type, IP version). */
  detail = 0;
  netOff = 0;
  /** End of the network-layer bytes: the captured end, trimmed by an 802.3 length field. */
  netEnd = 0;
  /** EtherType (after VLAN tags, SNAP), or the IP family implied by raw-IP and loopback link types; -1 when none. */
  etherType = -1;
  /** False for link types that carry no EtherType (raw IP, loopback): FrameInfo.etherType stays absent. */
  hasEtherType = false;
  dstOff = -1;
  srcOff = -1;
  srcLen = 0;
  vlanCount = 0;
  readonly vlanIds = new Int32Array(MAX_VLAN_TAGS);
}

function u16(b: Uint8Array, o: number): number {
  return ((b[o] as number) << 8) | (b[o + 1] as number);
}

/**
 * Walks VLAN tags (802.1Q, 802.1ad, 0x9100) and 802.1ah PBB I-tags, then an 802.3 length field with LLC/SNAP.
 * PBB: the customer MACs inside the I-tag replace the backbone ones, because VRRP and ARP semantics live in the
 * customer's L2 domain.
 */
function walkEtherTypes(b: Uint8Array, o: number, end: number, type: number, s: LinkScratch): void {
  for (let hops = 0; hops < MAX_VLAN_TAGS + 3; hops++) {
    if (type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_OLD) {
      if (end - o < 4) {
        s.status = LinkStatus.VLAN_TRUNCATED;
        s.detail = end - o;
        return;
      }
      if (s.vlanCount === MAX_VLAN_TAGS) {
        s.status = LinkStatus.TOO_MANY_TAGS;
        return;
      }
      s.vlanIds[s.vlanCount++] = u16(b, o) & 0x0fff;
      type = u16(b, o + 2);
      o += 4;
    } else if (type === EtherType.PBB) {
      if (end - o < 18) {
        s.status = LinkStatus.PBB_TRUNCATED;
        s.detail = end - o;
        return;
      }
      s.dstOff = o + 4;
      s.srcOff = o + 10;
      s.srcLen = 6;
      type = u16(b, o + 16);
      o += 18;
    } else {
      break;
    }
  }
  if (type <= 1500) {
    // 802.3 length field: it bounds the payload (dropping padding); only LLC/SNAP carries an EtherType.
    if (o + type < end) end = o + type;
    if (end - o >= 8 && b[o] === 0xaa && b[o + 1] === 0xaa && b[o + 2] === 0x03) {
      type = u16(b, o + 6);
      o += 8;
    } else {
      type = -1;
    }
  }
  s.etherType = type;
  s.hasEtherType = type >= 0;
  s.netOff = o;
  s.netEnd = end;
}

/** SLL protocol: an EtherType, or 4 for 802.2 LLC frames (SNAP may follow); other small values carry nothing we read. */
function walkSllProtocol(b: Uint8Array, o: number, end: number, proto: number, s: LinkScratch): void {
  if (proto >= 0x0600) {
    walkEtherTypes(b, o, end, proto, s);
  } else if (proto === 0x0004) {
    walkEtherTypes(b, o, end, end - o < 1500 ? end - o : 1500, s);
  } else {
    s.netOff = o;
    s.netEnd = end;
  }
}

function rawIp(b: Uint8Array, o: number, end: number, s: LinkScratch): void {
  s.netOff = o;
  s.netEnd = end;
  if (end - o < 1) {
    s.status = LinkStatus.TRUNCATED;
    s.detail = 0;
    return;
  }
  const version = (b[o] as number) >> 4;
  if (version === 4) s.etherType = EtherType.IPV4;
  else if (version === 6) s.etherType = EtherType.IPV6;
  else {
    s.status = LinkStatus.RAW_VERSION;
    s.detail = version;
  }
}

/** Fills `s` for the frame `b[start, end)` of the given link type. */
export function parseLinkLayer(b: Uint8Array, start: number, end: number, linkType: number, s: LinkScratch): void {
  s.status = LinkStatus.OK;
  s.detail = 0;
  s.netOff = start;
  s.netEnd = end;
  s.etherType = -1;
  s.hasEtherType = false;
  s.dstOff = -1;
  s.srcOff = -1;
  s.srcLen = 0;
  s.vlanCount = 0;
  const len = end - start;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      if (len < 14) break;
      s.dstOff = start;
      s.srcOff = start + 6;
      s.srcLen = 6;
      walkEtherTypes(b, start + 14, end, u16(b, start + 12), s);
      return;
    case LINKTYPE.LINUX_SLL: {
      if (len < 16) break;
      const addrLen = u16(b, start + 4);
      s.srcLen = addrLen > 8 ? 8 : addrLen;
      if (s.srcLen > 0) s.srcOff = start + 6;
      walkSllProtocol(b, start + 16, end, u16(b, start + 14), s);
      return;
    }
    case LINKTYPE.LINUX_SLL2: {
      if (len < 20) break;
      const addrLen = b[start + 11] as number;
      s.srcLen = addrLen > 8 ? 8 : addrLen;
      if (s.srcLen > 0) s.srcOff = start + 12;
      walkSllProtocol(b, start + 20, end, u16(b, start), s);
      return;
    }
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_BSD:
    case LINKTYPE.RAW_OPENBSD:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      rawIp(b, start, end, s);
      return;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (len < 4) break;
      // The family is in the capturing host's byte order (network order for LOOP): accept both.
      const be = (((b[start] as number) << 24) | ((b[start + 1] as number) << 16) | u16(b, start + 2)) >>> 0;
      const le = (((b[start + 3] as number) << 24) | ((b[start + 2] as number) << 16) | ((b[start + 1] as number) << 8) | (b[start] as number)) >>> 0;
      s.netOff = start + 4;
      if (be === 2 || le === 2) s.etherType = EtherType.IPV4;
      else if (be === 24 || be === 28 || be === 30 || le === 24 || le === 28 || le === 30) s.etherType = EtherType.IPV6;
      return;
    }
    default:
      s.status = LinkStatus.UNSUPPORTED;
      s.detail = linkType;
      return;
  }
  s.status = LinkStatus.TRUNCATED;
  s.detail = len;
}

const HEADER_NAME: Record<number, [DecodeLayer, number]> = {
  [LINKTYPE.ETHERNET]: ['ethernet', 14],
  [LINKTYPE.LINUX_SLL]: ['sll', 16],
  [LINKTYPE.LINUX_SLL2]: ['sll2', 20],
  [LINKTYPE.NULL]: ['loopback', 4],
  [LINKTYPE.LOOP]: ['loopback', 4],
};

/** The error of a failed link-layer parse (only called for frames that get reported), or undefined when it did not fail. */
export function linkError(s: LinkScratch, linkType: number): DecodeError | undefined {
  switch (s.status) {
    case LinkStatus.UNSUPPORTED:
      return decodeError('link', 'unsupported-link-type', `unsupported link type ${s.detail}`);
    case LinkStatus.TRUNCATED: {
      const h = HEADER_NAME[linkType];
      return h ? decodeError(h[0], 'truncated', `truncated header (${s.detail} of ${h[1]} bytes)`) : decodeError('ip', 'empty', 'empty packet');
    }
    case LinkStatus.VLAN_TRUNCATED:
      return decodeError('vlan', 'truncated', `truncated tag (${s.detail} of 4 bytes)`);
    case LinkStatus.TOO_MANY_TAGS:
      return decodeError('vlan', 'too-many-tags', `more than ${MAX_VLAN_TAGS} tags`);
    case LinkStatus.PBB_TRUNCATED:
      return decodeError('pbb', 'truncated', `truncated I-tag (${s.detail} of 18 bytes)`);
    case LinkStatus.RAW_VERSION:
      return decodeError('ip', 'unknown-version', `unknown version ${s.detail}`);
    default:
      return undefined;
  }
}
