/**
 * Decoded frames (FrameInfo) for analysis and rule tests: scenarios as sequences of adverts, ARP and ND frames,
 * without going through bytes. Frame numbers and timestamps are explicit so tests can assert evidence.
 */
import { decodeError, type DecodeError, type DecodeLayer } from '../../src/decoders/decode-error.js';
import { AUTH_SECRET, type ChecksumStatus, type FrameInfo, type VrrpInfo } from '../../src/decoders/frame-info.js';

export const BASE_TS = 1764098260;

interface Common {
  frame: number;
  /** Seconds after BASE_TS. */
  t: number;
  vlan?: number[];
  iface?: number;
}

function common(c: Common, ethSrc: string, ethDst: string): FrameInfo {
  const ts = BASE_TS + c.t;
  return {
    frame: c.frame,
    ts,
    time: new Date(ts * 1000).toISOString(),
    iface: c.iface ?? 0,
    linkType: 1,
    capLen: 60,
    wireLen: 60,
    vlan: c.vlan ?? [],
    ethSrc,
    ethDst,
  };
}

export interface AdvertSpec extends Common {
  src: string;
  mac: string;
  vrid?: number;
  prio?: number;
  vips?: string[];
  version?: 2 | 3;
  intervalMs?: number;
  ttl?: number;
  dst?: string;
  ethDst?: string;
  authType?: number;
  authSecret?: string;
  checksumVariant?: VrrpInfo['checksumVariant'];
  /** Default: valid with a variant, invalid with `checksumVariant: null`. */
  checksumStatus?: ChecksumStatus;
  count?: number;
  type?: number;
  reserved?: number;
}

export function advert(s: AdvertSpec): FrameInfo {
  const v6 = s.src.includes(':');
  const version = s.version ?? (v6 ? 3 : 2);
  const vips = s.vips ?? [v6 ? 'fe80::1' : '192.0.2.100'];
  const dst = s.dst ?? (v6 ? 'ff02::12' : '224.0.0.18');
  const f = common(s, s.mac, s.ethDst ?? (v6 ? '33:33:00:00:00:12' : '01:00:5e:00:00:12'));
  const variant = s.checksumVariant === undefined ? (version === 2 ? 'v2' : 'v3-pseudo') : s.checksumVariant;
  const vrrp: VrrpInfo = {
    version,
    type: s.type ?? 1,
    vrid: s.vrid ?? 51,
    priority: s.prio ?? 100,
    count: s.count ?? vips.length,
    intervalMs: s.intervalMs ?? 1000,
    checksum: '0x0000',
    checksumValid: variant !== null,
    checksumVariant: variant,
    checksumStatus: s.checksumStatus ?? (variant !== null ? 'valid' : 'invalid'),
    addresses: vips,
  };
  if (version === 2) vrrp.authType = s.authType ?? 0;
  if (s.authType === 1) vrrp.authData = '***';
  if (s.authSecret !== undefined) vrrp[AUTH_SECRET] = s.authSecret;
  if (s.reserved !== undefined) vrrp.reserved = s.reserved;
  f.ip = { version: v6 ? 6 : 4, src: s.src, dst, ttl: s.ttl ?? 255, proto: 112 };
  f.vrrp = vrrp;
  return f;
}

/** The frame with decoder errors added, as the decoder reports them (`errors`, and `error` joining their texts). */
export function withErrors(f: FrameInfo, ...errors: [DecodeLayer, string, string][]): FrameInfo {
  const all: DecodeError[] = [...(f.errors ?? []), ...errors.map(([layer, code, detail]) => decodeError(layer, code, detail))];
  return { ...f, error: all.map((e) => e.message).join('; '), errors: all };
}

