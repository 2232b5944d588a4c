import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFrameText } from '../../src/report/decode-text.js';
import type { FrameInfo } from '../../src/decoders/frame-info.js';
import {
  arp, ETHERTYPE, ethernet, icmpv4Error, ipInIpv4, ipv4, ndPacket, tcp, vrrpOverIpv4, vrrpOverIpv6,
} from '../helpers/frame-builder.js';
import { decodeBytes } from '../decoders/decode-helpers.js';
import { decodeCaptureFile, SHARED_PCAPS } from '../decoders/capture-helpers.js';

const TS = 1_764_098_262_079_837;
const v2 = { version: 2, vrid: 51, priority: 150, addresses: ['192.0.2.100'] } as const;

function line(data: Uint8Array, options = {}): string {
  return formatFrameText(decodeBytes(data, { index: 30, tsMicros: TS }, options));
}

function eth4(payload: Uint8Array, vlans: number[] = []): Uint8Array {
  return ethernet({ vlans, etherType: ETHERTYPE.IPV4, payload });
}

describe('formatFrameText', () => {
  it('VRRPv2 as tcpdump prints it, prefixed with frame number and time', () => {
    expect(line(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 })))).toBe(
      '30 19:17:42.079837 192.0.2.11 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150, authtype none, intvl 1s, length 20, addrs: 192.0.2.100',
    );
  });

  it('simple auth (masked unless --show-secrets), TTL not 255, bad checksum', () => {
    const bytes = eth4(vrrpOverIpv4({ src: '192.0.2.11', ttl: 64, checksum: 'bad', vrrp: { ...v2, authType: 1, authData: 'secret' } }));
    const masked = line(bytes);
    expect(masked).toContain('VRRPv2, Advertisement, (ttl 64), vrid 51, prio 150, authtype simple, intvl 1s, length 20, addrs: 192.0.2.100 auth "***"');
    expect(masked).toMatch(/, \(bad vrrp cksum [0-9a-f]{4}\)$/);
    expect(line(bytes, { showSecrets: true })).toContain('auth "secret"');
  });

  it('escapes control codes and quotes of a password, so no capture byte reaches the terminal as a command (#9 item 5)', () => {
    // ESC [ 2 J clears the screen, ESC ] 0 ; sets the window title, 0x9b is the one-byte CSI.
    const authData = Uint8Array.of(0x1b, 0x5b, 0x32, 0x4a, 0x1b, 0x5d, 0x30, 0x9b);
    const text = line(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, authType: 1, authData } })), { showSecrets: true });
    expect(text).toContain('auth "\\x1b[2J\\x1b]0\\x9b"');
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    const quoted = line(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, authType: 1, authData: 'a"b\\c\n' } })), { showSecrets: true });
    expect(quoted).toContain('auth "a\\"b\\\\c\\x0a"');
  });

  it('VRRPv3 in centiseconds, with a non-default checksum variant named', () => {
    expect(line(ethernet({ etherType: ETHERTYPE.IPV6, payload: vrrpOverIpv6({ src: 'fe80::1', vrrp: { version: 3, vrid: 7, priority: 100, addresses: ['fe80::7', '2001:db8::7'], intervalCs: 50 } }) }))).toBe(
      '30 19:17:42.079837 fe80::1 > ff02::12: VRRPv3, Advertisement, vrid 7, prio 100, intvl 50cs, length 40, addrs: fe80::7,2001:db8::7',
    );
    expect(line(eth4(vrrpOverIpv4({ src: '192.0.2.11', checksum: 'v3-no-pseudo', vrrp: { version: 3, vrid: 7, priority: 100, addresses: ['192.0.2.7'] } })))).toMatch(
      /intvl 100cs, length 12, addrs: 192\.0\.2\.7, cksum v3-no-pseudo$/,
    );
  });

  it('VLAN prefix, ARP with the gratuitous note', () => {
    const garp = ethernet({ vlans: [100, 200], etherType: ETHERTYPE.ARP, payload: arp({ op: 1, senderMac: '00:00:5e:00:01:33', senderIp: '192.0.2.100', targetMac: 'ff:ff:ff:ff:ff:ff', targetIp: '192.0.2.100' }) });
    expect(line(garp)).toBe('30 19:17:42.079837 vlan 100, vlan 200, ARP, Request who-has 192.0.2.100 (ff:ff:ff:ff:ff:ff) tell 192.0.2.100 (gratuitous)');
    const reply = ethernet({ etherType: ETHERTYPE.ARP, payload: arp({ op: 2, senderMac: '02:00:00:00:00:01', senderIp: '192.0.2.1', targetMac: '02:00:00:00:00:02', targetIp: '192.0.2.2' }) });
    expect(line(reply)).toBe('30 19:17:42.079837 ARP, Reply 192.0.2.1 is-at 02:00:00:00:00:01');
    const announce = ethernet({ etherType: ETHERTYPE.ARP, payload: arp({ op: 1, senderMac: '02:00:00:00:00:01', senderIp: '192.0.2.1', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.1' }) });
    expect(line(announce)).toBe('30 19:17:42.079837 ARP, Request who-has 192.0.2.1 tell 192.0.2.1 (announcement)');
  });

  it('neighbour advertisement and solicitation', () => {
    const na = ethernet({ etherType: ETHERTYPE.IPV6, payload: ndPacket({ type: 'na', src: '2001:db8::100', dst: 'ff02::1', target: '2001:db8::100', router: true, override: true, options: [{ type: 2, mac: '00:00:5e:00:02:07' }] }) });
    expect(line(na)).toBe('30 19:17:42.079837 2001:db8::100 > ff02::1: ICMP6, neighbor advertisement, tgt is 2001:db8::100, Flags [router, override], tlla 00:00:5e:00:02:07');
    const ns = ethernet({ etherType: ETHERTYPE.IPV6, payload: ndPacket({ type: 'ns', src: '::', dst: 'ff02::1:ff00:100', target: '2001:db8::100', hopLimit: 64 }) });
    expect(line(ns)).toBe('30 19:17:42.079837 :: > ff02::1:ff00:100: ICMP6, neighbor solicitation, who has 2001:db8::100, (hlim 64)');
  });

  it('tunnels show the outer pair then the inner packet', () => {
    const inner = ipv4({ src: '203.0.113.7', dst: '192.0.2.100', proto: 6, payload: tcp({ srcPort: 40000, dstPort: 80 }) });
    expect(line(eth4(ipInIpv4({ src: '192.0.2.11', dst: '198.51.100.40', inner })))).toBe('30 19:17:42.079837 IPIP 192.0.2.11 > 198.51.100.40: 203.0.113.7.40000 > 192.0.2.100.80: TCP');
    expect(line(eth4(ipInIpv4({ src: '198.51.100.1', dst: '198.51.100.2', inner: vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 }) })))).toContain('IPIP 198.51.100.1 > 198.51.100.2: 192.0.2.11 > 224.0.0.18: VRRPv2, Advertisement, vrid 51');
  });

  it('ICMP errors quoting VRRP, errors and truncation on the same line', () => {
    const quoted = vrrpOverIpv4({ src: '192.0.2.11', dst: '192.0.2.12', vrrp: v2 });
    expect(line(eth4(ipv4({ src: '192.0.2.12', dst: '192.0.2.11', proto: 1, payload: icmpv4Error({ quoted }) })))).toBe(
      '30 19:17:42.079837 192.0.2.12 > 192.0.2.11: ICMP type 3 code 1, quoting 192.0.2.11 > 192.0.2.12 proto 112',
    );
    const bad = line(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, count: 9 } })));
    expect(bad).toContain('[malformed: vrrp: address count 9 needs 36 bytes, only 12 present]');
    expect(bad).not.toContain('\n');
    const f: FrameInfo = { frame: 1, ts: 0, time: '1970-01-01T00:00:00.000000Z', iface: 0, linkType: 107, capLen: 10, wireLen: 20, vlan: [], error: 'link: unsupported link type 107', truncated: true };
    expect(formatFrameText(f)).toBe('1 00:00:00.000000 link type 107, length 20 [truncated] [malformed: link: unsupported link type 107]');
  });
});

