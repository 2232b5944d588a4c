/** Frames and streams for the live tests: VRRPv3 adverts at a short interval so that silence shows within a second. */
import { PassThrough } from 'node:stream';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { LiveSession, type LiveView } from '../../src/live/live-session.js';
import { streamSource } from '../../src/live/live-source.js';
import { pcapFileHeader, pcapRecord } from '../../src/capture/capture-writer.js';
import { ETHERTYPE, LINKTYPE, VRRP_MCAST_MAC4, arp, ethernet, virtualMac, vrrpOverIpv4 } from '../helpers/frame-builder.js';

export const VIP = '192.0.2.100';
export const VRID = 51;
export const A = { ip: '192.0.2.11', mac: '02:00:00:00:01:01' };
export const B = { ip: '192.0.2.12', mac: '02:00:00:00:01:02' };
/** VRRPv3 interval in centiseconds: 100 ms. */
export const INTERVAL_CS = 10;
export const T0_MICROS = 1_764_098_262_000_000;

export function advert(speaker: { ip: string; mac: string }, priority: number): Uint8Array {
  return ethernet({
    src: speaker.mac,
    dst: VRRP_MCAST_MAC4,
    etherType: ETHERTYPE.IPV4,
    payload: vrrpOverIpv4({ src: speaker.ip, vrrp: { version: 3, vrid: VRID, priority, addresses: [VIP], intervalCs: INTERVAL_CS } }),
  });
}

/** A gratuitous ARP for the VIP from the virtual MAC, as a new keepalived master sends. */
export function garp(): Uint8Array {
  const mac = virtualMac(VRID);
  return ethernet({
    src: mac,
    etherType: ETHERTYPE.ARP,
    payload: arp({ op: 1, senderMac: mac, senderIp: VIP, targetMac: 'ff:ff:ff:ff:ff:ff', targetIp: VIP }),
  });
}

/** An ordinary ARP request between two other hosts: shows the capture is not filtered to VRRP only. */
export function arpRequest(): Uint8Array {
  return ethernet({
    src: '02:00:00:00:02:01',
    etherType: ETHERTYPE.ARP,
    payload: arp({ op: 1, senderMac: '02:00:00:00:02:01', senderIp: '192.0.2.50', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.51' }),
  });
}

export interface TimedFrame {
  /** Microseconds after T0. */
  at: number;
  data: Uint8Array;
}

/** A takeover: A advertises (priority 100) for `masterAdverts` intervals, then B (200) preempts without any GARP. */
export function preemptWithoutGarp(masterAdverts = 5, challengerAdverts = 2): TimedFrame[] {
  const out: TimedFrame[] = [];
  for (let i = 0; i < masterAdverts; i++) out.push({ at: i * 100_000, data: advert(A, 100) });
  for (let i = 0; i < challengerAdverts; i++) out.push({ at: (masterAdverts + i) * 100_000, data: advert(B, 200) });
  return out;
}

export function pcapBytes(frames: readonly TimedFrame[]): Buffer {
  return Buffer.concat([
    pcapFileHeader({ linkType: LINKTYPE.ETHERNET }),
    ...frames.map((f) => pcapRecord({ tsMicros: T0_MICROS + f.at, data: f.data })),
  ]);
}

/** A stream that delivers the capture and then stays open, as a quiet `tcpdump -U -w -` would. */
export function openStream(frames: readonly TimedFrame[]): PassThrough {
  const stream = new PassThrough();
  stream.write(pcapBytes(frames));
  return stream;
}

/** The view of a session that read these frames to the end, as `live -` with source name eth0. */
export async function viewAfter(frames: readonly TimedFrame[]): Promise<LiveView> {
  const stream = new PassThrough();
  stream.end(pcapBytes(frames));
  const live = new LiveSession({
    source: streamSource(stream, 'eth0'), analysis: DEFAULT_ANALYSIS_OPTIONS, rules: ALL_RULES, guePorts: new Set(), observers: [],
  });
  await live.run();
  return live.view();
}

