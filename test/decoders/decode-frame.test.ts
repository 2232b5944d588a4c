import { describe, expect, it } from 'vitest';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import { ETHERTYPE, ethernet, rawFrame, vrrpOverIpv4 } from '../helpers/frame-builder.js';

const advert = ethernet({
  src: '7a:a6:57:7c:4d:ac', dst: '01:00:5e:00:00:12', etherType: ETHERTYPE.IPV4,
  payload: vrrpOverIpv4({ src: '192.0.2.11', vrrp: { version: 2, vrid: 51, priority: 150, addresses: ['192.0.2.100'] } }),
});

describe('decodeFrame', () => {
  it('fills the common fields of the output contract, in its order', () => {
    const f = decodeFrame(rawFrame(advert, { index: 30, tsMicros: 1_764_098_262_079_837, iface: 2 }), createDecodeOptions());
    expect(f).not.toBeNull();
    expect(Object.keys(f ?? {})).toEqual(['frame', 'ts', 'time', 'iface', 'linkType', 'capLen', 'wireLen', 'vlan', 'ethSrc', 'ethDst', 'etherType', 'ip', 'vrrp']);
    expect(f).toMatchObject({ frame: 30, ts: 1764098262.079837, time: '2025-11-25T19:17:42.079837Z', iface: 2, linkType: 1, capLen: 60, wireLen: 60, vlan: [] });
    expect(JSON.stringify(f)).toContain('"ts":1764098262.079837,');
    expect(f?.truncated).toBeUndefined();
  });

  it('sets truncated when capLen < wireLen', () => {
    const f = decodeFrame(rawFrame(advert, { capLen: 50 }), createDecodeOptions());
    expect(f?.truncated).toBe(true);
    expect(f?.wireLen).toBe(60);
  });

  it('with all, every frame gets at least the common fields', () => {
    const f = decodeFrame(rawFrame(ethernet({ etherType: 0x88cc, payload: new Uint8Array(40) })), createDecodeOptions({ all: true }));
    expect(f).toMatchObject({ etherType: 0x88cc, vlan: [] });
    expect(f?.ip).toBeUndefined();
    expect(f?.error).toBeUndefined();
  });

  it('never reads past capLen even when the buffer holds more', () => {
    const raw = rawFrame(advert);
    const cut = { ...raw, capLen: 30, wireLen: 30 };
    expect(decodeFrame(cut, createDecodeOptions())?.error).toBe('ipv4: truncated header (16 of 20 bytes)');
  });

  it('createDecodeOptions defaults: relevant only, masked secrets, no GUE port, no VIPs', () => {
    const o = createDecodeOptions();
    expect(o.all).toBe(false);
    expect(o.showSecrets).toBe(false);
    expect(o.guePorts.size).toBe(0);
    expect(o.vips4.size).toBe(0);
    expect(o.vips6.size).toBe(0);
    expect(createDecodeOptions({ guePorts: new Set([6080]) }).guePorts.has(6080)).toBe(true);
  });
});