/** `tcpdump -# -n -e -v` output split per frame number (continuation lines joined). */
function tcpdumpFrames(path: string): Map<number, string> {
  const out = new Map<number, string>();
  let current = -1;
  for (const l of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*(\d+)\s+\d{4}-\d\d-\d\d /.exec(l);
    if (m) {
      current = Number(m[1]);
      out.set(current, l);
    } else if (current >= 0 && l.startsWith(' ')) {
      out.set(current, `${out.get(current) ?? ''} ${l.trim()}`);
    }
  }
  return out;
}

describe.skipIf(!existsSync(SHARED_PCAPS))('against tcpdump 4.99', () => {
  it('ARP lines say what tcpdump -n says, for every well-formed ARP frame of the shared captures', async () => {
    const generated = join(SHARED_PCAPS, 'generated-tcpdump-4.99.3');
    let compared = 0;
    for (const name of readdirSync(SHARED_PCAPS).filter((n) => /\.pcap(ng)?$/.test(n))) {
      const golden = join(generated, `${name}.tcpdump-ev.txt`);
      if (!existsSync(golden)) continue;
      let frames: FrameInfo[];
      try {
        frames = await decodeCaptureFile(join(SHARED_PCAPS, name));
      } catch {
        continue; // captures the reader rejects
      }
      const theirs = tcpdumpFrames(golden);
      for (const f of frames) {
        if (!f.arp || f.error !== undefined || f.tunnel || f.arp.op < 1 || f.arp.op > 4) continue;
        const text = theirs.get(f.frame) ?? '';
        if (text.includes('ethertype Unknown (0x88e7)')) continue; // tcpdump 4.99 does not decode 802.1ah PBB
        const t = /(Request who-has [^,]*|Reply [^,]*|Reverse Request [^,]*|Reverse Reply [^,]*)/.exec(text);
        expect(t, `${name} frame ${f.frame}`).not.toBeNull();
        expect(formatFrameText(f), `${name} frame ${f.frame}`).toContain(t?.[1]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('every VRRP line starts with what tcpdump prints for it', async () => {
    const golden = readFileSync(join(SHARED_PCAPS, 'tcpdump_vrrp.out'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const ours = new Map((await decodeCaptureFile(join(SHARED_PCAPS, 'tcpdump_vrrp.pcap'))).map((f) => [f.frame, formatFrameText(f)]));
    expect(golden.length).toBeGreaterThan(100);
    for (const g of golden) {
      const m = /^\s*(\d+)\s+\S+ (\d\d:\d\d:\d\d\.\d{6}) IP6? (.*)$/.exec(g);
      expect(m, g).not.toBeNull();
      const [, n, time, text] = m as unknown as [string, string, string, string];
      expect(ours.get(Number(n))?.startsWith(`${n} ${time} ${text}`), `frame ${n}: ${ours.get(Number(n))} vs ${text}`).toBe(true);
    }
  });
});

describe('fragments and Cisco MD5 in decode text', () => {
  const base = { frame: 7, ts: 0, time: '2026-11-26T15:04:50.655337Z', iface: 0, linkType: 1, capLen: 58, wireLen: 58, vlan: [] as number[] };

  it('prints an IP fragment of protocol 112 as tcpdump -v and Wireshark describe it, outer or tunnelled', () => {
    const ip = { version: 4 as const, src: '192.0.2.67', dst: '224.0.0.18', ttl: 255, proto: 112, fragment: true, fragmentOffset: 24, moreFragments: false, id: 0x201 };
    expect(formatFrameText({ ...base, ip })).toBe('7 15:04:50.655337 192.0.2.67 > 224.0.0.18: fragment of proto VRRP (112), id 0x0201, offset 24, flags [none]');
    const tunnelled = {
      ...base,
      ip: { version: 4 as const, src: '192.0.2.1', dst: '198.51.100.40', ttl: 64, proto: 4 },
      tunnel: { type: 'ipip' as const, outer: { src: '192.0.2.1', dst: '198.51.100.40' } },
      inner: { ip: { ...ip, fragmentOffset: 0, moreFragments: true } },
    };
    expect(formatFrameText(tunnelled)).toBe('7 15:04:50.655337 IPIP 192.0.2.1 > 198.51.100.40: 192.0.2.67 > 224.0.0.18: fragment of proto VRRP (112), id 0x0201, offset 0, flags [+]');
  });

  it('never calls an unverified checksum bad', () => {
    const vrrp = {
      version: 2, type: 1, vrid: 77, priority: 100, count: 1, authType: 0, intervalMs: 1000, checksum: '0x1234',
      checksumValid: false, checksumVariant: null, checksumStatus: 'unverified' as const, addresses: ['192.0.2.196'],
    };
    const line = formatFrameText({ ...base, ip: { version: 4, src: '192.0.2.67', dst: '224.0.0.18', ttl: 255, proto: 112 }, vrrp });
    expect(line).toContain(', cksum unverified');
    expect(line).not.toContain('bad vrrp cksum');
  });
});
