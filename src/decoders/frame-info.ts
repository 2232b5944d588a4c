/**
 * The decoded view of one frame: exactly the object `decode --format jsonl` prints (docs/output-contract.md), and
 * what the analysis consumes. Built only for frames that matter (VRRP, CARP, ARP, ND, tunnels, traffic to/from a
 * known VIP, decode errors) unless the caller asks for every frame.
 *
 * Field names are public API: add fields, never rename or remove them.
 */

/** Symbol-keyed so that JSON.stringify never prints it: raw v2 auth data, for equality checks in the analysis only. */
export const AUTH_SECRET: unique symbol = Symbol('vrrp-inspect.authSecret');

import type { DecodeError } from './decode-error.js';

export type { DecodeError, DecodeLayer } from './decode-error.js';

export type ChecksumVariant = 'v2' | 'v3-pseudo' | 'v3-no-pseudo' | 'v3-pseudo-mcast';

/**
 * `valid` (a variant matched), `invalid` (judged, none matched), `unverified` (not judged: bytes missing from the
 * capture, or the IP length that bounds the message cannot be trusted).
 */
export type ChecksumStatus = 'valid' | 'invalid' | 'unverified';

/** Cisco IOS MD5 authentication (VRRPv2 auth type 254): the 30-byte trailer after the auth data. */
export interface CiscoMd5Info {
  /** Trailer type, 0xfe. */
  type: number;
  /** Trailer length byte as on the wire. */
  length: number;
  /** The sender's interface address, as the trailer carries it. */
  senderIp: string;
  /** Sequence number (4 bytes before the digest). */
  sequence: number;
  /** The 16-byte MD5 digest as hex: only with --show-secrets. */
  digest?: string;
}

export interface IpInfo {
  version: 4 | 6;
  src: string;
  dst: string;
  /** IPv4 TTL or IPv6 hop limit. */
  ttl: number;
  /** IPv4 protocol, or the IPv6 upper-layer next header after the extension-header walk. */
  proto: number;
  /** IPv4 fragment (MF set or offset > 0) or IPv6 fragment header: marked, never reassembled. */
  fragment?: boolean;
  /** Fragments only: offset of this fragment's data in bytes, and whether more fragments follow (IPv4 MF / IPv6 M). */
  fragmentOffset?: number;
  moreFragments?: boolean;
  /** IPv4 identification / TOS, for correlating the same packet seen twice (LVS-DR). */
  id?: number;
  tos?: number;
}

export interface VrrpInfo {
  version: number;
  type: number;
  vrid: number;
  priority: number;
  count: number;
  /** v2 only (v3 has no auth field). */
  authType?: number;
  /** Advert interval in milliseconds for both versions (v2 seconds x 1000, v3 centiseconds x 10). */
  intervalMs: number;
  /** As on the wire, `0x` and four lowercase hex digits. */
  checksum: string;
  /** True only when checksumStatus is `valid`. */
  checksumValid: boolean;
  checksumVariant: ChecksumVariant | null;
  checksumStatus: ChecksumStatus;
  addresses: string[];
  /**
   * Fields the decoder read but does not vouch for (their bytes' place in the message is a guess: the address count
   * runs past the IP payload, or the IP length is unusable). Absent when it vouches for every field. The model takes
   * in no advert with any.
   */
  unvouched?: ('addresses' | 'auth')[];
  /** Auth type 254 with its trailer (the trailer is then not counted in trailingBytes). */
  ciscoMd5?: CiscoMd5Info;
  /** v2 simple-text auth data (auth type 1): `***` unless --show-secrets, then the text (NULs trimmed). */
  authData?: string;
  /** v3 reserved bits (must be zero). Present only when non-zero. */
  reserved?: number;
  /** Bytes after the VRRP PDU inside the IP payload (e.g. keepalived auth_hmac 28-byte trailer). Only when > 0. */
  trailingBytes?: number;
  /**
   * v2 only, and only when fewer than the 8 bytes of Authentication Data RFC 3768 requires follow the addresses
   * (some senders omit them): how many are there. The advert is still decoded; the checksum covers what is there.
   */
  authDataBytes?: number;
  /** Raw auth data bytes as hex, never serialised. */
  [AUTH_SECRET]?: string;
}

