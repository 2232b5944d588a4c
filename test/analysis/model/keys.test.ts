import { describe, expect, it } from 'vitest';
import { parseVirtualMac, virtualMacOf } from '../../../src/analysis/model/keys.js';

describe('virtualMacOf', () => {
  it('gives the RFC virtual MAC of every VRID of both families, the same text when asked again', () => {
    expect(virtualMacOf('ipv4', 1)).toBe('00:00:5e:00:01:01');
    expect(virtualMacOf('ipv4', 255)).toBe('00:00:5e:00:01:ff');
    expect(virtualMacOf('ipv6', 51)).toBe('00:00:5e:00:02:33');
    for (const family of ['ipv4', 'ipv6'] as const) {
      for (let vrid = 0; vrid <= 255; vrid++) {
        const mac = virtualMacOf(family, vrid);
        expect(virtualMacOf(family, vrid)).toBe(mac);
        expect(parseVirtualMac(mac)).toEqual({ family, vrid });
      }
    }
    // The IPv4 and IPv6 MACs of one VRID are kept apart.
    expect(virtualMacOf('ipv4', 7)).not.toBe(virtualMacOf('ipv6', 7));
  });
});
