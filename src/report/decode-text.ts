/**
 * `decode --format text`: one tcpdump-like line per decoded frame, prefixed with the frame number and the UTC time
 * of day. Wording follows tcpdump (print-vrrp.c, print-arp.c, print-icmp6.c) so a line can be compared with
 * `tcpdump -n -v` output; the line never wraps.
 */
import { isoTimeOfDay } from '../decoders/format.js';
import { escapeControls, quoteCaptureText } from './format.js';
import type { ArpInfo, CarpInfo, FrameInfo, IcmpInfo, IpInfo, L4Info, NdInfo, VrrpInfo } from '../decoders/frame-info.js';
import { CISCO_MD5_TRAILER_LEN } from '../decoders/vrrp.js';

const AUTH_TYPE_NAMES: Record<number, string> = { 0: 'none', 1: 'simple', 2: 'ah', 254: 'cisco-md5' };
const ZERO_MAC = '00:00:00:00:00:00';

/** VRRP length as tcpdump prints it: the IP payload length, rebuilt from the decoded fields. */
function vrrpLength(v: VrrpInfo, family: 4 | 6): number {
  const addrSize = family === 6 ? 16 : 4;
  const auth = v.version === 3 ? 0 : v.authDataBytes ?? 8;
  return 8 + v.count * addrSize + auth + (v.ciscoMd5 ? CISCO_MD5_TRAILER_LEN : 0) + (v.trailingBytes ?? 0);
}

function formatVrrp(v: VrrpInfo, ip: IpInfo | undefined, truncated: boolean): string {
  let s = `VRRPv${v.version}, ${v.type === 1 ? 'Advertisement' : `type ${v.type}`}`;
  if (ip && ip.ttl !== 255) s += `, (ttl ${ip.ttl})`;
  if ((v.version !== 2 && v.version !== 3) || v.type !== 1) return s;
  s += `, vrid ${v.vrid}, prio ${v.priority}`;
  const length = vrrpLength(v, ip?.version ?? 4);
  if (v.version === 3) {
    s += `, intvl ${v.intervalMs / 10}cs, length ${length}`;
  } else {
    const auth = v.authType === undefined ? '?' : AUTH_TYPE_NAMES[v.authType] ?? String(v.authType);
    s += `, authtype ${auth}, intvl ${v.intervalMs / 1000}s, length ${length}`;
  }
  if (v.reserved !== undefined) s += `, reserved ${v.reserved}`;
  if (v.addresses.length > 0) s += `, addrs: ${v.addresses.join(',')}`;
  if (v.authData !== undefined) s += ` auth ${quoteCaptureText(v.authData)}`;
  const md5 = v.ciscoMd5;
  if (md5) s += `, md5 sender ${md5.senderIp} seq ${md5.sequence}${md5.digest === undefined ? '' : ` digest ${md5.digest}`}`;
  // Only a judged checksum is called bad; an unverified one (bytes missing, length unknown) is said to be so.
  if (v.checksumStatus === 'valid') {
    if (v.checksumVariant !== 'v2' && v.checksumVariant !== 'v3-pseudo') s += `, cksum ${v.checksumVariant}`;
  } else if (v.checksumStatus === 'invalid') {
    s += `, (bad vrrp cksum ${v.checksum.slice(2)})`;
  } else if (!truncated) {
    s += ', cksum unverified';
  }
  if (v.trailingBytes !== undefined) s += `, trailer ${v.trailingBytes} bytes`;
  return s;
}

function formatCarp(c: CarpInfo): string {
  let s = `CARPv${c.version}-${c.type === 1 ? 'advertise' : `type${c.type}`}, vhid ${c.vhid}, advbase ${c.advbase}, advskew ${c.advskew}, demote ${c.demotion}`;
  if (c.checksumStatus === 'invalid') s += `, (bad carp cksum ${c.checksum.slice(2)})`;
  return s;
}

function formatArp(a: ArpInfo, etherType: number | undefined): string {
  const proto = etherType === 0x8035 ? 'RARP' : 'ARP';
  let s: string;
  switch (a.op) {
    case 1:
      s = `Request who-has ${a.targetIp}${a.targetMac === ZERO_MAC ? '' : ` (${a.targetMac})`} tell ${a.senderIp}`;
      break;
    case 2:
      s = `Reply ${a.senderIp} is-at ${a.senderMac}`;
      break;
    case 3:
      s = `Reverse Request who-is ${a.targetMac} tell ${a.senderMac}`;
      break;
    case 4:
      s = `Reverse Reply ${a.targetMac} at ${a.targetIp}`;
      break;
    default:
      s = `op ${a.op}, sender ${a.senderIp} (${a.senderMac}), target ${a.targetIp} (${a.targetMac})`;
  }
  if (a.announcement) s += ' (announcement)';
  else if (a.gratuitous) s += ' (gratuitous)';
  if (a.probe) s += ' (probe)';
  return `${proto}, ${s}`;
}

