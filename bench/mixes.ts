/**
 * The benchmark captures (issue #10): traffic mixes where our costs differ, generated deterministically from a seed and
 * streamed to disk in 4 MiB blocks so that a 5,000,000-frame file never sits in memory.
 *
 * - `mixed`: 2% VRRPv2 from 6 VRIDs, both peers of every router advertising at random moments (so every router is
 *   contested, at a high advert rate), 20% of the adverts tagged on four VLANs; 3% ARP among a few hundred hosts (60%
 *   requests, 30% replies, 10% gratuitous); the rest TCP, UDP and IPv6 with IMIX-like sizes, 15% tagged, 0.5% QinQ.
 * - `arp-speakers`: as `mixed`, but 5% ARP from 50,000 distinct speakers (250 hosts on each of 200 VLANs), so that the
 *   per-host state grows to its largest.
 * - `vrrp-speakers`: 10% VRRPv2 from 255 VRIDs on 8 VLANs, two contending peers each (4,080 speakers, 2,040 routers).
 *
 * Only documentation addresses are used. Frames are pre-built templates whose varying bytes (ports, sequence numbers,
 * ARP addresses, VRIDs) are patched per frame, so generation costs little more than a copy.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { pcapFileHeader } from '../src/capture/capture-writer.js';
import {
  arp,
  ethernet,
  ethernetIp,
  ETHERTYPE,
  internetChecksum,
  ipv4,
  ipv6,
  IPPROTO,
  tcp,
  udp,
  vrrpOverIpv4,
} from '../test/helpers/frame-builder.js';

export const MIX_NAMES = ['mixed', 'arp-speakers', 'vrrp-speakers'] as const;
export type MixName = (typeof MIX_NAMES)[number];

export const MIX_DESCRIPTIONS: Record<MixName, string> = {
  mixed: '2% VRRPv2 (6 VRIDs, both peers advertising, 20% on 4 VLANs), 3% ARP (300 hosts), rest TCP/UDP/IPv6, 15% tagged, 0.5% QinQ',
  'arp-speakers': 'as mixed, but 5% ARP from 50,000 distinct speakers (250 hosts x 200 VLANs)',
  'vrrp-speakers': 'as mixed, but 10% VRRPv2 from 4,080 speakers (255 VRIDs x 8 VLANs x 2 contending peers)',
};

interface MixShape {
  vrrpShare: number;
  arpShare: number;
  /** VRIDs 1..vrids, on the untagged segment and on each of `vrrpVlans`. */
  vrids: number;
  vrrpVlans: readonly number[];
  /** Share of adverts sent on a VLAN rather than untagged (the rest are untagged). */
  vrrpTaggedShare: number;
  /** ARP hosts: `arpHostsPerVlan` hosts on each of `arpVlans` (VLAN 0 = untagged). */
  arpHostsPerVlan: number;
  arpVlans: readonly number[];
}

const SHAPES: Record<MixName, MixShape> = {
  mixed: { vrrpShare: 0.02, arpShare: 0.03, vrids: 6, vrrpVlans: [10, 20, 30, 40], vrrpTaggedShare: 0.2, arpHostsPerVlan: 300, arpVlans: [0] },
  'arp-speakers': {
    vrrpShare: 0.02,
    arpShare: 0.05,
    vrids: 6,
    vrrpVlans: [10, 20, 30, 40],
    vrrpTaggedShare: 0.2,
    arpHostsPerVlan: 250,
    arpVlans: Array.from({ length: 200 }, (_, i) => 1000 + i),
  },
  'vrrp-speakers': {
    vrrpShare: 0.1,
    arpShare: 0.03,
    vrids: 255,
    vrrpVlans: [10, 20, 30, 40, 50, 60, 70],
    vrrpTaggedShare: 7 / 8,
    arpHostsPerVlan: 300,
    arpVlans: [0],
  },
};

