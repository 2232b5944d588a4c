/**
 * Crafts raw frames, layer by layer, for decoder tests, rule tests and fixture generators.
 *
 * Every builder returns plain bytes (a Uint8Array) and takes the layer it wraps as `payload`, so frames compose
 * inside out:
 *
 *   const frame = ethernet({ src: MAC_A, dst: VRRP_MCAST_MAC4, vlans: [100], etherType: ETHERTYPE.IPV4,
 *     payload: vrrpOverIpv4({ src: '192.0.2.11', vrrp: { version: 2, vrid: 51, priority: 150, addresses: ['192.0.2.100'] } }) });
 *   decodeFrame(rawFrame(frame), createDecodeOptions());
 *
 * Checksums (IPv4 header, VRRP in each variant, CARP, ICMP, ICMPv6) are computed here with an implementation of
 * their own, independent of the decoder's, so a test catches a wrong checksum on either side. Every field the
 * decoder validates can be overridden to craft malformed input (lengths, counts, versions, checksums).
 * Addresses are text: MACs `aa:bb:cc:dd:ee:ff`, IPv4 dotted, IPv6 any valid form.
 */
import type { RawFrame } from '../../src/capture/raw-frame.js';
import type { ChecksumVariant } from '../../src/decoders/frame-info.js';

// ---------------------------------------------------------------- constants

// One source for these numbers: the reader's and the decoder's own tables.
export { LINKTYPE } from '../../src/capture/link-types.js';
import { LINKTYPE } from '../../src/capture/link-types.js';
export { EtherType as ETHERTYPE } from '../../src/decoders/link-layer.js';
import { EtherType as ETHERTYPE } from '../../src/decoders/link-layer.js';

export const IPPROTO = { ICMP: 1, IPIP: 4, TCP: 6, UDP: 17, IPV6: 41, GRE: 47, ICMPV6: 58, VRRP: 112 } as const;

export const VRRP_MCAST4 = '224.0.0.18';
export const VRRP_MCAST6 = 'ff02::12';
export const VRRP_MCAST_MAC4 = '01:00:5e:00:00:12';
export const VRRP_MCAST_MAC6 = '33:33:00:00:00:12';
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

/** The VRRP virtual MAC of a VRID (00:00:5e:00:01:XX for IPv4, 00:00:5e:00:02:XX for IPv6). */
export function virtualMac(vrid: number, family: 4 | 6 = 4): string {
  return `00:00:5e:00:0${family === 4 ? 1 : 2}:${vrid.toString(16).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- bytes and addresses

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Bytes from a hex string; spaces, colons and newlines are ignored (`'00 01:02'`). */
export function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex: ${hex}`);
  return Uint8Array.from({ length: clean.length / 2 }, (_, i) => parseInt(clean.slice(2 * i, 2 * i + 2), 16));
}

export function macBytes(text: string): Uint8Array {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6) throw new Error(`bad MAC: ${text}`);
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

export function ipv4Bytes(text: string): Uint8Array {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`bad IPv4: ${text}`);
  return Uint8Array.from(parts);
}

