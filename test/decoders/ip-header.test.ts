import { describe, expect, it } from 'vitest';
import { ETHERTYPE, ethernet, ipv4, ipv6, IPPROTO, snaplenCut, tcp, udp, vrrp, vrrpOverIpv4 } from '../helpers/frame-builder.js';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import { decodeBytes } from './decode-helpers.js';

const v2 = { version: 2, vrid: 51, priority: 150, addresses: ['192.0.2.100'] } as const;
const advertPayload = vrrp(v2, { family: 4, src: '192.0.2.11', dst: '224.0.0.18' });

function eth(etherType: number, payload: Uint8Array): Uint8Array {
  return ethernet({ etherType, payload });
}

describe('IPv4', () => {
  it('skips options', () => {
    const options = Uint8Array.of(0x94, 0x04, 0, 0); // router alert
    const f = decodeBytes(eth(ETHERTYPE.IPV4, ipv4({ src: '192.0.2.11', dst: '224.0.0.18', proto: 112, ttl: 255, options, payload: advertPayload })));
    expect(f.vrrp?.checksumVariant).toBe('v2');
    expect(f.error).toBeUndefined();
  });

  it('uses the total length, so Ethernet padding is not VRRP payload', () => {
    const f = decodeBytes(eth(ETHERTYPE.IPV4, vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 })));
    expect(f.capLen).toBe(60);
    expect(f.vrrp?.trailingBytes).toBeUndefined();
  });

  it('marks fragments and does not decode non-first fragments', () => {
    const first = decodeBytes(eth(ETHERTYPE.IPV4, ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 17, moreFragments: true, payload: udp({ srcPort: 1, dstPort: 2, payload: new Uint8Array(40) }) })));
    expect(first.ip?.fragment).toBe(true);
    expect(first.l4).toEqual({ proto: 17, srcPort: 1, dstPort: 2 });
    const later = decodeBytes(eth(ETHERTYPE.IPV4, ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 17, fragmentOffset: 3, payload: new Uint8Array(24) })));
    expect(later.ip?.fragment).toBe(true);
    expect(later.l4).toBeUndefined();
    const vrrpFragment = decodeBytes(eth(ETHERTYPE.IPV4, ipv4({ src: '192.0.2.11', dst: '224.0.0.18', proto: 112, fragmentOffset: 1, payload: advertPayload })));
    expect(vrrpFragment.vrrp).toBeUndefined();
    expect(vrrpFragment.ip).toMatchObject({ fragmentOffset: 8, moreFragments: false });
    const vrrpFirst = decodeBytes(eth(ETHERTYPE.IPV4, ipv4({ src: '192.0.2.11', dst: '224.0.0.18', proto: 112, moreFragments: true, payload: advertPayload })));
    expect(vrrpFirst.vrrp).toBeUndefined();
    expect(vrrpFirst.error).toBeUndefined();
    expect(vrrpFirst.ip).toMatchObject({ fragment: true, fragmentOffset: 0, moreFragments: true });
    expect(decodeBytes(eth(ETHERTYPE.IPV4, ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 6, payload: tcp({ srcPort: 1, dstPort: 2 }) }))).ip?.fragment).toBeUndefined();
  });

  it('reports a truncated header at every length', () => {
    const packet = vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 });
    for (let n = 0; n < 20; n++) {
      const f = decodeBytes(eth(ETHERTYPE.IPV4, packet.subarray(0, n)).subarray(0, 14 + n));
      expect(f.error).toBe(`ipv4: truncated header (${n} of 20 bytes)`);
      expect(f.ip).toBeUndefined();
    }
  });

  it('reports bad version, IHL, options past the end, total length too short or too long', () => {
    const base = { src: '192.0.2.11', dst: '224.0.0.18', proto: 112, ttl: 255, payload: advertPayload };
    expect(decodeBytes(eth(ETHERTYPE.IPV4, ipv4({ ...base, version: 6 }))).error).toBe('ipv4: version field is 6');
    expect(decodeBytes(eth(ETHERTYPE.IPV4, ipv4({ ...base, ihl: 4 }))).error).toBe('ipv4: header length 16 is below 20');
    const longIhl = ipv4({ ...base, ihl: 15, payload: new Uint8Array(0) });
    expect(decodeBytes(ethernet({ etherType: ETHERTYPE.IPV4, payload: longIhl, pad: false })).error).toBe('ipv4: header length 60 exceeds the 20 bytes present');
    const short = decodeBytes(eth(ETHERTYPE.IPV4, ipv4({ ...base, totalLength: 12 })));
    expect(short.error).toBe('ipv4: total length 12 is below the header length 20');
    expect(short.vrrp?.vrid).toBe(51);
    const long = decodeBytes(ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ ...base, totalLength: 1000 }), pad: false }));
    expect(long.error).toBe('ipv4: total length 1000 exceeds the 40 bytes present');
    expect(long.vrrp?.vrid).toBe(51);
  });

  it('a total length past the capture is no error when the frame was cut by snaplen', () => {
    const frame = eth(ETHERTYPE.IPV4, ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 6, payload: tcp({ srcPort: 1, dstPort: 2, payload: new Uint8Array(100) }) }));
    const f = decodeFrame(snaplenCut(frame, 60), createDecodeOptions({ all: true }));
    expect(f?.error).toBeUndefined();
    expect(f?.truncated).toBe(true);
    expect(f?.l4).toEqual({ proto: 6, srcPort: 1, dstPort: 2 });
  });
});

