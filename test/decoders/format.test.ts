import { describe, expect, it } from 'vitest';
import { formatHex16, formatIpv4Uint, formatIpv6, formatIsoMicros, formatLinkAddress, isoDate, isoTimeOfDay, TIME_OUT_OF_RANGE, formatMac } from '../../src/decoders/format.js';
import { hexBytes, ipv6Bytes } from '../helpers/frame-builder.js';

describe('address text', () => {
  it('MACs lowercase with colons', () => {
    expect(formatMac(hexBytes('00 00 5E 00 01 FF'), 0)).toBe('00:00:5e:00:01:ff');
    expect(formatLinkAddress(hexBytes('01 02 03 04'), 0, 4)).toBe('01:02:03:04');
  });

  it('IPv4 from a uint32', () => {
    expect(formatIpv4Uint(0xc0000264)).toBe('192.0.2.100');
    expect(formatIpv4Uint(0xffffffff)).toBe('255.255.255.255');
  });

  it('IPv6 in RFC 5952 form', () => {
    const cases: [string, string][] = [
      ['2001:0db8:0000:0001:0000:0000:0000:0100', '2001:db8:0:1::100'],
      ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // leftmost run on a tie
      ['2001:0db8:0000:0000:0000:0001:0000:0000', '2001:db8::1:0:0'], // longest run wins
      ['2001:0db8:0000:0001:0001:0001:0001:0001', '2001:db8:0:1:1:1:1:1'], // a single zero group is not compressed
      ['0000:0000:0000:0000:0000:0000:0000:0000', '::'],
      ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
      ['FF02:0000:0000:0000:0000:0000:0000:0012', 'ff02::12'],
      ['fe80:0000:0000:0000:0200:5eff:fe00:0201', 'fe80::200:5eff:fe00:201'],
      ['0000:0000:0000:0000:0000:ffff:c000:0264', '::ffff:192.0.2.100'],
      ['2001:0db8:0001:0002:0003:0004:0005:0000', '2001:db8:1:2:3:4:5:0'],
    ];
    for (const [full, expected] of cases) expect(formatIpv6(hexBytes(full), 0)).toBe(expected);
    expect(formatIpv6(ipv6Bytes('2001:db8::1'), 0)).toBe('2001:db8::1');
  });

  it('checksums as 0x and four lowercase digits', () => {
    expect(formatHex16(0x1b2c)).toBe('0x1b2c');
    expect(formatHex16(0xa)).toBe('0x000a');
  });
});

describe('time', () => {
  it('ISO 8601 UTC with all six microsecond digits', () => {
    // The output contract's example pairs ts 1764098262.079837 with 2026-…; that instant is in 2025.
    expect(formatIsoMicros(1_764_098_262_079_837)).toBe('2025-11-25T19:17:42.079837Z');
    expect(formatIsoMicros(1_764_098_262_000_001)).toBe('2025-11-25T19:17:42.000001Z');
    expect(formatIsoMicros(0)).toBe('1970-01-01T00:00:00.000000Z');
    // Second boundaries right after each other (the per-second cache must not leak).
    expect(formatIsoMicros(1_764_098_262_999_999)).toBe('2025-11-25T19:17:42.999999Z');
    expect(formatIsoMicros(1_764_098_263_000_000)).toBe('2025-11-25T19:17:43.000000Z');
    expect(formatIsoMicros(1_764_098_262_500_000)).toBe('2025-11-25T19:17:42.500000Z');
  });

  it('any timestamp a capture can claim: out of the calendar range is a marker, never a throw', () => {
    for (const ts of [2 ** 63, 2 ** 64, -(2 ** 63), Number.MAX_VALUE, Infinity, -Infinity, NaN, 8.64e18]) {
      expect(formatIsoMicros(ts), String(ts)).toBe(TIME_OUT_OF_RANGE);
    }
    // Years beyond 9999 and before the epoch keep their calendar date (ISO 8601 expanded years).
    expect(formatIsoMicros(253_402_300_800_000_000)).toBe('+010000-01-01T00:00:00.000000Z');
    expect(formatIsoMicros(-1)).toBe('1969-12-31T23:59:59.999999Z');
    expect(isoTimeOfDay('+010000-01-01T00:00:00.000000Z')).toBe('00:00:00.000000');
    expect(isoDate('+010000-01-01T00:00:00.000000Z')).toBe('+010000-01-01');
    expect(isoTimeOfDay(TIME_OUT_OF_RANGE)).toBe(TIME_OUT_OF_RANGE);
  });
});
