/**
 * The decoded view of one frame: exactly the object `decode --format jsonl` prints (docs/output-contract.md), and
 * what the analysis consumes. Built only for frames that matter (VRRP, CARP, ARP, ND, tunnels, traffic to/from a
 * known VIP, decode errors) unless the caller asks for every frame.
 *
 * Field names are public API: add fields, never rename or remove them.
 */

/** Symbol-keyed so that JSON.stringify never prints it: raw v2 auth data, for equality checks in the analysis only. */
export const AUTH_SECRET: unique symbol = Symbol('vrrp-inspect.authSecret');

export type ChecksumVariant = 'v2' | 'v3-pseudo' | 'v3-no-pseudo' | 'v3-pseudo-mcast';

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
  checksumValid: boolean;
  checksumVariant: ChecksumVariant | null;
  addresses: string[];
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
  /** What could not be decoded, at which layer. The frame is still reported with what was read. */
  error?: string;
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
