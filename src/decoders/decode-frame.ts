/**
 * Entry point of the decoders: one RawFrame in, one FrameInfo out (or null for a frame nobody asked about).
 *
 * Two stages. The relevance check walks the link and IP headers from fixed offsets into reused scratch records and
 * returns null for irrelevant frames before anything is allocated (the ~95% of a capture that is ordinary TCP/UDP).
 * Only reported frames get the full decode, which formats addresses and builds objects. Neither stage keeps anything
 * from one frame to the next, and neither throws: malformed input ends up in `error`.
 *
 * Decisions worth knowing when reading the output:
 * - `truncated` is frame-level (capLen < wireLen). A checksum is judged only when every byte it covers was captured
 *   and the IP length is trustworthy; otherwise `checksumStatus: 'unverified'` (and `checksumValid: false`). Cutting only the
 *   Ethernet padding therefore still yields a verdict. Headers cut by snaplen are still errors (nothing to decode).
 * - VRRP length is the IP payload length (IPv4 total length / IPv6 payload length), never the captured length.
 *   Unknown VRRP versions are decoded with the v2 layout (as Wireshark does); the rules judge version and type.
 *   A v2 advert missing its 8 auth-data bytes is decoded without error and gets `authDataBytes`.
 * - 802.1ah PBB (0x88e7) is followed: ethSrc/ethDst are the customer MACs inside the I-tag.
 * - IP fragments are marked (`fragment`, `fragmentOffset`, `moreFragments`) and never reassembled. Their payload is
 *   not decoded as VRRP or CARP (not even the first fragment's: no receiver acts on a fragment); a first fragment of
 *   a tunnel, TCP/UDP or ICMP packet is still decoded for what its headers say.
 * - GRE other than version 0, GRE payloads that are not IP, and GUE control messages give a `tunnel` without `inner`.
 * - ARP is decoded for Ethernet/IPv4 only (hardware type 1 or 6); `announcement` and `probe` appear only when true.
 * - Errors are structured (`errors`: layer, code, message) and all kept: an IPv4 length error does not hide a VRRP
 *   count error. Decoding stops at a layer that failed hard, keeping what was read before it. A VRRP advert also
 *   says which of its fields the decoder does not vouch for (`unvouched`).
 * - Checksums have three states (`checksumStatus`): valid (with the variant), invalid, unverified.
 */
import type { FramePrefilter, RawFrame } from '../capture/raw-frame.js';
import type { DecodeOptions, FrameInfo } from './frame-info.js';
import { decodeArp } from './arp.js';
import { formatIsoMicros, formatLinkAddress } from './format.js';
import { addError, decodeIpPacket, type IpDraft } from './ip-payload.js';
import { EtherType, LinkScratch, LinkStatus, linkError, parseLinkLayer } from './link-layer.js';
import { isPlainEthernetTraffic, isRelevant } from './relevance.js';
import { LINKTYPE } from '../capture/link-types.js';

export { ipv4ToUint32 } from './addresses.js';

const link = new LinkScratch();
/** Shared by every untagged frame (most of them): frozen, so a consumer that tried to change it would fail loudly. */
const NO_VLANS: number[] = Object.freeze([]) as unknown as number[];

/** Options with defaults: relevant frames only, secrets masked, no GUE port (GUE has no standard port), no VIP yet. */
export function createDecodeOptions(partial: Partial<DecodeOptions> = {}): DecodeOptions {
  return {
    all: partial.all ?? false,
    showSecrets: partial.showSecrets ?? false,
    guePorts: partial.guePorts ?? new Set<number>(),
    vips4: partial.vips4 ?? new Set<number>(),
    vips6: partial.vips6 ?? new Set<string>(),
  };
}

export function decodeFrame(raw: RawFrame, options: DecodeOptions): FrameInfo | null {
  const b = raw.buf;
  const start = raw.offset;
  let end = start + raw.capLen;
  if (end > b.length) end = b.length;
  if (!options.all && raw.linkType === LINKTYPE.ETHERNET && isPlainEthernetTraffic(b, start, end, options)) return null;
  const truncated = raw.capLen < raw.wireLen;
  parseLinkLayer(b, start, end, raw.linkType, link);
  if (!options.all && !isRelevant(b, link, truncated, options)) return null;
  return buildFrameInfo(raw, b, end, truncated, options);
}

/**
 * decodeFrame's first test as a reader's prefilter (readCapture's `prefilter`): the record walker then skips plain
 * traffic before it becomes a RawFrame or reaches the sink, which still calls decodeFrame on what is left. Undefined
 * when the options ask for every frame.
 */
export function plainTrafficPrefilter(options: DecodeOptions): FramePrefilter | undefined {
  if (options.all) return undefined;
  return (b, start, end) => isPlainEthernetTraffic(b, start, end, options);
}

function vlanList(s: LinkScratch): number[] {
  const ids: number[] = [];
  for (let i = 0; i < s.vlanCount; i++) ids.push(s.vlanIds[i] as number);
  return ids;
}

function buildFrameInfo(raw: RawFrame, b: Uint8Array, end: number, truncated: boolean, options: DecodeOptions): FrameInfo {
  const d: IpDraft & Pick<FrameInfo, 'arp'> = {};
  if (link.status !== LinkStatus.OK) {
    addError(d, linkError(link, raw.linkType));
  } else if (link.etherType === EtherType.ARP || link.etherType === EtherType.RARP) {
    const r = decodeArp(b, link.netOff, link.netEnd, truncated);
    if (r.arp) d.arp = r.arp;
    addError(d, r.error);
  } else if (link.etherType === EtherType.IPV4 || link.etherType === EtherType.IPV6) {
    decodeIpPacket(b, link.netOff, link.netEnd, link.etherType === EtherType.IPV4 ? 4 : 6, { options, truncated }, d);
  }

  // Assembled in one fixed key order so that every JSON line lists its fields the same way.
  const f: FrameInfo = {
    frame: raw.index,
    ts: Math.round(raw.tsMicros) / 1e6,
    time: formatIsoMicros(raw.tsMicros),
    iface: raw.iface,
    linkType: raw.linkType,
    capLen: raw.capLen,
    wireLen: raw.wireLen,
    vlan: link.vlanCount === 0 ? NO_VLANS : vlanList(link),
  };
  if (link.srcOff >= 0 && link.srcOff + link.srcLen <= end) f.ethSrc = formatLinkAddress(b, link.srcOff, link.srcLen);
  if (link.dstOff >= 0 && link.dstOff + 6 <= end) f.ethDst = formatLinkAddress(b, link.dstOff, 6);
  if (link.hasEtherType) f.etherType = link.etherType;
  if (d.ip) f.ip = d.ip;
  if (d.l4) f.l4 = d.l4;
  if (d.icmp) f.icmp = d.icmp;
  if (d.vrrp) f.vrrp = d.vrrp;
  if (d.carp) f.carp = d.carp;
  if (d.arp) f.arp = d.arp;
  if (d.nd) f.nd = d.nd;
  if (d.tunnel) f.tunnel = d.tunnel;
  if (d.inner) f.inner = d.inner;
  if (d.errors !== undefined) {
    f.error = d.errors.map((e) => e.message).join('; ');
    f.errors = d.errors;
  }
  if (truncated) f.truncated = true;
  return f;
}