/** Microseconds between frames on average (about 5,000 frames per second, jittered). */
const MEAN_SPACING_US = 200;
const BACKGROUND_FLOWS = 800;
const SEGMENTS_PER_CONNECTION = 24;
const TAGGED_BACKGROUND_SHARE = 0.15;
const QINQ_BACKGROUND_SHARE = 0.005;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

function mac(prefix: number, n: number): string {
  const bytes = [2, prefix & 255, (n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** A host address among 198.51.100.0/24 and 203.0.113.0/24 (documentation ranges), 500 in all. */
function hostIp(n: number): string {
  const i = n % 500;
  return i < 250 ? `198.51.100.${i + 1}` : `203.0.113.${i - 249}`;
}

function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >> 8) & 255;
  b[o + 1] = v & 255;
}

function put32(b: Uint8Array, o: number, v: number): void {
  put16(b, o, (v >>> 16) & 0xffff);
  put16(b, o + 2, v & 0xffff);
}

/** IMIX-like payload sizes: mostly small (ACKs, DNS-sized), a third mid-sized, a tail of full-size segments. */
function payloadSize(rand: () => number, v6: boolean): number {
  const r = rand();
  const max = v6 ? 1440 : 1460;
  if (r < 0.55) return 0;
  if (r < 0.7) return 20 + Math.floor(rand() * 200);
  if (r < 0.88) return 500 + Math.floor(rand() * 100);
  return max;
}

interface BackgroundTemplate {
  data: Uint8Array;
  /** Offset of the L4 header (source port first). */
  l4Offset: number;
  tcp: boolean;
  payloadLength: number;
}

function backgroundTemplates(rand: () => number): BackgroundTemplate[] {
  const out: BackgroundTemplate[] = [];
  for (let i = 0; i < BACKGROUND_FLOWS; i++) {
    const v6 = rand() < 0.1;
    const isTcp = rand() < 0.7;
    const size = payloadSize(rand, v6);
    const r = rand();
    const vlans = r < QINQ_BACKGROUND_SHARE ? [{ id: 300, tpid: 0x88a8 }, 301] : r < TAGGED_BACKGROUND_SHARE ? [200 + (i % 3)] : [];
    const body = new Uint8Array(size).fill(i & 255);
    const l4 = isTcp
      ? tcp({ srcPort: 30000 + i, dstPort: 48000 + (i % 100), payload: body })
      : udp({ srcPort: 20000 + i, dstPort: 47000 + (i % 100), payload: body });
    const proto = isTcp ? IPPROTO.TCP : IPPROTO.UDP;
    const pkt = v6
      ? ipv6({ src: `2001:db8::${(i % 4000) + 1}`, dst: `2001:db8:1::${(i % 50) + 1}`, nextHeader: proto, payload: l4 })
      : ipv4({ src: hostIp(i), dst: hostIp(i * 7 + 13), proto, id: i, payload: l4 });
    const data = ethernetIp(pkt, { src: mac(3, i), dst: mac(4, i % 20), vlans });
    out.push({ data, l4Offset: 14 + 4 * vlans.length + (v6 ? 40 : 20), tcp: isTcp, payloadLength: size });
  }
  return out;
}

interface VrrpTemplate {
  data: Uint8Array;
  /** Offsets in the frame of the VRID, the VRRP checksum, the PDU, the virtual address's last byte and the VLAN tag (or -1). */
  vridOffset: number;
  checksumOffset: number;
  pduOffset: number;
  pduLength: number;
  vipLastByteOffset: number;
  vlanOffset: number;
}

/** One advert per peer and tagging; the VRID, VLAN and address are patched per frame (VRRP checksum recomputed). */
function vrrpTemplate(peer: 0 | 1, tagged: boolean): VrrpTemplate {
  const priority = peer === 0 ? 150 : 100;
  // Peers sit outside the hosts' range and the VIPs (192.0.2.<vrid>), so no address is claimed twice by accident.
  const pkt = vrrpOverIpv4({ src: `203.0.113.${253 + peer}`, vrrp: { version: 2, vrid: 1, priority, addresses: ['192.0.2.101'] } });
  const data = ethernetIp(pkt, { src: mac(1, peer), dst: '01:00:5e:00:00:12', ...(tagged ? { vlans: [10] } : {}) });
  const ipOffset = 14 + (tagged ? 4 : 0);
  const pduOffset = ipOffset + 20;
  return {
    data,
    vridOffset: pduOffset + 1,
    checksumOffset: pduOffset + 6,
    pduOffset,
    pduLength: pkt.length - 20,
    vipLastByteOffset: pduOffset + 8 + 3,
    vlanOffset: tagged ? 12 : -1,
  };
}

interface ArpTemplate {
  data: Uint8Array;
  arpOffset: number;
  vlanOffset: number;
}

function arpTemplate(tagged: boolean): ArpTemplate {
  const payload = arp({ op: 1, senderMac: mac(2, 0), senderIp: '198.51.100.1', targetMac: '00:00:00:00:00:00', targetIp: '198.51.100.2' });
  const data = ethernet({ src: mac(2, 0), dst: 'ff:ff:ff:ff:ff:ff', etherType: ETHERTYPE.ARP, payload, ...(tagged ? { vlans: [1] } : {}) });
  return { data, arpOffset: 14 + (tagged ? 4 : 0), vlanOffset: tagged ? 12 : -1 };
}

function putIpv4Text(b: Uint8Array, o: number, text: string): void {
  text.split('.').forEach((p, i) => (b[o + i] = Number(p)));
}

function putMac(b: Uint8Array, o: number, prefix: number, n: number): void {
  b[o] = 2;
  b[o + 1] = prefix;
  put32(b, o + 2, n);
}

export interface GeneratedCapture {
  mix: MixName;
  frames: number;
  vrrp: number;
  arp: number;
  tagged: number;
  bytes: number;
}

/** Writes `frames` frames of `mix` to `path` as a classic microsecond pcap. */
export function generateMix(mix: MixName, path: string, frames: number, seed = 1): GeneratedCapture {
  const shape = SHAPES[mix];
  const rand = lcg(seed * 2654435761);
  const background = backgroundTemplates(rand);
  const vrrpT = [vrrpTemplate(0, false), vrrpTemplate(1, false), vrrpTemplate(0, true), vrrpTemplate(1, true)];
  const arpT = [arpTemplate(false), arpTemplate(true)];
  const arpHosts = shape.arpHostsPerVlan * shape.arpVlans.length;
  const stats: GeneratedCapture = { mix, frames, vrrp: 0, arp: 0, tagged: 0, bytes: 0 };
  const fd = openSync(path, 'w');
  const BLOCK = 4 << 20;
  const block = Buffer.alloc(BLOCK + 65536);
  let used = 0;
  const flush = (): void => {
    writeSync(fd, block, 0, used);
    stats.bytes += used;
    used = 0;
  };
  const header = pcapFileHeader({ linkType: 1 });
  block.set(header, 0);
  used = header.length;
  const sentByFlow = new Uint32Array(BACKGROUND_FLOWS);
  let arpSpeaker = 0;
  let tsMicros = 1764098000 * 1e6;
  for (let n = 0; n < frames; n++) {
    tsMicros += 1 + Math.floor(rand() * 2 * MEAN_SPACING_US);
    const r = rand();
    // The frame is copied into the block first, then patched in place.
    const recOffset = used + 16;
    let data: Uint8Array;
    if (r < shape.vrrpShare) {
      const peer = rand() < 0.5 ? 0 : 1;
      const tagged = rand() < shape.vrrpTaggedShare;
      const t = vrrpT[(tagged ? 2 : 0) + peer] as VrrpTemplate;
      data = t.data;
      block.set(data, recOffset);
      const vrid = 1 + Math.floor(rand() * shape.vrids);
      block[recOffset + t.vridOffset] = vrid;
      block[recOffset + t.vipLastByteOffset] = vrid;
      if (t.vlanOffset >= 0) put16(block, recOffset + t.vlanOffset + 2, shape.vrrpVlans[Math.floor(rand() * shape.vrrpVlans.length)] as number);
      put16(block, recOffset + t.checksumOffset, 0);
      const pdu = block.subarray(recOffset + t.pduOffset, recOffset + t.pduOffset + t.pduLength);
      put16(block, recOffset + t.checksumOffset, internetChecksum(pdu));
      stats.vrrp++;
    } else if (r < shape.vrrpShare + shape.arpShare) {
      // 50,000 speakers are visited in turn so that every one of them appears; a few hundred are picked at random.
      const host = arpHosts > 1000 ? arpSpeaker++ % arpHosts : Math.floor(rand() * arpHosts);
      const vlan = shape.arpVlans[Math.floor(host / shape.arpHostsPerVlan)] as number;
      const t = arpT[vlan === 0 ? 0 : 1] as ArpTemplate;
      data = t.data;
      block.set(data, recOffset);
      if (t.vlanOffset >= 0) put16(block, recOffset + t.vlanOffset + 2, vlan);
      const a = recOffset + t.arpOffset;
      const peerHost = (host - (host % shape.arpHostsPerVlan)) + Math.floor(rand() * shape.arpHostsPerVlan);
      const senderIp = hostIp(host % shape.arpHostsPerVlan);
      const kind = rand();
      putMac(block, a + 8, 2, host);
      putIpv4Text(block, a + 14, senderIp);
      putMac(block, recOffset + 6, 2, host);
      if (kind < 0.6) {
        // Request: broadcast, target MAC zero.
        putIpv4Text(block, a + 24, hostIp(peerHost % shape.arpHostsPerVlan));
      } else if (kind < 0.9) {
        // Reply, unicast to the asker.
        put16(block, a + 6, 2);
        putMac(block, a + 18, 2, peerHost);
        putMac(block, recOffset, 2, peerHost);
        putIpv4Text(block, a + 24, hostIp(peerHost % shape.arpHostsPerVlan));
      } else {
        // Gratuitous request: target IP = sender IP.
        putIpv4Text(block, a + 24, senderIp);
      }
      stats.arp++;
    } else {
      const flow = Math.floor(rand() * BACKGROUND_FLOWS);
      const t = background[flow] as BackgroundTemplate;
      data = t.data;
      block.set(data, recOffset);
      // Short connections, as on a real segment: a flow moves to a new source port every SEGMENTS_PER_CONNECTION
      // frames, and within a connection TCP sequence numbers follow one another.
      const sent = ++sentByFlow[flow]!;
      const connection = Math.floor(sent / SEGMENTS_PER_CONNECTION);
      // Linux's ephemeral port range, so that no peer takes a registered port's dissector to filler bytes.
      put16(block, recOffset + t.l4Offset, 32768 + ((flow * 131 + connection) % 28232));
      if (t.tcp) put32(block, recOffset + t.l4Offset + 4, ((sent % SEGMENTS_PER_CONNECTION) * t.payloadLength + 1) >>> 0);
    }
    if (data[12] === 0x81 || data[12] === 0x88) stats.tagged++;
    // Record header: seconds, microseconds, captured and original length (little-endian).
    const sec = Math.floor(tsMicros / 1e6);
    block.writeUInt32LE(sec, used);
    block.writeUInt32LE(tsMicros - sec * 1e6, used + 4);
    block.writeUInt32LE(data.length, used + 8);
    block.writeUInt32LE(data.length, used + 12);
    used = recOffset + data.length;
    if (used >= BLOCK) flush();
  }
  if (used > 0) flush();
  closeSync(fd);
  return stats;
}
