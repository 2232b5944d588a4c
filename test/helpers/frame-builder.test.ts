/**
 * The frame builder checked against an independent implementation: tshark must find every checksum the builder
 * computes good (IPv4 header, ICMP, ICMPv6, GRE, VRRP v2 and v3 with the pseudo-header, and v3 without it when its
 * `vrrp.v3_checksum_as_in_v2` preference is on). Skipped when tshark is not installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePcap } from '../../src/capture/capture-writer.js';
import {
  ETHERTYPE, ethernet, gre, icmpv4Error, ipv4, ndPacket, vrrpOverIpv4, vrrpOverIpv6, ipv6Bytes, macBytes, virtualMac,
} from './frame-builder.js';

function hasTshark(): boolean {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const tshark = hasTshark();
if (!tshark) console.log('skipping the frame-builder checksum cross-check: tshark is not installed');

const dir = mkdtempSync(join(tmpdir(), 'frame-builder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const v3 = { version: 3, vrid: 7, priority: 100, addresses: ['192.0.2.7'] } as const;
const eth4 = (payload: Uint8Array, vlans: number[] = []) => ethernet({ vlans, etherType: ETHERTYPE.IPV4, payload });
const frames: Uint8Array[] = [
  eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { version: 2, vrid: 51, priority: 150, addresses: ['192.0.2.100'], authType: 1, authData: 'pw' } }), [100]),
  eth4(vrrpOverIpv4({ src: '192.0.2.11', dst: '192.0.2.12', vrrp: v3 })),
  ethernet({ etherType: ETHERTYPE.IPV6, payload: vrrpOverIpv6({ src: 'fe80::1', vrrp: { version: 3, vrid: 7, priority: 100, addresses: ['fe80::7', '2001:db8::7'] } }) }),
  eth4(ipv4({ src: '192.0.2.12', dst: '192.0.2.11', proto: 1, options: Uint8Array.of(0x94, 4, 0, 0), payload: icmpv4Error({ quoted: vrrpOverIpv4({ src: '192.0.2.11', vrrp: v3 }) }) })),
  ethernet({ etherType: ETHERTYPE.IPV6, payload: ndPacket({ type: 'na', src: 'fe80::1', dst: 'ff02::1', target: '2001:db8::7', override: true, options: [{ type: 2, mac: virtualMac(7, 6) }] }) }),
  eth4(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 47, payload: gre({ protocol: 0x0800, checksum: true, key: 9, payload: ipv4({ src: '203.0.113.1', dst: '192.0.2.100', proto: 17, payload: new Uint8Array(8) }) }) })),
  eth4(vrrpOverIpv4({ src: '192.0.2.11', dst: '192.0.2.12', vrrp: v3, checksum: 'v3-no-pseudo' })),
  eth4(vrrpOverIpv4({ src: '192.0.2.11', dst: '192.0.2.12', vrrp: v3, checksum: 'v3-pseudo-mcast' })),
];

function statuses(prefs: string[]): string[][] {
  const path = join(dir, 'built.pcap');
  writeFileSync(path, writePcap(frames.map((data, i) => ({ tsMicros: 1e15 + i, data })), { linkType: 1 }));
  const fields = ['frame.number', 'ip.checksum.status', 'icmp.checksum.status', 'icmpv6.checksum.status', 'gre.checksum.status', 'vrrp.checksum.status', 'vrrp.virt_rtr_id', 'vlan.id'];
  const args = ['-n', '-r', path, '-o', 'ip.check_checksum:TRUE', ...prefs.flatMap((p) => ['-o', p]), '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=f'];
  for (const f of fields) args.push('-e', f);
  return execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').map((l) => l.split('\t'));
}

describe('address helpers', () => {
  it('parse text forms', () => {
    expect(Array.from(macBytes('00:00:5E:00:01:33'))).toEqual([0, 0, 0x5e, 0, 1, 0x33]);
    expect(Array.from(ipv6Bytes('::ffff:192.0.2.1').subarray(10))).toEqual([0xff, 0xff, 192, 0, 2, 1]);
    expect(virtualMac(51)).toBe('00:00:5e:00:01:33');
    expect(() => macBytes('00:11')).toThrow();
  });
});

describe.skipIf(!tshark)('frame builder checksums, cross-checked with tshark', () => {
  it('every checksum the builder writes is good for tshark (default preferences)', () => {
    const rows = statuses([]);
    const [f1, f2, f3, f4, f5, f6, f7, f8] = rows;
    expect(f1?.slice(5)).toEqual(['1', '51', '100']);
    expect(f2?.[5]).toBe('1'); // v3 with the pseudo-header, unicast
    expect(f3?.[5]).toBe('1'); // v3 over IPv6
    expect(f4?.[1]).toBe('1'); // IPv4 header with options
    expect(f4?.[2]).toBe('1'); // ICMP
    expect(f5?.[3]).toBe('1'); // ICMPv6 NA
    expect(f6?.[4]).toBe('1'); // GRE checksum
    for (const r of rows) expect(r[1] === '' || r[1] === '1').toBe(true); // every IPv4 header
    // tshark only knows the pseudo-header variant: the other two are bad to it.
    expect(f7?.[5]).toBe('0');
    expect(f8?.[5]).toBe('0');
  });

  it('v3 without the pseudo-header is good when tshark computes it as in v2', () => {
    expect(statuses(['vrrp.v3_checksum_as_in_v2:TRUE'])[6]?.[5]).toBe('1');
  });
});
