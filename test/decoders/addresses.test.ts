import { describe, expect, it } from 'vitest';
import { ipv4ToUint32, parseIpv6 } from '../../src/decoders/addresses.js';
import { formatIpv6 } from '../../src/decoders/format.js';
import { UsageError } from '../../src/errors.js';

describe('ipv4ToUint32', () => {
  it('converts dotted quads', () => {
    expect(ipv4ToUint32('192.0.2.100')).toBe(0xc0000264);
    expect(ipv4ToUint32('255.255.255.255')).toBe(0xffffffff);
    expect(ipv4ToUint32('0.0.0.0')).toBe(0);
  });

  it('rejects what is not an IPv4 address', () => {
    for (const bad of ['192.0.2', '192.0.2.256', 'a.b.c.d', '1.2.3.4.5', '', '1..2.3']) expect(() => ipv4ToUint32(bad)).toThrow(UsageError);
  });
});

describe('parseIpv6', () => {
  it('reads every text form back to the same bytes', () => {
    for (const text of ['2001:db8::1', '2001:DB8:0:0:0:0:0:1', '::ffff:192.0.2.1', '::', 'fe80::200:5eff:fe00:201', 'ff02::12', '1:2:3:4:5:6:7:8']) {
      const bytes = parseIpv6(text);
      expect(bytes).not.toBeNull();
      expect(parseIpv6(formatIpv6(bytes as Uint8Array, 0))).toEqual(bytes);
    }
    expect(formatIpv6(parseIpv6('2001:DB8:0:0:0:0:0:1') as Uint8Array, 0)).toBe('2001:db8::1');
  });

  it('returns null for invalid text', () => {
    for (const bad of ['2001:db8::1::2', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', 'g::1', '12345::', '::1.2.3']) expect(parseIpv6(bad)).toBeNull();
  });
});
