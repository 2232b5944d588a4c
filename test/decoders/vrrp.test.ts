import { describe, expect, it } from 'vitest';
import { AUTH_SECRET } from '../../src/decoders/frame-info.js';
import {
  ciscoMd5Trailer, ETHERTYPE, ethernet, ipv4, IPPROTO, vrrp, vrrpOverIpv4, vrrpOverIpv6, snaplenCut, type VrrpChecksum,
} from '../helpers/frame-builder.js';
import { vouchedAdvert } from '../../src/decoders/vrrp.js';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import { decodeBytes } from './decode-helpers.js';

const v2 = { version: 2, vrid: 51, priority: 150, addresses: ['192.0.2.100'] } as const;

function eth4(payload: Uint8Array): Uint8Array {
  return ethernet({ src: '7a:a6:57:7c:4d:ac', dst: '01:00:5e:00:00:12', etherType: ETHERTYPE.IPV4, payload });
}

function eth6(payload: Uint8Array): Uint8Array {
  return ethernet({ dst: '33:33:00:00:00:12', etherType: ETHERTYPE.IPV6, payload });
}

describe('VRRPv2 over IPv4', () => {
  it('decodes every header field of a minimum-size advert (Ethernet padding excluded)', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 })));
    expect(f.capLen).toBe(60);
    expect(f.ip).toEqual({ version: 4, src: '192.0.2.11', dst: '224.0.0.18', ttl: 255, proto: 112, id: 0, tos: 0xc0 });
    expect(f.vrrp).toMatchObject({
      version: 2, type: 1, vrid: 51, priority: 150, count: 1, authType: 0, intervalMs: 1000,
      checksumValid: true, checksumVariant: 'v2', addresses: ['192.0.2.100'],
    });
    expect(f.vrrp?.checksum).toMatch(/^0x[0-9a-f]{4}$/);
    expect(f.vrrp?.trailingBytes).toBeUndefined();
    expect(f.vrrp?.authData).toBeUndefined();
    expect(f.vrrp?.[AUTH_SECRET]).toBe('0000000000000000');
    expect(f.error).toBeUndefined();
  });

  it('masks a simple-text password unless showSecrets, and always keeps the raw bytes under the symbol', () => {
    const bytes = eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, authType: 1, authData: 'abc' } }));
    const masked = decodeBytes(bytes);
    expect(masked.vrrp?.authData).toBe('***');
    expect(masked.vrrp?.[AUTH_SECRET]).toBe('6162630000000000');
    expect(JSON.stringify(masked)).not.toContain('616263');
    expect(decodeBytes(bytes, {}, { showSecrets: true }).vrrp?.authData).toBe('abc');
    const full = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, authType: 1, authData: 'abcdefgh' } })), {}, { showSecrets: true });
    expect(full.vrrp?.authData).toBe('abcdefgh');
  });

  it('reports a bad checksum with variant null', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2, checksum: 'bad' })));
    expect(f.vrrp?.checksumValid).toBe(false);
    expect(f.vrrp?.checksumVariant).toBeNull();
    expect(f.error).toBeUndefined();
  });

  it('does not accept v3 variants for a v2 advert', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2, checksum: 'v3-pseudo' })));
    expect(f.vrrp?.checksumVariant).toBeNull();
  });

  it('converts the advert interval to milliseconds, 0 included', () => {
    expect(decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, intervalS: 3 } }))).vrrp?.intervalMs).toBe(3000);
    expect(decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, intervalS: 0 } }))).vrrp?.intervalMs).toBe(0);
  });

  it('reports bytes after the PDU (keepalived auth_hmac trailer) and still matches the checksum', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, trailer: new Uint8Array(28).fill(7) } })));
    expect(f.vrrp?.trailingBytes).toBe(28);
    expect(f.vrrp?.checksumVariant).toBe('v2');
  });

  it('decodes an advert without auth data and says how much there is', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, addresses: ['192.0.2.1', '192.0.2.2', '192.0.2.3'], omitAuthData: true } })));
    expect(f.error).toBeUndefined();
    expect(f.vrrp?.authDataBytes).toBe(0);
    expect(f.vrrp?.addresses).toHaveLength(3);
    expect(f.vrrp?.checksumVariant).toBe('v2');
    expect(f.vrrp?.[AUTH_SECRET]).toBeUndefined();
  });

  it('reports a count past the end as an error and keeps the header fields', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, count: 9 } })));
    expect(f.error).toBe('vrrp: address count 9 needs 36 bytes, only 12 present');
    expect(f.vrrp).toMatchObject({ vrid: 51, priority: 150, count: 9, checksumStatus: 'valid', unvouched: ['addresses', 'auth'] });
    expect(f.vrrp?.addresses).toEqual(['192.0.2.100', '0.0.0.0', '0.0.0.0']);
  });

  it('decodes count 0 without error', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, addresses: [] } })));
    expect(f.error).toBeUndefined();
    expect(f.vrrp).toMatchObject({ count: 0, addresses: [], checksumVariant: 'v2' });
  });

  it('reports a header shorter than 8 bytes at every length', () => {
    const full = vrrp(v2, { family: 4, src: '192.0.2.11', dst: '224.0.0.18' });
    for (let n = 0; n < 8; n++) {
      const f = decodeBytes(eth4(ipv4({ src: '192.0.2.11', dst: '224.0.0.18', proto: IPPROTO.VRRP, ttl: 255, payload: full.subarray(0, n) })));
      expect(f.vrrp).toBeUndefined();
      expect(f.error).toBe(`vrrp: truncated header (${n} of 8 bytes)`);
    }
  });

  it('does not judge the checksum of a frame cut by snaplen', () => {
    const bytes = eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, addresses: ['192.0.2.100', '192.0.2.101'] } }));
    const f = decodeFrame(snaplenCut(bytes, 14 + 20 + 14), createDecodeOptions());
    expect(f?.truncated).toBe(true);
    expect(f?.error).toBeUndefined();
    // Only the addresses that were captured are listed.
    expect(f?.vrrp).toMatchObject({ count: 2, checksumValid: false, checksumVariant: null, checksumStatus: 'unverified', addresses: ['192.0.2.100'] });
    // A capture artefact, not the sender's: what was captured is vouched for, and the model takes the advert.
    expect(f?.vrrp?.unvouched).toBeUndefined();
    expect(f && vouchedAdvert(f)).toBe(f?.vrrp);
    // Cutting only the Ethernet padding leaves every VRRP byte: the checksum is judged.
    const padOnly = decodeFrame(snaplenCut(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 })), 54), createDecodeOptions());
    expect(padOnly?.truncated).toBe(true);
    expect(padOnly?.vrrp?.checksumVariant).toBe('v2');
  });

  it('reports the TTL as it is (the rules judge it)', () => {
    expect(decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', ttl: 64, vrrp: v2 }))).ip?.ttl).toBe(64);
  });
});