/** A run of adverts every `intervalMs` from `from` to `to` seconds (inclusive), numbering frames from `frame`. */
export function adverts(spec: Omit<AdvertSpec, 't' | 'frame'> & { from: number; to: number; frame: number; step?: number }): FrameInfo[] {
  const out: FrameInfo[] = [];
  const every = (spec.intervalMs ?? 1000) / 1000;
  let n = spec.frame;
  for (let t = spec.from; t <= spec.to + 1e-9; t += every) {
    out.push(advert({ ...spec, t: Math.round(t * 1e6) / 1e6, frame: n }));
    n += spec.step ?? 1;
  }
  return out;
}

export interface ArpSpec extends Common {
  op?: 1 | 2;
  senderMac: string;
  senderIp: string;
  targetMac?: string;
  targetIp?: string;
  ethSrc?: string;
  ethDst?: string;
}

export function arp(s: ArpSpec): FrameInfo {
  const op = s.op ?? 1;
  const targetIp = s.targetIp ?? s.senderIp;
  const f = common(s, s.ethSrc ?? s.senderMac, s.ethDst ?? (op === 1 ? 'ff:ff:ff:ff:ff:ff' : (s.targetMac ?? 'ff:ff:ff:ff:ff:ff')));
  const targetMac = s.targetMac ?? (op === 1 ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff');
  const gratuitous = s.senderIp === targetIp;
  f.etherType = 0x0806;
  f.arp = { op, senderMac: s.senderMac, senderIp: s.senderIp, targetMac, targetIp, gratuitous };
  if (gratuitous && op === 1 && targetMac === '00:00:00:00:00:00') f.arp.announcement = true;
  return f;
}

/** keepalived's GARP: request, SPA = TPA = VIP, THA all-ones. */
export function garp(s: Common & { mac: string; vip: string; ethSrc?: string }): FrameInfo {
  return arp({ ...s, op: 1, senderMac: s.mac, senderIp: s.vip, targetIp: s.vip, targetMac: 'ff:ff:ff:ff:ff:ff' });
}

export function na(s: Common & { mac: string; target: string; src?: string; solicited?: boolean; router?: boolean; hopLimit?: number }): FrameInfo {
  const f = common(s, s.mac, '33:33:00:00:00:01');
  f.etherType = 0x86dd;
  f.ip = { version: 6, src: s.src ?? s.target, dst: 'ff02::1', ttl: s.hopLimit ?? 255, proto: 58 };
  f.nd = { type: 'na', target: s.target, router: s.router ?? true, solicited: s.solicited ?? false, override: true, tlla: s.mac };
  return f;
}

/** An IPv4 TCP frame (client → VIP), e.g. LVS-DR traffic; pass the same `id` twice to model a re-sent packet. */
export function tcp(s: Common & { ethSrc: string; ethDst: string; src: string; dst: string; id?: number; srcPort?: number; dstPort?: number; ttl?: number }): FrameInfo {
  const f = common(s, s.ethSrc, s.ethDst);
  f.etherType = 0x0800;
  f.ip = { version: 4, src: s.src, dst: s.dst, ttl: s.ttl ?? 63, proto: 6, id: s.id ?? 1 };
  f.l4 = { proto: 6, srcPort: s.srcPort ?? 40000, dstPort: s.dstPort ?? 80 };
  return f;
}

/** LVS-TUN: an IP-in-IP (or GRE/GUE) frame from the director to a real server, inner destination the VIP. */
export function tunnel(s: Common & { ethSrc: string; ethDst: string; outerSrc: string; outerDst: string; innerSrc: string; vip: string; type?: 'ipip' | 'gre' | 'gue' }): FrameInfo {
  const f = common(s, s.ethSrc, s.ethDst);
  const type = s.type ?? 'ipip';
  f.etherType = 0x0800;
  f.ip = { version: 4, src: s.outerSrc, dst: s.outerDst, ttl: 64, proto: type === 'ipip' ? 4 : type === 'gre' ? 47 : 17 };
  f.tunnel = { type, outer: { src: s.outerSrc, dst: s.outerDst } };
  f.inner = { ip: { version: 4, src: s.innerSrc, dst: s.vip, ttl: 63, proto: 6 }, l4: { proto: 6, srcPort: 40000, dstPort: 80 } };
  return f;
}