function formatNd(n: NdInfo, ip: IpInfo | undefined): string {
  let s = 'ICMP6, ';
  if (n.type === 'na') {
    const flags = [n.router ? 'router' : '', n.solicited ? 'solicited' : '', n.override ? 'override' : ''].filter(Boolean);
    s += `neighbor advertisement, tgt is ${n.target}, Flags [${flags.join(', ') || 'none'}]`;
  } else {
    s += `neighbor solicitation, who has ${n.target}`;
  }
  if (n.slla !== undefined) s += `, slla ${n.slla}`;
  if (n.tlla !== undefined) s += `, tlla ${n.tlla}`;
  if (ip && ip.ttl !== 255) s += `, (hlim ${ip.ttl})`;
  return s;
}

function formatIcmp(i: IcmpInfo): string {
  let s = `${i.version === 4 ? 'ICMP' : 'ICMP6'} type ${i.type} code ${i.code}`;
  if (i.quoted) s += `, quoting ${i.quoted.src} > ${i.quoted.dst} proto ${i.quoted.proto}`;
  return s;
}

function endpoints(ip: IpInfo, l4: L4Info | undefined): string {
  if (l4?.srcPort !== undefined && l4.dstPort !== undefined) return `${ip.src}.${l4.srcPort} > ${ip.dst}.${l4.dstPort}`;
  return `${ip.src} > ${ip.dst}`;
}

function transportName(ip: IpInfo): string {
  return ip.proto === 6 ? 'TCP' : ip.proto === 17 ? 'UDP' : ip.proto === 1 ? 'ICMP' : ip.proto === 58 ? 'ICMP6' : `proto ${ip.proto}`;
}

const TUNNEL_NAMES = { ipip: 'IPIP', ip6in4: 'IP6-in-IP', gre: 'GRE', gue: 'GUE' } as const;

function ipBody(f: FrameInfo, ip: IpInfo): string {
  if (f.vrrp) return formatVrrp(f.vrrp, ip, f.truncated === true);
  if (f.carp) return formatCarp(f.carp);
  if (f.nd) return formatNd(f.nd, ip);
  if (f.icmp) return formatIcmp(f.icmp);
  if (ip.fragment) return formatFragment(ip);
  return transportName(ip);
}

const PROTO_NAMES: Record<number, string> = { 1: 'ICMP', 4: 'IPIP', 6: 'TCP', 17: 'UDP', 41: 'IPv6', 47: 'GRE', 58: 'ICMP6', 112: 'VRRP' };

/** An unreassembled fragment, as tcpdump -v and Wireshark describe it: protocol, id, offset, more-fragments flag. */
function formatFragment(ip: IpInfo): string {
  const name = PROTO_NAMES[ip.proto];
  let s = `fragment of proto ${name === undefined ? ip.proto : `${name} (${ip.proto})`}`;
  if (ip.id !== undefined) s += `, id 0x${ip.id.toString(16).padStart(4, '0')}`;
  s += `, offset ${ip.fragmentOffset ?? 0}, flags [${ip.moreFragments ? '+' : 'none'}]`;
  return s;
}

function formatTunnel(f: FrameInfo, ip: IpInfo): string {
  const t = f.tunnel;
  if (!t) return '';
  let s = `${TUNNEL_NAMES[t.type]}${t.type === 'gue' && t.port !== undefined ? ` port ${t.port}` : ''} ${t.outer.src} > ${t.outer.dst}:`;
  if (t.depth !== undefined) s += ` (${t.depth} levels)`;
  const inner = f.inner;
  if (inner) {
    s += ` ${endpoints(inner.ip, inner.l4)}: `;
    if (f.vrrp) s += formatVrrp(f.vrrp, inner.ip, f.truncated === true);
    else if (f.carp) s += formatCarp(f.carp);
    else s += inner.ip.fragment ? formatFragment(inner.ip) : transportName(inner.ip);
  } else if (t.etherType !== undefined) {
    s += ` ethertype 0x${t.etherType.toString(16).padStart(4, '0')}`;
  }
  if (ip.src !== t.outer.src || ip.dst !== t.outer.dst) s = `${endpoints(ip, f.l4)}: ${s}`;
  return s;
}

function body(f: FrameInfo): string {
  if (f.arp) return formatArp(f.arp, f.etherType);
  const ip = f.ip;
  if (ip) return f.tunnel ? formatTunnel(f, ip) : `${endpoints(ip, f.l4)}: ${ipBody(f, ip)}`;
  if (f.etherType !== undefined) return `ethertype 0x${f.etherType.toString(16).padStart(4, '0')}`;
  return `link type ${f.linkType}, length ${f.wireLen}`;
}

/** One line, no trailing newline: `<frame> <HH:MM:SS.ffffff> [vlan N, ]<what> [[malformed: …]]`. */
export function formatFrameText(f: FrameInfo): string {
  let s = `${f.frame} ${isoTimeOfDay(f.time)} `;
  for (const id of f.vlan) s += `vlan ${id}, `;
  s += body(f);
  if (f.truncated) s += ' [truncated]';
  if (f.error !== undefined) s += ` [malformed: ${f.error}]`;
  // Every field is escaped where it is built; this catches any capture text that is not (decoder messages).
  return escapeControls(s);
}
