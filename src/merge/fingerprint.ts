/**
 * What makes two captured frames the same frame on the wire, seen from two vantage points: the bytes of the headers
 * every capture point records alike. Left out: the link layer's framing (Ethernet vs Linux cooked capture), VLAN tags
 * (an access port and a trunk show one frame differently), lengths and the destination MAC (SLL has none). Kept: the
 * source MAC, the IP header fields that differ packet by packet (IPv4 identification) and the payload fields decoded.
 */
import type { FrameInfo } from '../decoders/frame-info.js';

export function frameFingerprint(f: FrameInfo): string {
  const ip = f.ip;
  const v = f.vrrp;
  const a = f.arp;
  const nd = f.nd;
  const parts: unknown[] = [
    f.ethSrc ?? '',
    ip ? [ip.src, ip.dst, ip.proto, ip.ttl, ip.id ?? -1, ip.tos ?? -1] : 0,
    v ? [v.version, v.type, v.vrid, v.priority, v.intervalMs, v.checksum, v.addresses, v.authType ?? -1] : 0,
    a ? [a.op, a.senderMac, a.senderIp, a.targetMac, a.targetIp] : 0,
    nd ? [nd.type, nd.target, nd.tlla ?? '', nd.slla ?? '', nd.solicited ?? false] : 0,
    f.icmp ? [f.icmp.type, f.icmp.code] : 0,
    f.l4 ? [f.l4.proto, f.l4.srcPort ?? -1, f.l4.dstPort ?? -1] : 0,
    f.inner ? [f.inner.ip.src, f.inner.ip.dst, f.inner.ip.id ?? -1] : 0,
    f.carp ? [f.carp.vhid, f.carp.counter] : 0,
    // Frames the decoder could not read match only frames broken the same way.
    f.error ? [f.error, f.wireLen] : 0,
  ];
  return JSON.stringify(parts);
}

/**
 * A fingerprint as a 53-bit number (cyrb53): what the clock estimate keeps per frame instead of the text, and what it
 * samples by. Two different fingerprints share a number about once in 2^53 pairs.
 */
export function fingerprintKey(print: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < print.length; i++) {
    const c = print.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
