import { describe, expect, it } from 'vitest';
import {
  ETHERTYPE, ethernet, icmpv4Error, icmpv6Error, ipv4, ipv6, IPPROTO, ndPacket, vrrpOverIpv4, vrrpOverIpv6, type NdOption,
} from '../helpers/frame-builder.js';
import { decodeBytes, decodeRelevant } from './decode-helpers.js';

const VMAC6 = '00:00:5e:00:02:07';

function nd6(packet: Uint8Array): Uint8Array {
  return ethernet({ dst: '33:33:00:00:00:01', src: VMAC6, etherType: ETHERTYPE.IPV6, payload: packet });
}

describe('neighbour discovery', () => {
  it('decodes an unsolicited NA with flags and TLLA', () => {
    const f = decodeBytes(nd6(ndPacket({ type: 'na', src: '2001:db8:0:1::100', dst: 'ff02::1', target: '2001:db8:0:1::100', router: true, override: true, options: [{ type: 2, mac: VMAC6 }] })));
    expect(f.nd).toEqual({ type: 'na', target: '2001:db8:0:1::100', router: true, solicited: false, override: true, tlla: VMAC6 });
    expect(f.icmp).toBeUndefined();
    expect(f.ip).toMatchObject({ version: 6, ttl: 255, proto: 58 });
  });

  it('decodes an NS with SLLA, and one from :: without options', () => {
    const ns = decodeBytes(nd6(ndPacket({ type: 'ns', src: 'fe80::1', dst: 'ff02::1:ff00:100', target: '2001:db8::100', options: [{ type: 1, mac: '02:00:00:00:00:01' }] })));
    expect(ns.nd).toEqual({ type: 'ns', target: '2001:db8::100', slla: '02:00:00:00:00:01' });
    const dad = decodeBytes(nd6(ndPacket({ type: 'ns', src: '::', dst: 'ff02::1:ff00:100', target: '2001:db8::100' })));
    expect(dad.nd).toEqual({ type: 'ns', target: '2001:db8::100' });
  });

  it('skips unknown options and stops at a zero-length option with an error', () => {
    const options: NdOption[] = [{ type: 14, body: new Uint8Array(6) }, { type: 2, mac: VMAC6 }];
    expect(decodeBytes(nd6(ndPacket({ type: 'na', src: 'fe80::1', dst: 'ff02::1', target: 'fe80::1', options }))).nd?.tlla).toBe(VMAC6);
    const zero = decodeBytes(nd6(ndPacket({ type: 'na', src: 'fe80::1', dst: 'ff02::1', target: 'fe80::1', options: [{ type: 2, mac: VMAC6, length: 0 }, { type: 1, mac: VMAC6 }] })));
    expect(zero.error).toBe('nd: option type 2 has length 0');
    expect(zero.nd?.tlla).toBeUndefined();
    expect(zero.nd?.slla).toBeUndefined();
    expect(zero.nd?.target).toBe('fe80::1');
  });

  it('reports options longer than the message and messages shorter than 24 bytes', () => {
    const long = decodeBytes(nd6(ndPacket({ type: 'na', src: 'fe80::1', dst: 'ff02::1', target: 'fe80::1', options: [{ type: 2, mac: VMAC6, length: 3 }] })));
    expect(long.error).toBe('nd: option type 2 needs 24 bytes, only 8 present');
    const packet = ndPacket({ type: 'na', src: 'fe80::1', dst: 'ff02::1', target: 'fe80::1' });
    for (let n = 4; n < 24; n++) {
      const cut = ipv6({ src: 'fe80::1', dst: 'ff02::1', nextHeader: 58, hopLimit: 255, payload: packet.subarray(40, 40 + n) });
      expect(decodeBytes(nd6(cut)).error).toBe(`nd: truncated message (${n} of 24 bytes)`);
    }
    const odd = ipv6({ src: 'fe80::1', dst: 'ff02::1', nextHeader: 58, hopLimit: 255, payload: Uint8Array.of(...packet.subarray(40), 2) });
    expect(decodeBytes(nd6(odd)).error).toBe('nd: option header truncated (1 of 2 bytes)');
  });

  it('NS/NA are relevant, other ICMPv6 is not', () => {
    expect(decodeRelevant(nd6(ndPacket({ type: 'ns', src: '::', dst: 'ff02::1:ff00:100', target: '2001:db8::100' })))).not.toBeNull();
    const echo = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 58, payload: Uint8Array.of(128, 0, 0, 0, 0, 1, 0, 1) });
    expect(decodeRelevant(nd6(echo))).toBeNull();
    expect(decodeBytes(nd6(echo)).icmp).toEqual({ version: 6, type: 128, code: 0 });
  });
});