describe('IPv6 extension headers', () => {
  const advert6 = vrrp({ version: 3, vrid: 5, priority: 100, addresses: ['fe80::5'] }, { family: 6, src: 'fe80::1', dst: 'ff02::12' });

  it('walks hop-by-hop, routing, destination options and AH to the upper layer', () => {
    const f = decodeBytes(eth(ETHERTYPE.IPV6, ipv6({
      src: 'fe80::1', dst: 'ff02::12', nextHeader: 112, hopLimit: 255, payload: advert6,
      extensions: [{ type: 0 }, { type: 43, body: new Uint8Array(14) }, { type: 60 }, { type: 51 }],
    })));
    expect(f.ip?.proto).toBe(112);
    expect(f.vrrp?.checksumVariant).toBe('v3-pseudo');
  });

  it('marks fragments with offset and M flag; no fragment is decoded as VRRP, not even the first', () => {
    const first = decodeBytes(eth(ETHERTYPE.IPV6, ipv6({ src: 'fe80::1', dst: 'ff02::12', nextHeader: 112, hopLimit: 255, payload: advert6, extensions: [{ type: 44, moreFragments: true }] })));
    expect(first.ip).toMatchObject({ proto: 112, fragment: true, fragmentOffset: 0, moreFragments: true });
    expect(first.vrrp).toBeUndefined();
    expect(first.error).toBeUndefined();
    const later = decodeBytes(eth(ETHERTYPE.IPV6, ipv6({ src: 'fe80::1', dst: 'ff02::12', nextHeader: 112, payload: advert6, extensions: [{ type: 44, fragmentOffset: 8 }] })));
    expect(later.ip).toMatchObject({ fragment: true, fragmentOffset: 64, moreFragments: false }); // offset 8 units of 8 bytes
    expect(later.vrrp).toBeUndefined();
  });

  it('stops at ESP and no-next-header', () => {
    const esp = decodeBytes(eth(ETHERTYPE.IPV6, ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 50, payload: new Uint8Array(32) })));
    expect(esp.ip?.proto).toBe(50);
    expect(esp.error).toBeUndefined();
    expect(decodeBytes(eth(ETHERTYPE.IPV6, ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 59, payload: new Uint8Array(0) }))).ip?.proto).toBe(59);
  });

  it('bounds a chain of headers that point at themselves (a loop)', () => {
    const loop = Array.from({ length: 12 }, () => ({ type: 0, nextHeader: 0 }));
    const f = decodeBytes(eth(ETHERTYPE.IPV6, ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 0, payload: new Uint8Array(0), extensions: loop })));
    expect(f.error).toBe('ipv6: more than 10 extension headers');
    const ten = Array.from({ length: 10 }, () => ({ type: 60 }));
    expect(decodeBytes(eth(ETHERTYPE.IPV6, ipv6({ src: 'fe80::1', dst: 'ff02::12', nextHeader: 112, hopLimit: 255, payload: advert6, extensions: ten }))).vrrp?.vrid).toBe(5);
  });

  it('reports a cut extension header and a payload length past the end', () => {
    const cut = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 6, payload: new Uint8Array(0), extensions: [{ type: 0, body: new Uint8Array(30) }] });
    expect(decodeBytes(ethernet({ etherType: ETHERTYPE.IPV6, payload: cut.subarray(0, 40 + 12), pad: false })).error).toBe('ipv6: packet length 72 exceeds the 52 bytes present');
    const hdr = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 6, payload: new Uint8Array(0), extensions: [{ type: 0, body: new Uint8Array(30) }], payloadLength: 12 });
    expect(decodeBytes(ethernet({ etherType: ETHERTYPE.IPV6, payload: hdr.subarray(0, 52), pad: false })).error).toBe('ipv6: extension header 0 truncated');
    for (let n = 0; n < 40; n++) {
      expect(decodeBytes(ethernet({ etherType: ETHERTYPE.IPV6, payload: hdr.subarray(0, n), pad: false })).error).toBe(`ipv6: truncated header (${n} of 40 bytes)`);
    }
  });

  it('uses the payload length, so padding is not payload', () => {
    const f = decodeBytes(eth(ETHERTYPE.IPV6, ipv6({ src: 'fe80::1', dst: 'ff02::12', nextHeader: IPPROTO.VRRP, hopLimit: 255, payload: advert6 })).subarray(0), {}, {});
    expect(f.vrrp?.trailingBytes).toBeUndefined();
  });
});