describe('VRRPv3 checksum variants', () => {
  const v3 = { version: 3, vrid: 7, priority: 100, addresses: ['192.0.2.100', '192.0.2.101'] } as const;
  const cases: [string, string, VrrpChecksum, string | null][] = [
    ['multicast, with pseudo-header', '224.0.0.18', 'v3-pseudo', 'v3-pseudo'],
    ['multicast, without pseudo-header', '224.0.0.18', 'v3-no-pseudo', 'v3-no-pseudo'],
    ['unicast, with pseudo-header', '192.0.2.12', 'v3-pseudo', 'v3-pseudo'],
    ['unicast, pseudo-header with the multicast group (keepalived < 1.3.7, FRR)', '192.0.2.12', 'v3-pseudo-mcast', 'v3-pseudo-mcast'],
    ['unicast, without pseudo-header', '192.0.2.12', 'v3-no-pseudo', 'v3-no-pseudo'],
    ['no variant', '192.0.2.12', 'bad', null],
  ];
  for (const [name, dst, checksum, expected] of cases) {
    it(`IPv4 ${name}`, () => {
      const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', dst, vrrp: v3, checksum })));
      expect(f.vrrp?.checksumVariant).toBe(expected);
      expect(f.vrrp?.checksumValid).toBe(expected !== null);
    });
  }

  const v36 = { version: 3, vrid: 7, priority: 100, addresses: ['fe80::1', '2001:db8::100'] } as const;
  for (const [name, dst, checksum, expected] of [
    ['multicast, with pseudo-header', 'ff02::12', 'v3-pseudo', 'v3-pseudo'],
    ['multicast, without pseudo-header (Huawei option)', 'ff02::12', 'v3-no-pseudo', 'v3-no-pseudo'],
    ['unicast, pseudo-header with ff02::12', 'fe80::2', 'v3-pseudo-mcast', 'v3-pseudo-mcast'],
    ['bad', 'fe80::2', 'bad', null],
  ] as const) {
    it(`IPv6 ${name}`, () => {
      const f = decodeBytes(eth6(vrrpOverIpv6({ src: 'fe80::1', dst, vrrp: v36, checksum })));
      expect(f.vrrp?.checksumVariant).toBe(expected);
    });
  }

  it('prefers v3-pseudo when several variants match (multicast: pseudo and pseudo-mcast are the same sum)', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: v3, checksum: 'v3-pseudo-mcast' })));
    expect(f.vrrp?.checksumVariant).toBe('v3-pseudo');
  });
});

