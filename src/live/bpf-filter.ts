/**
 * The capture filter of `live`: the kernel keeps only what the analysis decodes (VRRP/CARP, ARP, ICMPv6 neighbour
 * discovery, ICMP errors that may quote VRRP, the IPVS tunnel protocols, GUE ports), so a busy mirror port costs little.
 * It mirrors `decoders/relevance.ts`.
 *
 * libpcap's `vlan` keyword shifts the offsets of every expression written after it (pcap-filter(7)). So the tagged branches
 * come last and nest (`vlan and (… or (vlan and …))` for 802.1ad Q-in-Q), and the user's `--filter` goes first: written
 * after a `vlan` it would silently test the wrong bytes.
 */

export interface CaptureFilterOptions {
  /** UDP ports carrying GUE (IPVS tunnels), from --gue-port. */
  guePorts?: Iterable<number>;
  /** The user's --filter, OR-ed with the default. */
  extra?: string;
}

/** The untagged part: one protocol test per thing the decoder reports. */
export function relevantTrafficFilter(guePorts: Iterable<number> = []): string {
  const terms = [
    // `vrrp` is IPv4 only in libpcap; VRRPv3 for IPv6 needs its own test. CARP shares protocol 112.
    'vrrp',
    'ip6 proto 112',
    'arp',
    'rarp',
    // Neighbour solicitation/advertisement, and ICMPv6 errors (types 1-4) that may quote a VRRP packet.
    '(icmp6 and (icmp6[0] == 135 or icmp6[0] == 136 or icmp6[0] < 5))',
    // ICMP unreachable / time exceeded / parameter problem: they may quote a unicast VRRP advert.
    '(icmp and (icmp[0] == 3 or icmp[0] == 11 or icmp[0] == 12))',
    // IPVS tunnel modes: IP-in-IP, IPv6-in-IPv4, GRE, over either IP version.
    'ip proto 4',
    'ip proto 41',
    'ip proto 47',
    'ip6 proto 4',
    'ip6 proto 41',
    'ip6 proto 47',
    // ARP in an 802.3 frame with LLC/SNAP, which `arp` does not match.
    '(ether[12:2] <= 1500 and ether[14:2] == 0xaaaa and ether[20:2] == 0x0806)',
    // 802.1ah PBB: the customer frame sits behind an I-tag libpcap cannot look into, so all of it is kept (only on a
    // provider backbone mirror is there any); the decoder's pre-dispatch drops the irrelevant part cheaply.
    'ether proto 0x88e7',
  ];
  for (const port of [...new Set(guePorts)].sort((a, b) => a - b)) terms.push(`udp port ${port}`);
  return terms.join(' or ');
}

/** The default filter, including 802.1Q-tagged and Q-in-Q frames. */
export function defaultCaptureFilter(guePorts: Iterable<number> = []): string {
  const base = relevantTrafficFilter(guePorts);
  return `${base} or (vlan and (${base} or (vlan and (${base}))))`;
}

/** What `live` hands libpcap: `(--filter) or <default>`, the user's expression before any `vlan` keyword. */
export function buildCaptureFilter(options: CaptureFilterOptions = {}): string {
  const defaults = defaultCaptureFilter(options.guePorts ?? []);
  const extra = options.extra?.trim();
  return extra ? `(${extra}) or ${defaults}` : defaults;
}
