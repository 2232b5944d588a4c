/**
 * The benchmark capture: N frames of mixed traffic, as in design/performance-anchors.md — about 2% VRRPv2 adverts,
 * 3% ARP, the rest TCP/UDP over IPv4 and IPv6, 15-20% of frames 802.1Q-tagged. Deterministic (seeded), streamed
 * to disk in 4 MiB blocks so that a 5,000,000-frame file never sits in memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { pcapFileHeader, pcapRecord } from '../src/capture/capture-writer.js';
import {
  arp,
  ethernet,
  ethernetIp,
  ETHERTYPE,
  ipv4,
  ipv6,
  IPPROTO,
  tcp,
  udp,
  vrrpOverIpv4,
} from '../test/helpers/frame-builder.js';

/** 100 virtual routers (VRID 1-50 untagged, 1-50 again on VLAN 100), each with one master advertising every second. */
const ROUTERS = 100;
const FRAME_SPACING_US = 200;
/** Background flow templates (TCP and UDP over IPv4 and IPv6). */
const FLOWS = 600;
/** Frames per TCP/UDP connection before a template moves to a new source port. */
const SEGMENTS_PER_CONNECTION = 24;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

function payload(len: number, fill: number): Uint8Array {
  return new Uint8Array(len).fill(fill);
}

function mac(n: number): string {
  return `02:00:00:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
}

interface FlowTemplate {
  data: Uint8Array;
  /** Offset of the TCP sequence number in the frame, or -1 for UDP. */
  seqOffset: number;
  /** Offset of the UDP header (its source port) in the frame, or -1 for TCP. */
  udpOffset: number;
  payloadLength: number;
}

/**
 * Pre-built frames: the generator picks among them, so generation costs a memcpy per frame. Background traffic is many
 * ordinary flows: TCP sequence numbers advance per flow and ports are unassigned ones, so no peer is sent down an
 * expensive path (TCP retransmission analysis of repeated segments, TLS or DNS dissection of filler bytes) that real
 * traffic would not take.
 */
function templates(): { vrrp: Uint8Array[]; arp: Uint8Array[]; other: FlowTemplate[] } {
  const vrrpFrames: Uint8Array[] = [];
  for (let i = 0; i < ROUTERS; i++) {
    const vrid = (i % 50) + 1;
    const tagged = i >= 50;
    const src = `192.0.2.${10 + (i % 50)}`;
    const pkt = vrrpOverIpv4({ src, vrrp: { version: 2, vrid, priority: 150, addresses: [`198.51.100.${vrid}`] } });
    vrrpFrames.push(ethernetIp(pkt, { src: mac(0x100 + i), dst: '01:00:5e:00:00:12', ...(tagged ? { vlans: [100] } : {}) }));
  }
  const arpFrames: Uint8Array[] = [];
  for (let i = 0; i < 64; i++) {
    const tagged = i % 6 === 0;
    const sender = `203.0.113.${i + 1}`;
    const request = arp({ op: 1, senderMac: mac(0x200 + i), senderIp: sender, targetMac: '00:00:00:00:00:00', targetIp: `203.0.113.${(i * 7) % 250 + 1}` });
    arpFrames.push(ethernet({ src: mac(0x200 + i), dst: 'ff:ff:ff:ff:ff:ff', etherType: ETHERTYPE.ARP, payload: request, ...(tagged ? { vlans: [100] } : {}) }));
  }
  const other: FlowTemplate[] = [];
  const sizes = [0, 40, 120, 300, 600, 1000];
  for (let i = 0; i < FLOWS; i++) {
    const size = sizes[i % sizes.length] ?? 0;
    const tagged = i % 6 === 1;
    const v6 = i % 10 === 3;
    const isUdp = i % 3 === 0;
    const l4 = isUdp
      ? udp({ srcPort: 20000 + i, dstPort: 47000 + (i % 100), payload: payload(size, i) })
      : tcp({ srcPort: 30000 + i, dstPort: 48000 + (i % 100), payload: payload(size, i) });
    const proto = isUdp ? IPPROTO.UDP : IPPROTO.TCP;
    const host = (i % 250) + 1;
    const pkt = v6
      ? ipv6({ src: `2001:db8::${i + 1}`, dst: '2001:db8::ffff', nextHeader: proto, payload: l4 })
      : ipv4({ src: `203.0.113.${host}`, dst: `198.51.100.${200 + (i % 50)}`, proto, id: i, payload: l4 });
    const data = ethernetIp(pkt, { src: mac(0x300 + i), dst: mac(0x400), ...(tagged ? { vlans: [200] } : {}) });
    // Ethernet header, the 802.1Q tag, the IP header (no options, no extension headers), then TCP's sequence number.
    const l4Offset = 14 + (tagged ? 4 : 0) + (v6 ? 40 : 20);
    other.push({ data, seqOffset: isUdp ? -1 : l4Offset + 4, udpOffset: isUdp ? l4Offset : -1, payloadLength: size });
  }
  return { vrrp: vrrpFrames, arp: arpFrames, other };
}

export interface GeneratedCapture {
  frames: number;
  vrrp: number;
  arp: number;
  tagged: number;
  bytes: number;
}

export function generateMixedCapture(path: string, frames: number, seed = 1): GeneratedCapture {
  const t = templates();
  const rand = lcg(seed);
  const fd = openSync(path, 'w');
  const stats: GeneratedCapture = { frames, vrrp: 0, arp: 0, tagged: 0, bytes: 0 };
  const block: Buffer[] = [];
  let blockBytes = 0;
  const flush = (): void => {
    if (!block.length) return;
    const b = Buffer.concat(block);
    writeSync(fd, b);
    stats.bytes += b.length;
    block.length = 0;
    blockBytes = 0;
  };
  block.push(pcapFileHeader({ linkType: 1 }));
  const start = 1764098000 * 1e6;
  let nextRouter = 0;
  let flow = -1;
  const sentByFlow: number[] = [];
  for (let n = 0; n < frames; n++) {
    const r = rand();
    let data: Uint8Array;
    if (r < 0.02) {
      data = t.vrrp[nextRouter % ROUTERS] as Uint8Array;
      nextRouter++;
      stats.vrrp++;
    } else if (r < 0.05) {
      data = t.arp[Math.floor(rand() * t.arp.length)] as Uint8Array;
      stats.arp++;
    } else {
      flow = Math.floor(rand() * t.other.length);
      data = (t.other[flow] as FlowTemplate).data;
    }
    if (data[12] === 0x81) stats.tagged++;
    const rec = pcapRecord({ tsMicros: start + n * FRAME_SPACING_US, data });
    const template = flow >= 0 ? t.other[flow] : undefined;
    if (template) {
      // Short connections, as on a real segment: every SEGMENTS_PER_CONNECTION frames a template moves to a new source
      // port, and within one connection the TCP sequence numbers follow one another.
      const sent = (sentByFlow[flow] ?? 0) + 1;
      sentByFlow[flow] = sent;
      const connection = Math.floor(sent / SEGMENTS_PER_CONNECTION);
      const portOffset = template.seqOffset >= 0 ? template.seqOffset - 4 : template.udpOffset;
      rec.writeUInt16BE(1024 + ((flow * 131 + connection) % 60000), 16 + portOffset);
      if (template.seqOffset >= 0) rec.writeUInt32BE(((sent % SEGMENTS_PER_CONNECTION) * template.payloadLength + 1) >>> 0, 16 + template.seqOffset);
    }
    flow = -1;
    block.push(rec);
    blockBytes += rec.length;
    if (blockBytes >= 4 << 20) flush();
  }
  flush();
  closeSync(fd);
  return stats;
}
