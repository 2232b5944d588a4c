import { describe, expect, it } from 'vitest';
import type { AddressClaim } from '../../../src/analysis/model/address-claims.js';
import { OwnAddresses } from '../../../src/analysis/model/own-addresses.js';
import type { Speaker } from '../../../src/analysis/model/types.js';

const HOST = '52:54:00:00:00:01';
const VMAC = '00:00:5e:00:01:33';

function arpOf(ip: string, mac: string): AddressClaim {
  return { ip, family: 'ipv4', kind: 'arp-request', mac, ethSrc: mac };
}

function withVips(vips: string[]): OwnAddresses {
  const set = new Set(vips);
  return new OwnAddresses({ isVip: (ip) => set.has(ip), macOfIp: () => undefined });
}

describe('OwnAddresses', () => {
  it("keeps a host's addresses in the order announced, each once, at most four", () => {
    const own = withVips([]);
    expect(own.ipsOf(HOST)).toEqual([]);
    own.observe(arpOf('192.0.2.10', HOST));
    own.observe(arpOf('192.0.2.10', HOST));
    expect(own.ipsOf(HOST)).toEqual(['192.0.2.10']);
    for (const last of [11, 12, 13, 14, 11]) own.observe(arpOf(`192.0.2.${last}`, HOST));
    expect(own.ipsOf(HOST)).toEqual(['192.0.2.10', '192.0.2.11', '192.0.2.12', '192.0.2.13']);
  });

  it('leaves out VIPs (also one learned after the host announced it) and claims from a virtual MAC', () => {
    const vips = new Set<string>();
    const own = new OwnAddresses({ isVip: (ip) => vips.has(ip), macOfIp: () => undefined });
    own.observe(arpOf('192.0.2.10', HOST));
    own.observe(arpOf('192.0.2.20', VMAC));
    expect(own.ipsOf(VMAC)).toEqual([]);
    vips.add('192.0.2.10');
    expect(own.ipsOf(HOST)).toEqual([]);
    own.observe(arpOf('192.0.2.11', HOST));
    expect(own.ipsOf(HOST)).toEqual(['192.0.2.11']);
    own.observe(arpOf('192.0.2.12', HOST));
    expect(own.ipsOf(HOST)).toEqual(['192.0.2.11', '192.0.2.12']);
  });

  it('finds the physical MAC behind a speaker that advertises from the virtual MAC', () => {
    const own = withVips([]);
    const speaker = { ip: '192.0.2.2', mac: VMAC } as Speaker;
    expect(own.physicalMacOf(speaker)).toBeUndefined();
    own.observe(arpOf('192.0.2.2', HOST));
    expect(own.physicalMacOf(speaker)).toBe(HOST);
    expect(own.physicalMacOf({ ip: '192.0.2.3', mac: HOST } as Speaker)).toBe(HOST);
  });
});
