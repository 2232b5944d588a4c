import { describe, expect, it } from 'vitest';
import {
  ETHERTYPE, ethernet, gre, gue, ipInIpv4, ipv4, ipv6, IPPROTO, tcp, udp, vrrpOverIpv4, vrrpOverIpv6,
} from '../helpers/frame-builder.js';
import { decodeBytes, decodeRelevant } from './decode-helpers.js';

const clientToVip = ipv4({ src: '203.0.113.7', dst: '192.0.2.100', proto: IPPROTO.TCP, ttl: 60, id: 77, payload: tcp({ srcPort: 40000, dstPort: 80 }) });
const advert = vrrpOverIpv4({ src: '192.0.2.11', vrrp: { version: 2, vrid: 51, priority: 150, addresses: ['192.0.2.100'] } });

function eth(payload: Uint8Array): Uint8Array {
  return ethernet({ etherType: ETHERTYPE.IPV4, payload });
}

describe('tunnels', () => {
  it('IP-in-IP (LVS-TUN): outer ip, tunnel, inner ip and ports', () => {
    const f = decodeBytes(eth(ipInIpv4({ src: '192.0.2.11', dst: '198.51.100.40', inner: clientToVip })));
    expect(f.ip).toMatchObject({ src: '192.0.2.11', dst: '198.51.100.40', proto: 4 });
    expect(f.tunnel).toEqual({ type: 'ipip', outer: { src: '192.0.2.11', dst: '198.51.100.40' } });
    expect(f.inner).toEqual({ ip: { version: 4, src: '203.0.113.7', dst: '192.0.2.100', ttl: 60, proto: 6, id: 77, tos: 0 }, l4: { proto: 6, srcPort: 40000, dstPort: 80 } });
    expect(f.l4).toBeUndefined();
  });

  it('6in4', () => {
    const inner6 = ipv6({ src: '2001:db8::7', dst: '2001:db8::100', nextHeader: 17, payload: udp({ srcPort: 5, dstPort: 53 }) });
    const f = decodeBytes(eth(ipInIpv4({ src: '192.0.2.11', dst: '198.51.100.40', inner: inner6 })));
    expect(f.tunnel?.type).toBe('ip6in4');
    expect(f.inner?.ip).toMatchObject({ version: 6, src: '2001:db8::7', dst: '2001:db8::100', proto: 17 });
    expect(f.inner?.l4).toEqual({ proto: 17, srcPort: 5, dstPort: 53 });
  });

  it('a VRRP advert inside a tunnel is the frame\'s vrrp; ip stays the outer header', () => {
    const f = decodeBytes(eth(ipInIpv4({ src: '198.51.100.1', dst: '198.51.100.2', inner: advert })));
    expect(f.ip?.src).toBe('198.51.100.1');
    expect(f.vrrp).toMatchObject({ vrid: 51, checksumVariant: 'v2' });
    expect(f.inner?.ip.src).toBe('192.0.2.11');
  });

  for (const [name, options] of [
    ['plain', {}],
    ['with checksum', { checksum: true }],
    ['with key and sequence', { key: 0x01020304, sequence: 9 }],
    ['with all three', { checksum: true, key: 1, sequence: 2 }],
  ] as const) {
    it(`GRE version 0 ${name}`, () => {
      const payload = gre({ protocol: 0x0800, payload: clientToVip, ...options });
      const f = decodeBytes(eth(ipv4({ src: '192.0.2.11', dst: '198.51.100.40', proto: IPPROTO.GRE, payload })));
      expect(f.tunnel).toEqual({ type: 'gre', outer: { src: '192.0.2.11', dst: '198.51.100.40' }, etherType: 0x0800 });
      expect(f.inner?.ip.dst).toBe('192.0.2.100');
      expect(f.error).toBeUndefined();
    });
  }

  it('GRE carrying IPv6, another protocol, version 1, a cut header, the routing bit', () => {
    const inner6 = vrrpOverIpv6({ src: 'fe80::1', vrrp: { version: 3, vrid: 4, priority: 100, addresses: ['fe80::4'] } });
    expect(decodeBytes(eth(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 47, payload: gre({ protocol: 0x86dd, payload: inner6 }) }))).vrrp?.vrid).toBe(4);
    const other = decodeBytes(eth(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 47, payload: gre({ protocol: 0x6558, payload: new Uint8Array(20) }) })));
    expect(other.tunnel?.etherType).toBe(0x6558);
    expect(other.inner).toBeUndefined();
    expect(other.error).toBeUndefined();
    const v1 = decodeBytes(eth(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 47, payload: gre({ protocol: 0x880b, version: 1, payload: new Uint8Array(8) }) })));
    expect(v1.tunnel).toMatchObject({ type: 'gre', etherType: 0x880b });
    expect(v1.inner).toBeUndefined();
    const withChecksum = gre({ protocol: 0x0800, payload: clientToVip, checksum: true, key: 5 });
    for (let n = 0; n < 12; n++) {
      const f = decodeBytes(ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 47, payload: withChecksum.subarray(0, n) }), pad: false }));
      expect(f.error).toBe(n < 4 ? `gre: truncated header (${n} of 4 bytes)` : `gre: truncated header (${n} of 12 bytes)`);
    }
    const routing = Uint8Array.of(0x40, 0, 0x08, 0, 0, 0, 0, 0);
    expect(decodeBytes(eth(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 47, payload: routing }))).error).toBe('gre: source routing (R bit) is not supported');
  });

  it('GUE on a configured port (version 0 with extension words, version 1 direct IP); not on other ports', () => {
    const gue0 = eth(ipv4({ src: '192.0.2.11', dst: '198.51.100.40', proto: 17, payload: udp({ srcPort: 33000, dstPort: 6080, payload: gue({ payload: clientToVip, extensionWords: 2 }) }) }));
    const f = decodeBytes(gue0, {}, { guePorts: new Set([6080]) });
    expect(f.tunnel).toEqual({ type: 'gue', outer: { src: '192.0.2.11', dst: '198.51.100.40' }, port: 6080 });
    expect(f.l4).toEqual({ proto: 17, srcPort: 33000, dstPort: 6080 });
    expect(f.inner?.ip.dst).toBe('192.0.2.100');
    expect(decodeRelevant(gue0, {}, { guePorts: new Set([6080]) })).not.toBeNull();
    expect(decodeRelevant(gue0)).toBeNull();
    expect(decodeBytes(gue0).tunnel).toBeUndefined();
    const gue1 = eth(ipv4({ src: '192.0.2.11', dst: '198.51.100.40', proto: 17, payload: udp({ srcPort: 1, dstPort: 6080, payload: gue({ version: 1, payload: advert }) }) }));
    expect(decodeBytes(gue1, {}, { guePorts: new Set([6080]) }).vrrp?.vrid).toBe(51);
    const control = eth(ipv4({ src: '192.0.2.11', dst: '198.51.100.40', proto: 17, payload: udp({ srcPort: 1, dstPort: 6080, payload: gue({ control: true, payload: new Uint8Array(8) }) }) }));
    const c = decodeBytes(control, {}, { guePorts: new Set([6080]) });
    expect(c.tunnel?.type).toBe('gue');
    expect(c.inner).toBeUndefined();
    const badVersion = eth(ipv4({ src: '192.0.2.11', dst: '198.51.100.40', proto: 17, payload: udp({ srcPort: 1, dstPort: 6080, payload: Uint8Array.of(0x80, 0, 0, 0) }) }));
    expect(decodeBytes(badVersion, {}, { guePorts: new Set([6080]) }).error).toBe('gue: unknown version 2');
  });

  it('follows three levels and reports a fourth', () => {
    const wrap = (p: Uint8Array) => ipInIpv4({ src: '198.51.100.1', dst: '198.51.100.2', inner: p });
    const three = decodeBytes(eth(wrap(wrap(wrap(advert)))));
    expect(three.tunnel?.depth).toBe(3);
    expect(three.vrrp?.vrid).toBe(51);
    expect(three.error).toBeUndefined();
    const four = decodeBytes(eth(wrap(wrap(wrap(wrap(advert))))));
    expect(four.error).toBe('tunnel: more than 3 nested levels');
    expect(four.vrrp).toBeUndefined();
    expect(decodeBytes(eth(wrap(advert))).tunnel?.depth).toBeUndefined();
  });

  it('reports a broken inner header, tunnels are always relevant', () => {
    const f = decodeBytes(eth(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 4, payload: new Uint8Array(10) })));
    expect(f.error).toBe('inner ipv4: truncated header (10 of 20 bytes)');
    expect(f.tunnel?.type).toBe('ipip');
    expect(decodeRelevant(eth(ipInIpv4({ src: '192.0.2.11', dst: '198.51.100.40', inner: clientToVip })))).not.toBeNull();
  });
});