describe('VRRPv3 fields', () => {
  it('decodes centiseconds, IPv6 addresses, reserved bits only when set', () => {
    const f = decodeBytes(eth6(vrrpOverIpv6({ src: 'fe80::1', vrrp: { version: 3, vrid: 9, priority: 255, addresses: ['fe80::9', '2001:db8:0:1::100'], intervalCs: 4095 } })));
    expect(f.vrrp).toEqual({
      version: 3, type: 1, vrid: 9, priority: 255, count: 2, intervalMs: 40950, checksum: f.vrrp?.checksum,
      checksumValid: true, checksumVariant: 'v3-pseudo', checksumStatus: 'valid', addresses: ['fe80::9', '2001:db8:0:1::100'],
    });
    const r = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { version: 3, vrid: 9, priority: 1, addresses: ['192.0.2.1'], reserved: 0xa, intervalCs: 100 } })));
    expect(r.vrrp?.reserved).toBe(0xa);
    expect(r.vrrp?.intervalMs).toBe(1000);
    expect(r.vrrp?.authType).toBeUndefined();
  });

  it('needs 16 bytes per address over IPv6', () => {
    const f = decodeBytes(eth6(vrrpOverIpv6({ src: 'fe80::1', vrrp: { version: 3, vrid: 9, priority: 100, addresses: ['fe80::9'], count: 2 } })));
    expect(f.error).toBe('vrrp: address count 2 needs 32 bytes, only 16 present');
    expect(f.vrrp?.addresses).toEqual(['fe80::9']);
  });

  it('keeps unknown versions and types for the rules to judge', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, version: 4, type: 2 } })));
    expect(f.vrrp).toMatchObject({ version: 4, type: 2, vrid: 51, authType: 0 });
  });
});

