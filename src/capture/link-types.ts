/**
 * Link-layer header types (tcpdump.org LINKTYPE_* values) that vrrp-inspect decodes. Classic pcap files with any other
 * type are rejected up front; pcapng interfaces with another type get a warning and their frames are still numbered.
 */
export const LINKTYPE = {
  /** BSD loopback: 4-byte address family in host byte order, then IP. */
  NULL: 0,
  ETHERNET: 1,
  /** DLT_RAW as numbered by some BSDs (12) and OpenBSD (14): both mean raw IP in capture files. */
  RAW_BSD: 12,
  RAW_OPENBSD: 14,
  RAW: 101,
  /** OpenBSD loopback: like NULL, the address family in network byte order. */
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export type SupportedLinkType = (typeof LINKTYPE)[keyof typeof LINKTYPE];

const SUPPORTED_NAMES: ReadonlyMap<number, string> = new Map([
  [LINKTYPE.NULL, 'BSD loopback'],
  [LINKTYPE.ETHERNET, 'Ethernet'],
  [LINKTYPE.RAW_BSD, 'raw IP'],
  [LINKTYPE.RAW_OPENBSD, 'raw IP'],
  [LINKTYPE.RAW, 'raw IP'],
  [LINKTYPE.LOOP, 'OpenBSD loopback'],
  [LINKTYPE.LINUX_SLL, 'Linux cooked (SLL)'],
  [LINKTYPE.IPV4, 'raw IPv4'],
  [LINKTYPE.IPV6, 'raw IPv6'],
  [LINKTYPE.LINUX_SLL2, 'Linux cooked v2 (SLL2)'],
]);

/** Names of common types we do not decode, so that an error says what the file actually holds. */
const OTHER_NAMES: ReadonlyMap<number, string> = new Map([
  [6, 'Token Ring'],
  [9, 'PPP'],
  [50, 'PPP in HDLC framing'],
  [104, 'Cisco HDLC'],
  [105, 'IEEE 802.11'],
  [107, 'Frame Relay'],
  [119, 'Prism 802.11'],
  [127, 'IEEE 802.11 radiotap'],
  [189, 'Linux USB'],
  [192, 'PPI'],
  [195, 'IEEE 802.15.4'],
  [201, 'Bluetooth HCI H4'],
  [220, 'Linux USB (mmapped)'],
  [239, 'NFLOG'],
  [253, 'Linux netlink'],
]);

export function isSupportedLinkType(linkType: number): boolean {
  return SUPPORTED_NAMES.has(linkType);
}

/** Human name of a link type, e.g. `Ethernet`; unknown numbers come back as `LINKTYPE 147`. */
export function linkTypeName(linkType: number): string {
  return SUPPORTED_NAMES.get(linkType) ?? OTHER_NAMES.get(linkType) ?? `LINKTYPE ${linkType}`;
}

/** The supported list as one phrase, for error messages. */
export const SUPPORTED_LINK_TYPES_TEXT =
  '0 (BSD loopback), 1 (Ethernet), 12/14/101 (raw IP), 108 (OpenBSD loopback), 113 (Linux SLL), 228 (IPv4), 229 (IPv6), 276 (Linux SLL2)';