describe('ICMP errors', () => {
  const advert = vrrpOverIpv4({ src: '192.0.2.11', dst: '192.0.2.12', vrrp: { version: 3, vrid: 51, priority: 100, addresses: ['192.0.2.100'] } });

  it('quotes a VRRP advert without making the frame an advert (v4)', () => {
    const f = decodeBytes(ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '192.0.2.12', dst: '192.0.2.11', proto: IPPROTO.ICMP, payload: icmpv4Error({ type: 3, code: 2, quoted: advert.subarray(0, 28) }) }) }));
    expect(f.icmp).toEqual({ version: 4, type: 3, code: 2, quoted: { src: '192.0.2.11', dst: '192.0.2.12', proto: 112 } });
    expect(f.vrrp).toBeUndefined();
    expect(f.error).toBeUndefined();
    expect(decodeRelevant(ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '192.0.2.12', dst: '192.0.2.11', proto: 1, payload: icmpv4Error({ quoted: advert }) }) }))).not.toBeNull();
  });

  it('an ICMP error quoting something else is not relevant', () => {
    const udpQuote = ipv4({ src: '192.0.2.11', dst: '192.0.2.12', proto: 17, payload: new Uint8Array(8) });
    const frame = ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '192.0.2.12', dst: '192.0.2.11', proto: 1, payload: icmpv4Error({ quoted: udpQuote }) }) });
    expect(decodeRelevant(frame)).toBeNull();
    expect(decodeBytes(frame).icmp?.quoted?.proto).toBe(17);
  });

  it('quotes a VRRP advert (v6), through extension headers', () => {
    const advert6 = vrrpOverIpv6({ src: 'fe80::1', dst: 'fe80::2', vrrp: { version: 3, vrid: 5, priority: 100, addresses: ['fe80::5'] } });
    const f = decodeBytes(nd6(ipv6({ src: 'fe80::2', dst: 'fe80::1', nextHeader: 58, payload: icmpv6Error({ type: 1, code: 4, quoted: advert6 }, { src: 'fe80::2', dst: 'fe80::1' }) })));
    expect(f.icmp).toEqual({ version: 6, type: 1, code: 4, quoted: { src: 'fe80::1', dst: 'fe80::2', proto: 112 } });
    expect(f.vrrp).toBeUndefined();
    const withExt = ipv6({ src: 'fe80::1', dst: 'fe80::2', nextHeader: 112, payload: new Uint8Array(8), extensions: [{ type: 0 }] });
    const g = decodeBytes(nd6(ipv6({ src: 'fe80::2', dst: 'fe80::1', nextHeader: 58, payload: icmpv6Error({ type: 2, quoted: withExt }, { src: 'fe80::2', dst: 'fe80::1' }) })));
    expect(g.icmp?.quoted?.proto).toBe(112);
  });

  it('reports a quote too short to hold an IP header, and an ICMP header under 4 bytes', () => {
    const f = decodeBytes(ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '192.0.2.12', dst: '192.0.2.11', proto: 1, payload: icmpv4Error({ quoted: advert.subarray(0, 12) }) }) }));
    expect(f.error).toBe('icmp: quoted IP header truncated (12 of 20 bytes)');
    expect(f.icmp).toEqual({ version: 4, type: 3, code: 1 });
    const tiny = decodeBytes(ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '192.0.2.12', dst: '192.0.2.11', proto: 1, payload: Uint8Array.of(3, 1, 0) }) }));
    expect(tiny.error).toBe('icmp: truncated header (3 of 4 bytes)');
  });
});