describe('Cisco MD5 authentication (v2 auth type 254)', () => {
  const digest = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
  const md5 = { ...v2, authType: 254, trailer: ciscoMd5Trailer({ senderIp: '192.0.2.11', sequence: 0x01020304, digest }), checksumCoversTrailer: true };

  it('names the trailer fields, judges the checksum over the whole message, and is no error', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: md5 })));
    expect(f.error).toBeUndefined();
    expect(f.vrrp).toMatchObject({ authType: 254, checksumStatus: 'valid', checksumVariant: 'v2', addresses: ['192.0.2.100'] });
    expect(f.vrrp?.ciscoMd5).toEqual({ type: 0xfe, length: 28, senderIp: '192.0.2.11', sequence: 0x01020304 });
    expect(f.vrrp?.trailingBytes).toBeUndefined();
    expect(JSON.stringify(f)).not.toContain('a0a1a2');
    expect(vouchedAdvert(f)).toBe(f.vrrp);
  });

  it('shows the digest only with showSecrets', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: md5 })), {}, { showSecrets: true });
    expect(f.vrrp?.ciscoMd5?.digest).toBe('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf');
  });

  it('calls a checksum over the PDU alone invalid (Cisco covers the trailer)', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...md5, checksumCoversTrailer: false } })));
    expect(f.vrrp?.checksumStatus).toBe('invalid');
  });

  it('is not Cisco MD5 without the 0xfe trailer type: the bytes stay unexplained', () => {
    const trailer = ciscoMd5Trailer({ senderIp: '192.0.2.11', sequence: 1, digest });
    trailer[0] = 0x11;
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...md5, trailer } })));
    expect(f.vrrp?.ciscoMd5).toBeUndefined();
    expect(f.vrrp?.trailingBytes).toBe(30);
  });
});

describe('VRID 0, structured errors and vouched fields', () => {
  it('decodes VRID 0 with a vrrp error, and the model is not offered it', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { ...v2, vrid: 0 } })));
    expect(f.vrrp?.vrid).toBe(0);
    expect(f.errors).toEqual([{ layer: 'vrrp', code: 'vrid-zero', message: 'vrrp: virtual router id 0 is outside 1-255 (RFC 3768 §5.3.3, RFC 5798 §5.2.3)' }]);
    expect(vouchedAdvert(f)).toBeUndefined();
  });

  it('keeps every error: IPv4 total length 0 does not hide a bad address count, and no address is vouched for', () => {
    const payload = vrrp({ ...v2, count: 9 }, { family: 4, src: '192.0.2.11', dst: '224.0.0.18' });
    const f = decodeBytes(eth4(ipv4({ src: '192.0.2.11', dst: '224.0.0.18', proto: IPPROTO.VRRP, ttl: 255, totalLength: 0, payload })));
    expect(f.errors?.map((e) => `${e.layer}/${e.code}`)).toEqual(['ipv4/total-below-header', 'vrrp/count-exceeds-length']);
    // Without a usable IP length the payload runs to the end of the frame, Ethernet padding included (26 bytes).
    expect(f.error).toBe('ipv4: total length 0 is below the header length 20; vrrp: address count 9 needs 36 bytes, only 18 present');
    expect(f.vrrp).toMatchObject({ checksumStatus: 'unverified', checksumValid: false, unvouched: ['addresses', 'auth'] });
    expect(vouchedAdvert(f)).toBeUndefined();
  });

  it('does not vouch for addresses read from padding when only the IP length is unusable (no VIP 0.0.0.0)', () => {
    const payload = vrrp({ ...v2, count: 3 }, { family: 4, src: '192.0.2.11', dst: '224.0.0.18' });
    const f = decodeBytes(eth4(ipv4({ src: '192.0.2.11', dst: '224.0.0.18', proto: IPPROTO.VRRP, ttl: 255, totalLength: 0, payload })));
    expect(f.errors?.map((e) => e.code)).toEqual(['total-below-header']);
    expect(f.vrrp?.addresses).toContain('0.0.0.0');
    expect(f.vrrp).toMatchObject({ checksumStatus: 'unverified', unvouched: ['addresses', 'auth'] });
    expect(vouchedAdvert(f)).toBeUndefined();
  });

  it('vouches for every field of an ordinary advert', () => {
    const f = decodeBytes(eth4(vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 })));
    expect(f.vrrp?.unvouched).toBeUndefined();
    expect(f.errors).toBeUndefined();
    expect(vouchedAdvert(f)).toBe(f.vrrp);
  });
});
