/**
 * A capture as rows of the tshark fields the fixture notes talk about. tshark is the independent oracle here: the
 * recorder checks every claim its notes make against these rows, and quotes their frame numbers.
 */
import { run } from './exec.js';

export interface FrameRow {
  no: number;
  /** Seconds since the epoch. */
  epoch: number;
  /** Seconds since frame 1. */
  rel: number;
  ethSrc: string;
  ethDst: string;
  ipSrc: string;
  ipDst: string;
  ttl: number | undefined;
  ipProto: number | undefined;
  vrrpVersion: number | undefined;
  vrid: number | undefined;
  prio: number | undefined;
  /** v2: seconds; v3: centiseconds. */
  advInt: number | undefined;
  authType: number | undefined;
  authString: string;
  vips: string[];
  arpOp: number | undefined;
  arpSrcMac: string;
  arpSrcIp: string;
  arpDstIp: string;
  icmp6Type: number | undefined;
  naTarget: string;
  info: string;
  protocols: string;
}

const FIELDS = [
  'frame.number', 'frame.time_epoch', 'frame.time_relative', 'frame.protocols',
  'eth.src', 'eth.dst', 'sll.src.eth', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'ip.ttl', 'ipv6.hlim', 'ip.proto',
  'vrrp.version', 'vrrp.virt_rtr_id', 'vrrp.prio', 'vrrp.adver_int', 'vrrp.short_adver_int', 'vrrp.auth_type',
  'vrrp.auth_string', 'vrrp.ip_addr', 'vrrp.ipv6_addr',
  'arp.opcode', 'arp.src.hw_mac', 'arp.src.proto_ipv4', 'arp.dst.proto_ipv4',
  'icmpv6.type', 'icmpv6.nd.na.target_address', '_ws.col.Info',
] as const;

type Field = (typeof FIELDS)[number];

function num(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  const first = s.split(',')[0] ?? '';
  const n = first.startsWith('0x') ? Number.parseInt(first, 16) : Number(first);
  return Number.isFinite(n) ? n : undefined;
}

function list(s: string | undefined): string[] {
  return s ? s.split(',').filter(Boolean) : [];
}

export async function readFrameRows(file: string): Promise<FrameRow[]> {
  const argv = ['tshark', '-n', '-r', file, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  for (const f of FIELDS) argv.push('-e', f);
  const { stdout } = await run(argv, { timeoutMs: 60_000 });
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line) => {
      const cols = line.split('\t');
      const get = (f: Field): string => cols[FIELDS.indexOf(f)] ?? '';
      // Outermost IP header first: a tunnel packet lists outer then inner values.
      const v4 = list(get('ip.src'));
      const v6 = list(get('ipv6.src'));
      return {
        no: num(get('frame.number')) ?? 0,
        epoch: Number(get('frame.time_epoch')),
        rel: Number(get('frame.time_relative')),
        ethSrc: get('eth.src') || get('sll.src.eth'),
        ethDst: get('eth.dst'),
        ipSrc: v4[0] ?? v6[0] ?? '',
        ipDst: list(get('ip.dst'))[0] ?? list(get('ipv6.dst'))[0] ?? '',
        ttl: num(get('ip.ttl')) ?? num(get('ipv6.hlim')),
        ipProto: num(get('ip.proto')),
        vrrpVersion: num(get('vrrp.version')),
        vrid: num(get('vrrp.virt_rtr_id')),
        prio: num(get('vrrp.prio')),
        advInt: num(get('vrrp.adver_int')) ?? num(get('vrrp.short_adver_int')),
        authType: num(get('vrrp.auth_type')),
        authString: get('vrrp.auth_string'),
        vips: [...list(get('vrrp.ip_addr')), ...list(get('vrrp.ipv6_addr'))],
        arpOp: num(get('arp.opcode')),
        arpSrcMac: get('arp.src.hw_mac'),
        arpSrcIp: get('arp.src.proto_ipv4'),
        arpDstIp: get('arp.dst.proto_ipv4'),
        icmp6Type: num(get('icmpv6.type')),
        naTarget: get('icmpv6.nd.na.target_address'),
        info: get('_ws.col.Info'),
        protocols: get('frame.protocols'),
      };
    });
}

/** Link type as tshark names it (`frame.encap_type` is not a field in 4.0; capinfos is). */
export async function captureInfo(file: string): Promise<{ fileType: string; encapsulation: string; packets: number }> {
  const { stdout } = await run(['capinfos', '-t', '-E', '-c', '-M', file]);
  const pick = (label: string) => new RegExp(`^${label}:\\s*(.*)$`, 'm').exec(stdout)?.[1]?.trim() ?? '';
  return {
    fileType: pick('File type'),
    encapsulation: pick('File encapsulation'),
    packets: Number(pick('Number of packets')),
  };
}