export interface CarpInfo {
  version: number;
  type: number;
  vhid: number;
  advskew: number;
  authlen: number;
  demotion: number;
  advbase: number;
  counter: string;
  checksum: string;
  checksumValid: boolean;
  checksumStatus: ChecksumStatus;
}

export interface ArpInfo {
  op: number;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
  /** Wireshark: op request/reply and SPA == TPA. */
  gratuitous: boolean;
  /** Wireshark: gratuitous request with THA all zeros (RFC 5227). */
  announcement?: boolean;
  /** Wireshark: not gratuitous, request, SPA 0.0.0.0. */
  probe?: boolean;
}

export interface NdInfo {
  type: 'na' | 'ns';
  target: string;
  /** NA flags. */
  router?: boolean;
  solicited?: boolean;
  override?: boolean;
  /** Target link-layer address option (NA). */
  tlla?: string;
  /** Source link-layer address option (NS). */
  slla?: string;
}

export interface L4Info {
  proto: number;
  srcPort?: number;
  dstPort?: number;
}

export interface TunnelInfo {
  type: 'ipip' | 'ip6in4' | 'gre' | 'gue';
  outer: { src: string; dst: string };
  /** GUE: the UDP destination port. */
  port?: number;
  /** GRE: the encapsulated EtherType. */
  etherType?: number;
  /** Tunnels nested inside this one, counted with it (2 or 3); absent for a single tunnel. `inner` is the innermost packet. */
  depth?: number;
}

export interface IcmpInfo {
  version: 4 | 6;
  type: number;
  code: number;
  /** ICMP error quoting an IP packet: the quoted header (a quoted VRRP advert is not an advert). */
  quoted?: { src: string; dst: string; proto: number };
}

export interface FrameInfo {
  frame: number;
  ts: number;
  time: string;
  iface: number;
  linkType: number;
  capLen: number;
  wireLen: number;
  /** VLAN ids, outermost first; [] when untagged. */
  vlan: number[];
  /** Absent for link types without MAC addresses (raw IP, loopback); SLL has only a source. */
  ethSrc?: string;
  ethDst?: string;
  /** EtherType (or SLL protocol) of the payload after VLAN tags. */
  etherType?: number;
  /** The outermost IP header. */
  ip?: IpInfo;
  l4?: L4Info;
  icmp?: IcmpInfo;
  vrrp?: VrrpInfo;
  carp?: CarpInfo;
  arp?: ArpInfo;
  nd?: NdInfo;
  tunnel?: TunnelInfo;
  /** The packet inside a tunnel. */
  inner?: { ip: IpInfo; l4?: L4Info };
  /** What could not be decoded: the messages of `errors`, joined with `; `. The frame is still reported with what was read. */
  error?: string;
  /** Every decoding error, outermost layer first (several layers can fail in one frame). Present exactly when `error` is. */
  errors?: DecodeError[];
  /** Set when capLen < wireLen (cut by snaplen): checksums over missing bytes are not judged. */
  truncated?: boolean;
  /**
   * Merged analysis of several captures (`audit --merge`) only: the vantage points (index into the merge's list) that
   * captured this frame, with its frame number in each capture. Never set by the decoder.
   */
  seenBy?: { vantage: number; frame: number }[];
}

/** Options that change what the decoder reports. */
export interface DecodeOptions {
  /** Report every frame, not only the relevant ones. */
  all: boolean;
  /** Print v2 simple-text passwords instead of `***`. */
  showSecrets: boolean;
  /** UDP destination ports on which GUE is decoded (IPVS GUE tunnels). */
  guePorts: ReadonlySet<number>;
  /**
   * VIPs known so far (from adverts): IPv4 as uint32, IPv6 as RFC 5952 text. Frames to or from one are
   * IPVS-relevant and reported. The analysis fills these as adverts arrive.
   */
  vips4: ReadonlySet<number>;
  vips6: ReadonlySet<string>;
}
