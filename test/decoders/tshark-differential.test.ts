/**
 * Differential test against tshark (Wireshark 4.0): for every capture under fixtures/pcaps/ and ../shared/pcaps/
 * (never the restricted/ folder), every VRRP and ARP field that both tools decode must agree, frame by frame, the
 * checksum status included (valid/invalid/unverified against tshark's good/bad/unverified). IP fragments agree by
 * construction: neither tool decodes VRRP from one. The disagreements that are deliberate are listed in
 * KNOWN_DIFFERENCES with the reason; anything else fails.
 */
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrameInfo } from '../../src/decoders/frame-info.js';
import { decodeCaptureFile, FIXTURE_PCAPS, listCaptures, SHARED_PCAPS } from './capture-helpers.js';

const VRRP_FIELDS = [
  'vrrp.version', 'vrrp.virt_rtr_id', 'vrrp.prio', 'vrrp.addr_count', 'vrrp.adver_int', 'vrrp.short_adver_int',
  'vrrp.auth_type', 'vrrp.ip_addr', 'vrrp.ipv6_addr', 'vrrp.checksum.status',
] as const;
const ARP_FIELDS = ['arp.opcode', 'arp.src.hw_mac', 'arp.src.proto_ipv4', 'arp.dst.hw_mac', 'arp.dst.proto_ipv4'] as const;
const FIELDS = ['frame.number', ...VRRP_FIELDS, ...ARP_FIELDS];

type Row = Record<string, string>;

function tsharkPath(): string | null {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return 'tshark';
  } catch {
    return null;
  }
}

const tshark = tsharkPath();
const captures = [...listCaptures(FIXTURE_PCAPS), ...listCaptures(SHARED_PCAPS)];
if (!tshark) console.log('skipping the tshark differential test: tshark is not installed (apt install tshark)');
else if (captures.length === 0) console.log(`skipping the tshark differential test: no captures in ${FIXTURE_PCAPS} or ${SHARED_PCAPS}`);