export function ipv6Bytes(text: string): Uint8Array {
  let s = text.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted?.[1]) {
    const v = ipv4Bytes(dotted[1]);
    s = s.slice(0, dotted.index) + `${((v[0]! << 8) | v[1]!).toString(16)}:${((v[2]! << 8) | v[3]!).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...t];
  if (groups.length !== 8) throw new Error(`bad IPv6: ${text}`);
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

function ipBytes(text: string, family: 4 | 6): Uint8Array {
  return family === 4 ? ipv4Bytes(text) : ipv6Bytes(text);
}

export function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >> 8) & 0xff;
  b[o + 1] = v & 0xff;
}

export function put32(b: Uint8Array, o: number, v: number): void {
  put16(b, o, Math.floor(v / 0x10000) & 0xffff);
  put16(b, o + 2, v & 0xffff);
}

/** RFC 1071: one's complement of the one's complement sum of the concatenated parts (each part padded to even). */
export function internetChecksum(...parts: readonly Uint8Array[]): number {
  let sum = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i += 2) sum += (p[i]! << 8) | (p[i + 1] ?? 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/** Pseudo-header for upper-layer checksums: RFC 768 layout for IPv4, RFC 8200 §8.1 for IPv6. */
export function pseudoHeader(family: 4 | 6, src: string, dst: string, proto: number, length: number): Uint8Array {
  if (family === 4) {
    const p = new Uint8Array(12);
    p.set(ipv4Bytes(src), 0);
    p.set(ipv4Bytes(dst), 4);
    p[9] = proto;
    put16(p, 10, length);
    return p;
  }
  const p = new Uint8Array(40);
  p.set(ipv6Bytes(src), 0);
  p.set(ipv6Bytes(dst), 16);
  put32(p, 32, length);
  p[39] = proto;
  return p;
}

// ---------------------------------------------------------------- link layers

export interface VlanTag {
  id: number;
  /** 0x8100 (default), 0x88a8 (802.1ad S-tag) or 0x9100. */
  tpid?: number;
  pcp?: number;
  dei?: boolean;
}

export interface EthernetOptions {
  dst?: string;
  src?: string;
  /** Tags outermost first; a number is an 802.1Q tag with that id. */
  vlans?: readonly (number | VlanTag)[];
  etherType: number;
  payload: Uint8Array;
  /** Pad to the 60-byte Ethernet minimum with zeros, as a NIC does (default true). */
  pad?: boolean;
}

function vlanTagBytes(tags: readonly (number | VlanTag)[]): Uint8Array[] {
  return tags.map((t) => {
    const tag = typeof t === 'number' ? { id: t } : t;
    const b = new Uint8Array(4);
    put16(b, 0, tag.tpid ?? ETHERTYPE.VLAN);
    put16(b, 2, ((tag.pcp ?? 0) << 13) | (tag.dei ? 0x1000 : 0) | (tag.id & 0x0fff));
    return b;
  });
}

function padFrame(frame: Uint8Array, pad: boolean | undefined): Uint8Array {
  return pad === false || frame.length >= 60 ? frame : concatBytes(frame, new Uint8Array(60 - frame.length));
}

/** Ethernet II, with any stack of VLAN tags. The type of each tag is the next tag's TPID, the last one `etherType`. */
export function ethernet(o: EthernetOptions): Uint8Array {
  // dst, src, then a TPID/TCI pair per tag, then the final EtherType.
  const chain = concatBytes(...vlanTagBytes(o.vlans ?? []));
  const head = new Uint8Array(12);
  head.set(macBytes(o.dst ?? BROADCAST_MAC), 0);
  head.set(macBytes(o.src ?? '02:00:00:00:00:01'), 6);
  const type = new Uint8Array(2);
  put16(type, 0, o.etherType);
  return padFrame(concatBytes(head, chain, type, o.payload), o.pad);
}

/** Ethernet II around an IP packet, the EtherType (IPv4 / IPv6) taken from the packet's version nibble. */
export function ethernetIp(packet: Uint8Array, o: Omit<EthernetOptions, 'etherType' | 'payload'> = {}): Uint8Array {
  return ethernet({ ...o, etherType: (packet[0] ?? 0) >> 4 === 6 ? ETHERTYPE.IPV6 : ETHERTYPE.IPV4, payload: packet });
}

/** IEEE 802.3 with a length field and an LLC/SNAP header (AA AA 03, OUI) carrying `etherType`. */
export function ethernetSnap(o: { dst?: string; src?: string; etherType: number; payload: Uint8Array; oui?: number; pad?: boolean }): Uint8Array {
  const snap = new Uint8Array(8);
  snap.set([0xaa, 0xaa, 0x03], 0);
  const oui = o.oui ?? 0;
  snap.set([(oui >> 16) & 0xff, (oui >> 8) & 0xff, oui & 0xff], 3);
  put16(snap, 6, o.etherType);
  const body = concatBytes(snap, o.payload);
  const head = new Uint8Array(14);
  head.set(macBytes(o.dst ?? BROADCAST_MAC), 0);
  head.set(macBytes(o.src ?? '02:00:00:00:00:01'), 6);
  put16(head, 12, body.length);
  return padFrame(concatBytes(head, body), o.pad);
}

/** 802.1ah PBB I-tag payload (put it in an Ethernet frame with etherType 0x88e7): I-SID, customer MACs, then type. */
export function pbbPayload(o: { isid: number; dst: string; src: string; etherType: number; payload: Uint8Array }): Uint8Array {
  const h = new Uint8Array(18);
  put32(h, 0, o.isid & 0xffffff);
  h.set(macBytes(o.dst), 4);
  h.set(macBytes(o.src), 10);
  put16(h, 16, o.etherType);
  return concatBytes(h, o.payload);
}

export interface SllOptions {
  /** Protocol (an EtherType, or 4 for 802.2 LLC). */
  protocol: number;
  payload: Uint8Array;
  /** Link-layer source address (default a MAC). */
  src?: string;
  /** Address length field; defaults to the length of `src` (6). Values above 8 test the decoder's clamp. */
  addrLen?: number;
  packetType?: number;
  arphrd?: number;
}

/** Linux cooked capture v1 (DLT 113): 16-byte header. */
export function sll(o: SllOptions): Uint8Array {
  const h = new Uint8Array(16);
  put16(h, 0, o.packetType ?? 0);
  put16(h, 2, o.arphrd ?? 1);
  const addr = macBytes(o.src ?? '02:00:00:00:00:01');
  put16(h, 4, o.addrLen ?? addr.length);
  h.set(addr, 6);
  put16(h, 14, o.protocol);
  return concatBytes(h, o.payload);
}

/** Linux cooked capture v2 (DLT 276): 20-byte header. */
export function sll2(o: SllOptions & { ifindex?: number }): Uint8Array {
  const h = new Uint8Array(20);
  put16(h, 0, o.protocol);
  put32(h, 4, o.ifindex ?? 2);
  put16(h, 8, o.arphrd ?? 1);
  h[10] = o.packetType ?? 0;
  const addr = macBytes(o.src ?? '02:00:00:00:00:01');
  h[11] = o.addrLen ?? addr.length;
  h.set(addr, 12);
  return concatBytes(h, o.payload);
}

/** BSD loopback (DLT 0): a 4-byte address family in the capturing host's byte order (little-endian by default). */
export function bsdLoopback(o: { family: number; bigEndian?: boolean; payload: Uint8Array }): Uint8Array {
  const h = new Uint8Array(4);
  if (o.bigEndian) put32(h, 0, o.family);
  else h.set([o.family & 0xff, (o.family >> 8) & 0xff, (o.family >> 16) & 0xff, o.family >>> 24], 0);
  return concatBytes(h, o.payload);
}

// ---------------------------------------------------------------- IP

export interface Ipv4Options {
  src: string;
  dst: string;
  proto: number;
  payload: Uint8Array;
  ttl?: number;
  tos?: number;
  id?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** In 8-byte units. */
  fragmentOffset?: number;
  /** Option bytes, zero-padded to a multiple of 4. */
  options?: Uint8Array;
  /** Override the total length field (default: header + payload). */
  totalLength?: number;
  /** Override the IHL field (in 4-byte words). */
  ihl?: number;
  version?: number;
}

export function ipv4(o: Ipv4Options): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const optLen = Math.ceil(opts.length / 4) * 4;
  const h = new Uint8Array(20 + optLen);
  h[0] = ((o.version ?? 4) << 4) | (o.ihl ?? h.length / 4);
  h[1] = o.tos ?? 0;
  put16(h, 2, o.totalLength ?? h.length + o.payload.length);
  put16(h, 4, o.id ?? 0);
  put16(h, 6, (o.dontFragment ? 0x4000 : 0) | (o.moreFragments ? 0x2000 : 0) | ((o.fragmentOffset ?? 0) & 0x1fff));
  h[8] = o.ttl ?? 64;
  h[9] = o.proto;
  h.set(ipv4Bytes(o.src), 12);
  h.set(ipv4Bytes(o.dst), 16);
  h.set(opts, 20);
  put16(h, 10, internetChecksum(h));
  return concatBytes(h, o.payload);
}

export interface Ipv6Extension {
  /** 0 hop-by-hop, 43 routing, 44 fragment, 60 destination options, 51 AH. */
  type: number;
  /** Body after the two-byte (next header, length) prefix; padded to the header's unit (8 bytes, AH 4). */
  body?: Uint8Array;
  /** Fragment header fields. */
  fragmentOffset?: number;
  moreFragments?: boolean;
  identification?: number;
  /** Override the next-header byte (e.g. to build a loop). */
  nextHeader?: number;
}

export interface Ipv6Options {
  src: string;
  dst: string;
  /** Upper-layer protocol after the extension headers. */
  nextHeader: number;
  payload: Uint8Array;
  hopLimit?: number;
  trafficClass?: number;
  extensions?: readonly Ipv6Extension[];
  /** Override the payload length field. */
  payloadLength?: number;
}

function extensionBytes(ext: Ipv6Extension, next: number): Uint8Array {
  if (ext.type === 44) {
    const b = new Uint8Array(8);
    b[0] = ext.nextHeader ?? next;
    put16(b, 2, ((ext.fragmentOffset ?? 0) << 3) | (ext.moreFragments ? 1 : 0));
    put32(b, 4, ext.identification ?? 1);
    return b;
  }
  const unit = ext.type === 51 ? 4 : 8;
  const raw = ext.body ?? new Uint8Array(ext.type === 51 ? 10 : 6);
  const total = Math.max(unit, Math.ceil((2 + raw.length) / unit) * unit);
  const b = new Uint8Array(total);
  b[0] = ext.nextHeader ?? next;
  b[1] = ext.type === 51 ? total / 4 - 2 : total / 8 - 1;
  b.set(raw, 2);
  return b;
}

export function ipv6(o: Ipv6Options): Uint8Array {
  const exts = o.extensions ?? [];
  const extBytes = exts.map((e, i) => extensionBytes(e, exts[i + 1]?.type ?? o.nextHeader));
  const body = concatBytes(...extBytes, o.payload);
  const h = new Uint8Array(40);
  put32(h, 0, (6 * 0x10000000) + ((o.trafficClass ?? 0) << 20));
  put16(h, 4, o.payloadLength ?? body.length);
  h[6] = exts[0]?.type ?? o.nextHeader;
  h[7] = o.hopLimit ?? 64;
  h.set(ipv6Bytes(o.src), 8);
  h.set(ipv6Bytes(o.dst), 24);
  return concatBytes(h, body);
}

// ---------------------------------------------------------------- VRRP and CARP

export interface VrrpFields {
  version: 2 | 3 | number;
  vrid: number;
  priority: number;
  addresses: readonly string[];
  /** Default 1 (advertisement). */
  type?: number;
  /** Override the address-count octet (default addresses.length). */
  count?: number;
  /** v2: auth type (default 0). */
  authType?: number;
  /** v2: the 8 bytes of auth data (a string is zero-padded; default all zero). */
  authData?: string | Uint8Array;
  /** v2: leave the 8 auth-data bytes out entirely (some senders do). */
  omitAuthData?: boolean;
  /** v2: advert interval in seconds (default 1). */
  intervalS?: number;
  /** v3: max advert interval in centiseconds (default 100). */
  intervalCs?: number;
  /** v3: the 4 reserved bits (default 0). */
  reserved?: number;
  /** Bytes appended after the PDU (e.g. a keepalived auth_hmac trailer); not covered by the checksum unless: */
  trailer?: Uint8Array;
  /** The checksum covers the trailer too (Cisco MD5, auth type 254). */
  checksumCoversTrailer?: boolean;
}

/** Cisco IOS's VRRPv2 MD5 trailer (30 bytes): type 0xfe, length 28, algorithm 1, pad, flags, sender IP, sequence, digest. */
export function ciscoMd5Trailer(t: { senderIp: string; sequence: number; digest: Uint8Array }): Uint8Array {
  const b = new Uint8Array(30);
  b[0] = 0xfe;
  b[1] = 28;
  b[2] = 1;
  b.set(ipv4Bytes(t.senderIp), 6);
  put32(b, 10, t.sequence);
  b.set(t.digest.subarray(0, 16), 14);
  return b;
}

/**
 * How to fill the checksum: a variant of protocol-reference §1.3 (default `v2` for version 2, `v3-pseudo` otherwise),
 * `bad` (valid under no variant), or a literal value.
 */
export type VrrpChecksum = ChecksumVariant | 'bad' | number;

export interface VrrpContext {
  family: 4 | 6;
  /** IP source and destination, for the pseudo-header variants. */
  src: string;
  dst: string;
  checksum?: VrrpChecksum;
}

function authDataBytes(v: string | Uint8Array | undefined): Uint8Array {
  const out = new Uint8Array(8);
  if (typeof v === 'string') out.set(Array.from(v.slice(0, 8), (c) => c.charCodeAt(0) & 0xff));
  else if (v) out.set(v.subarray(0, 8));
  return out;
}

function vrrpChecksumFor(pdu: Uint8Array, variant: ChecksumVariant, ctx: VrrpContext): number {
  const mcast = ctx.family === 4 ? VRRP_MCAST4 : VRRP_MCAST6;
  switch (variant) {
    case 'v2':
    case 'v3-no-pseudo':
      return internetChecksum(pdu);
    case 'v3-pseudo':
      return internetChecksum(pseudoHeader(ctx.family, ctx.src, ctx.dst, IPPROTO.VRRP, pdu.length), pdu);
    case 'v3-pseudo-mcast':
      return internetChecksum(pseudoHeader(ctx.family, ctx.src, mcast, IPPROTO.VRRP, pdu.length), pdu);
  }
}

/** A VRRP message (the IP payload). Addresses are IPv4 or IPv6 after `ctx.family`. */
export function vrrp(f: VrrpFields, ctx: VrrpContext): Uint8Array {
  const v3 = f.version === 3;
  const addrs = concatBytes(...f.addresses.map((a) => ipBytes(a, ctx.family)));
  const auth = v3 || f.omitAuthData ? new Uint8Array(0) : authDataBytes(f.authData);
  const h = new Uint8Array(8);
  h[0] = ((f.version & 0x0f) << 4) | ((f.type ?? 1) & 0x0f);
  h[1] = f.vrid;
  h[2] = f.priority;
  h[3] = f.count ?? f.addresses.length;
  if (v3) {
    const cs = f.intervalCs ?? 100;
    h[4] = ((f.reserved ?? 0) << 4) | ((cs >> 8) & 0x0f);
    h[5] = cs & 0xff;
  } else {
    h[4] = f.authType ?? 0;
    h[5] = f.intervalS ?? 1;
  }
  const pdu = concatBytes(h, addrs, auth);
  const trailer = f.trailer ?? new Uint8Array(0);
  const covered = f.checksumCoversTrailer ? concatBytes(pdu, trailer) : pdu;
  const want = ctx.checksum ?? (v3 ? 'v3-pseudo' : 'v2');
  let value: number;
  if (typeof want === 'number') value = want;
  else if (want === 'bad') value = badVrrpChecksum(covered, ctx);
  else value = vrrpChecksumFor(covered, want, ctx);
  put16(pdu, 6, value);
  return concatBytes(pdu, trailer);
}

/** A checksum value that no variant accepts for this PDU. */
function badVrrpChecksum(pdu: Uint8Array, ctx: VrrpContext): number {
  const good = new Set((['v2', 'v3-pseudo', 'v3-pseudo-mcast'] as const).map((v) => vrrpChecksumFor(pdu, v, ctx)));
  let v = 0x1234;
  while (good.has(v)) v = (v + 1) & 0xffff;
  return v;
}

export interface VrrpPacketOptions {
  src: string;
  /** Default 224.0.0.18 / ff02::12. */
  dst?: string;
  /** TTL / hop limit, default 255. */
  ttl?: number;
  vrrp: VrrpFields;
  checksum?: VrrpChecksum;
  /** IPv4 only. */
  id?: number;
  tos?: number;
}

/** An IPv4 packet carrying a VRRP advert (TTL 255 and 224.0.0.18 unless overridden). */
export function vrrpOverIpv4(o: VrrpPacketOptions): Uint8Array {
  const dst = o.dst ?? VRRP_MCAST4;
  const ctx: VrrpContext = { family: 4, src: o.src, dst, ...(o.checksum === undefined ? {} : { checksum: o.checksum }) };
  return ipv4({ src: o.src, dst, proto: IPPROTO.VRRP, ttl: o.ttl ?? 255, id: o.id ?? 0, tos: o.tos ?? 0xc0, payload: vrrp(o.vrrp, ctx) });
}

/** An IPv6 packet carrying a VRRP advert (hop limit 255 and ff02::12 unless overridden). */
export function vrrpOverIpv6(o: VrrpPacketOptions): Uint8Array {
  const dst = o.dst ?? VRRP_MCAST6;
  const ctx: VrrpContext = { family: 6, src: o.src, dst, ...(o.checksum === undefined ? {} : { checksum: o.checksum }) };
  return ipv6({ src: o.src, dst, nextHeader: IPPROTO.VRRP, hopLimit: o.ttl ?? 255, payload: vrrp(o.vrrp, ctx) });
}

export interface CarpFields {
  vhid: number;
  advskew?: number;
  demotion?: number;
  advbase?: number;
  counter?: bigint;
  /** 20-byte SHA-1 HMAC (default zeros). */
  hmac?: Uint8Array;
  version?: number;
  /** Default 7, the value CARP always sends (and that tells it apart from VRRP). */
  authlen?: number;
  badChecksum?: boolean;
}

/** A 36-byte CARP advertisement (the IP payload); the checksum covers the whole message. */
export function carp(f: CarpFields): Uint8Array {
  const b = new Uint8Array(36);
  b[0] = ((f.version ?? 2) << 4) | 1;
  b[1] = f.vhid;
  b[2] = f.advskew ?? 0;
  b[3] = f.authlen ?? 7;
  b[4] = f.demotion ?? 0;
  b[5] = f.advbase ?? 1;
  const counter = f.counter ?? 0n;
  for (let i = 0; i < 8; i++) b[8 + i] = Number((counter >> BigInt(8 * (7 - i))) & 0xffn);
  b.set((f.hmac ?? new Uint8Array(20)).subarray(0, 20), 16);
  const sum = internetChecksum(b);
  put16(b, 6, f.badChecksum ? sum ^ 0x5555 : sum);
  return b;
}

// ---------------------------------------------------------------- ARP

export interface ArpFields {
  /** 1 request, 2 reply, 3/4 RARP. */
  op: number;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
  hardwareType?: number;
  protocolType?: number;
  /** Override hln / pln (the addresses are then zero-filled to those sizes). */
  hardwareSize?: number;
  protocolSize?: number;
}

/** An ARP (or RARP) message, the Ethernet payload. */
export function arp(f: ArpFields): Uint8Array {
  const hln = f.hardwareSize ?? 6;
  const pln = f.protocolSize ?? 4;
  const h = new Uint8Array(8);
  put16(h, 0, f.hardwareType ?? 1);
  put16(h, 2, f.protocolType ?? ETHERTYPE.IPV4);
  h[4] = hln;
  h[5] = pln;
  put16(h, 6, f.op);
  const hw = (mac: string): Uint8Array => (hln === 6 ? macBytes(mac) : new Uint8Array(hln));
  const pr = (ip: string): Uint8Array => (pln === 4 ? ipv4Bytes(ip) : new Uint8Array(pln));
  return concatBytes(h, hw(f.senderMac), pr(f.senderIp), hw(f.targetMac), pr(f.targetIp));
}

// ---------------------------------------------------------------- ICMPv6 neighbour discovery and ICMP errors

export interface NdOption {
  /** 1 source link-layer address, 2 target link-layer address, anything else for a raw option. */
  type: number;
  mac?: string;
  /** Raw option body (after type and length). */
  body?: Uint8Array;
  /** Override the length octet (in 8-byte units): 0 crafts the malformed case. */
  length?: number;
}

export interface NdFields {
  type: 'ns' | 'na';
  target: string;
  router?: boolean;
  solicited?: boolean;
  override?: boolean;
  options?: readonly NdOption[];
}

function ndOptionBytes(o: NdOption): Uint8Array {
  const body = o.body ?? (o.mac ? macBytes(o.mac) : new Uint8Array(6));
  const total = Math.ceil((2 + body.length) / 8) * 8;
  const b = new Uint8Array(total);
  b[0] = o.type;
  b[1] = o.length ?? total / 8;
  b.set(body, 2);
  return b;
}

function icmpv6WithChecksum(msg: Uint8Array, src: string, dst: string): Uint8Array {
  put16(msg, 2, internetChecksum(pseudoHeader(6, src, dst, IPPROTO.ICMPV6, msg.length), msg));
  return msg;
}

/** A neighbour solicitation / advertisement message (the IPv6 payload), checksum over the IPv6 pseudo-header. */
export function icmpv6Nd(f: NdFields, ip: { src: string; dst: string }): Uint8Array {
  const h = new Uint8Array(24);
  h[0] = f.type === 'ns' ? 135 : 136;
  if (f.type === 'na') h[4] = (f.router ? 0x80 : 0) | (f.solicited ? 0x40 : 0) | (f.override ? 0x20 : 0);
  h.set(ipv6Bytes(f.target), 8);
  return icmpv6WithChecksum(concatBytes(h, ...(f.options ?? []).map(ndOptionBytes)), ip.src, ip.dst);
}

/** An IPv6 packet carrying NS/NA (hop limit 255 unless overridden). */
export function ndPacket(o: NdFields & { src: string; dst: string; hopLimit?: number }): Uint8Array {
  return ipv6({ src: o.src, dst: o.dst, nextHeader: IPPROTO.ICMPV6, hopLimit: o.hopLimit ?? 255, payload: icmpv6Nd(o, o) });
}

/** ICMPv4 error (default 3/1 host unreachable) quoting `quoted` (an IP header and the start of its payload). */
export function icmpv4Error(o: { type?: number; code?: number; quoted: Uint8Array }): Uint8Array {
  const h = new Uint8Array(8);
  h[0] = o.type ?? 3;
  h[1] = o.code ?? 1;
  const msg = concatBytes(h, o.quoted);
  put16(msg, 2, internetChecksum(msg));
  return msg;
}

/** ICMPv6 error (default 1/3 address unreachable) quoting an IPv6 packet. */
export function icmpv6Error(o: { type?: number; code?: number; quoted: Uint8Array }, ip: { src: string; dst: string }): Uint8Array {
  const h = new Uint8Array(8);
  h[0] = o.type ?? 1;
  h[1] = o.code ?? 3;
  return icmpv6WithChecksum(concatBytes(h, o.quoted), ip.src, ip.dst);
}

// ---------------------------------------------------------------- transport and tunnels

/** A UDP datagram with a zero (absent) checksum. */
export function udp(o: { srcPort: number; dstPort: number; payload?: Uint8Array; length?: number }): Uint8Array {
  const payload = o.payload ?? new Uint8Array(0);
  const h = new Uint8Array(8);
  put16(h, 0, o.srcPort);
  put16(h, 2, o.dstPort);
  put16(h, 4, o.length ?? 8 + payload.length);
  return concatBytes(h, payload);
}

/** A bare 20-byte TCP header (flags default ACK) plus payload; the checksum is left zero. */
export function tcp(o: { srcPort: number; dstPort: number; flags?: number; payload?: Uint8Array }): Uint8Array {
  const h = new Uint8Array(20);
  put16(h, 0, o.srcPort);
  put16(h, 2, o.dstPort);
  h[12] = 5 << 4;
  h[13] = o.flags ?? 0x10;
  put16(h, 14, 0xffff);
  return concatBytes(h, o.payload ?? new Uint8Array(0));
}

/** IP-in-IP (protocol 4) or, with an IPv6 `inner`, 6in4 (protocol 41): the inner packet wrapped in an outer IPv4. */
export function ipInIpv4(o: { src: string; dst: string; inner: Uint8Array; ttl?: number; id?: number }): Uint8Array {
  const innerIs6 = (o.inner[0] ?? 0) >> 4 === 6;
  return ipv4({ src: o.src, dst: o.dst, proto: innerIs6 ? IPPROTO.IPV6 : IPPROTO.IPIP, ttl: o.ttl ?? 64, id: o.id ?? 0, payload: o.inner });
}

export interface GreOptions {
  /** EtherType of the payload (0x0800 / 0x86dd). */
  protocol: number;
  payload: Uint8Array;
  /** Set the C bit and append a checksum field (computed over the GRE header and payload). */
  checksum?: boolean;
  key?: number;
  sequence?: number;
  /** Version bits (default 0). */
  version?: number;
}

/** A GRE packet (RFC 2784 / 2890), the IP payload of protocol 47. */
export function gre(o: GreOptions): Uint8Array {
  const flags = (o.checksum ? 0x8000 : 0) | (o.key !== undefined ? 0x2000 : 0) | (o.sequence !== undefined ? 0x1000 : 0) | ((o.version ?? 0) & 7);
  const len = 4 + (o.checksum ? 4 : 0) + (o.key !== undefined ? 4 : 0) + (o.sequence !== undefined ? 4 : 0);
  const h = new Uint8Array(len);
  put16(h, 0, flags);
  put16(h, 2, o.protocol);
  let p = 4;
  if (o.checksum) p += 4;
  if (o.key !== undefined) {
    put32(h, p, o.key);
    p += 4;
  }
  if (o.sequence !== undefined) put32(h, p, o.sequence);
  const msg = concatBytes(h, o.payload);
  if (o.checksum) put16(msg, 4, internetChecksum(msg));
  return msg;
}

export interface GueOptions {
  payload: Uint8Array;
  /** 0 (default): a GUE header; 1: no header, the payload is the IP packet itself (its first nibble says 4 or 6). */
  version?: 0 | 1;
  /** Inner IP protocol (default from the payload: 4 or 41). */
  proto?: number;
  /** Extension words after the 4-byte header (hlen). */
  extensionWords?: number;
  /** C bit: a control message (the payload is not an IP packet). */
  control?: boolean;
}

/** A GUE payload for a UDP datagram (draft-ietf-intarea-gue). */
export function gue(o: GueOptions): Uint8Array {
  if (o.version === 1) return o.payload;
  const words = o.extensionWords ?? 0;
  const h = new Uint8Array(4 + words * 4);
  h[0] = (o.control ? 0x20 : 0) | (words & 0x1f);
  h[1] = o.proto ?? ((o.payload[0] ?? 0) >> 4 === 6 ? IPPROTO.IPV6 : IPPROTO.IPIP);
  return concatBytes(h, o.payload);
}

// ---------------------------------------------------------------- raw frames

export interface RawFrameOptions {
  linkType?: number;
  index?: number;
  tsMicros?: number;
  /** Defaults to data.length; a smaller value cuts the frame (as snaplen does, when wireLen stays larger). */
  capLen?: number;
  wireLen?: number;
  iface?: number;
  /** Bytes of unrelated data placed before the frame in `buf` (tests that decoders honour `offset`). */
  offset?: number;
}

/** Wraps bytes as the RawFrame a capture reader hands to its sink. */
export function rawFrame(data: Uint8Array, o: RawFrameOptions = {}): RawFrame {
  const offset = o.offset ?? 0;
  const capLen = o.capLen ?? data.length;
  const buf = new Uint8Array(offset + capLen);
  buf.fill(0xee, 0, offset);
  buf.set(data.subarray(0, capLen), offset);
  return {
    index: o.index ?? 1,
    tsMicros: o.tsMicros ?? 1_764_098_262_079_837,
    capLen,
    wireLen: o.wireLen ?? data.length,
    linkType: o.linkType ?? LINKTYPE.ETHERNET,
    iface: o.iface ?? 0,
    buf,
    offset,
  };
}

/** The first `capLen` bytes of a frame as a snaplen cut leaves them: wireLen keeps the original length. */
export function snaplenCut(data: Uint8Array, capLen: number, o: Omit<RawFrameOptions, 'capLen' | 'wireLen'> = {}): RawFrame {
  return rawFrame(data, { ...o, capLen: Math.min(capLen, data.length), wireLen: data.length });
}

/** The first `length` bytes as a complete (not snaplen-cut) frame: what a malformed, short packet looks like. */
export function shortFrame(data: Uint8Array, length: number, o: Omit<RawFrameOptions, 'capLen' | 'wireLen'> = {}): RawFrame {
  return rawFrame(data.subarray(0, length), o);
}