function runTshark(path: string): Map<number, Row> {
  const args = ['-n', '-r', path, '-T', 'fields', '-E', 'header=y', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  for (const f of FIELDS) args.push('-e', f);
  let out: string;
  try {
    out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  } catch (e) {
    // tshark exits non-zero on a capture cut mid-record but still prints what it read.
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  const lines = out.split('\n').filter((l) => l.length > 0);
  const header = (lines.shift() ?? '').split('\t');
  const rows = new Map<number, Row>();
  for (const line of lines) {
    const cells = line.split('\t');
    const row: Row = {};
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    rows.set(Number(row['frame.number']), row);
  }
  return rows;
}

interface Difference {
  reason: string;
  applies(file: string, field: string, ours: FrameInfo | undefined, theirs: Row): boolean;
}

const KNOWN_DIFFERENCES: Difference[] = [
  {
    reason: 'tshark decodes the VRRP/ARP packet quoted inside an ICMP error; a quoted advert is not an advert (output contract)',
    applies: (_file, _field, ours) => ours?.icmp?.quoted !== undefined,
  },
  {
    reason: 'tshark follows ARP inside GRE; we follow only IP inside GRE (IPVS GRE tunnels carry IP), the tunnel is still reported',
    applies: (_file, field, ours) => field.startsWith('arp.') && ours?.tunnel?.type === 'gre' && ours.tunnel.etherType === 0x0806,
  },
  {
    reason: 'tshark verifies v3 only with the pseudo-header; we also accept v3-no-pseudo and v3-pseudo-mcast and say which matched',
    applies: (_file, field, ours, theirs) =>
      field === 'vrrp.checksum.status' && theirs[field] === '0' && (ours?.vrrp?.checksumVariant === 'v3-no-pseudo' || ours?.vrrp?.checksumVariant === 'v3-pseudo-mcast'),
  },
  {
    reason: 'tshark 4.0 leaves its CARP heuristic off, so the VRRP dissector claims protocol 112; we apply Wireshark\'s test_carp_packet rule and report CARP, never VRRP',
    applies: (_file, field, ours) => field.startsWith('vrrp.') && ours?.carp !== undefined,
  },
  {
    reason: 'tshark decodes ARP for any hardware/protocol type and size; we decode Ethernet/IPv4 ARP only and report the rest as `arp: unsupported ...`',
    applies: (_file, field, ours) => field.startsWith('arp.') && (ours?.errors ?? []).some((e) => e.layer === 'arp' && e.code.startsWith('unsupported-')),
  },
  {
    reason: 'tshark drops every field of a VRRP packet whose address list runs past the end (dissector exception); we keep the header fields with an error',
    applies: (_file, field, ours, theirs) => field.startsWith('vrrp.') && (theirs[field] ?? '') === '' && (ours?.errors ?? []).some((e) => e.layer === 'vrrp'),
  },
  {
    reason: 'tshark reassembles IP fragments and dissects the packet at its last fragment; we never reassemble (memory stays flat) and no VRRP receiver acts on a fragmented advert, so a fragment is shown as a fragment',
    applies: (_file, field, ours) => field.startsWith('vrrp.') && ours?.ip?.fragment === true && ours.vrrp === undefined,
  },
  {
    reason: 'with an unusable IP length (IPv4 total length below the header, or beyond the bytes present) tshark sums whatever it reads; we leave the checksum unverified, since the message\'s end is a guess',
    applies: (_file, field, ours) =>
      field === 'vrrp.checksum.status' && ours?.vrrp?.checksumStatus === 'unverified' && (ours.errors ?? []).some((e) => (e.layer === 'ipv4' || e.layer === 'ipv6') && (e.code === 'total-below-header' || e.code === 'length-exceeds-capture')),
  },
  {
    reason: 'tshark cannot verify a checksum whose bytes are missing and says "unverified" (2) only when it tried; we say unverified whenever we did not judge (bytes missing, IP length unusable)',
    applies: (_file, field, ours, theirs) => field === 'vrrp.checksum.status' && ours?.vrrp?.checksumStatus === 'unverified' && (theirs[field] ?? '') === '',
  },
];

function ourValue(field: string, f: FrameInfo | undefined): string {
  const v = f?.vrrp;
  const a = f?.arp;
  switch (field) {
    case 'vrrp.version': return v ? String(v.version) : '';
    case 'vrrp.virt_rtr_id': return v ? String(v.vrid) : '';
    case 'vrrp.prio': return v ? String(v.priority) : '';
    case 'vrrp.addr_count': return v ? String(v.count) : '';
    case 'vrrp.adver_int': return v && v.version !== 3 ? String(v.intervalMs / 1000) : '';
    case 'vrrp.short_adver_int': return v && v.version === 3 ? String(v.intervalMs / 10) : '';
    case 'vrrp.auth_type': return v?.authType !== undefined ? String(v.authType) : '';
    case 'vrrp.ip_addr': return v && f?.inner === undefined && f?.ip?.version === 4 ? v.addresses.join(',') : v && f?.inner?.ip.version === 4 ? v.addresses.join(',') : '';
    case 'vrrp.ipv6_addr': return v && (f?.inner?.ip.version ?? f?.ip?.version) === 6 ? v.addresses.join(',') : '';
    // tshark: 0 bad, 1 good, 2 unverified; the three states map one to one.
    case 'vrrp.checksum.status': return v ? { invalid: '0', valid: '1', unverified: '2' }[v.checksumStatus] : '';
    case 'arp.opcode': return a ? String(a.op) : '';
    case 'arp.src.hw_mac': return a?.senderMac ?? '';
    case 'arp.src.proto_ipv4': return a?.senderIp ?? '';
    case 'arp.dst.hw_mac': return a?.targetMac ?? '';
    case 'arp.dst.proto_ipv4': return a?.targetIp ?? '';
    default: return '';
  }
}


describe.skipIf(!tshark || captures.length === 0)('tshark differential', () => {
  for (const path of captures) {
    it(`${basename(path)} agrees with tshark on every VRRP and ARP field`, async () => {
      let frames: FrameInfo[];
      try {
        frames = await decodeCaptureFile(path);
      } catch (e) {
        // Captures our reader rejects (unsupported link type, corrupt header) have nothing to compare.
        expect((e as Error).name).toMatch(/CaptureFormatError|InputError/);
        return;
      }
      const ours = new Map(frames.map((f) => [f.frame, f]));
      const theirs = runTshark(path);
      const unexplained: string[] = [];
      for (const [n, row] of theirs) {
        const f = ours.get(n);
        for (const field of [...VRRP_FIELDS, ...ARP_FIELDS]) {
          const t = row[field] ?? '';
          const o = ourValue(field, f);
          if (t === '' && o === '') continue;
          if (t === o) continue;
          if (KNOWN_DIFFERENCES.some((d) => d.applies(basename(path), field, f, row))) continue;
          unexplained.push(`frame ${n} ${field}: tshark "${t}", ours "${o}"${f?.error ? ` (our error: ${f.error})` : ''}`);
        }
      }
      expect(unexplained).toEqual([]);
    }, 120_000);
  }
});
