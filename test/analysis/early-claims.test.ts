import { describe, expect, it } from 'vitest';
import { EarlyClaims, type HeldClaim } from '../../src/analysis/early-claims.js';
import type { AddressClaim } from '../../src/analysis/model/address-claims.js';

/** The same buffer on a plain Map's insertion order and one object per claim (what rs-arp-for-vip did before). */
class Reference {
  readonly map = new Map<string, HeldClaim[]>();
  constructor(
    private readonly addresses: number,
    private readonly perAddress: number,
  ) {}
  add(c: HeldClaim): void {
    const key = `${c.linkKey}|${c.claim.ip}`;
    let list = this.map.get(key);
    if (!list) {
      if (this.map.size >= this.addresses) this.map.delete(this.map.keys().next().value!);
      list = [];
      this.map.set(key, list);
    }
    if (list.length < this.perAddress) list.push(c);
  }
  take(linkKey: string, ip: string): HeldClaim[] | null {
    const key = `${linkKey}|${ip}`;
    const list = this.map.get(key) ?? null;
    this.map.delete(key);
    return list;
  }
}

function claim(ip: string, n: number): AddressClaim {
  return { ip, family: 'ipv4', kind: n % 2 ? 'arp-reply' : 'garp', mac: `02:00:00:00:00:${(n % 256).toString(16).padStart(2, '0')}`, ethSrc: undefined };
}

describe('EarlyClaims', () => {
  it('gives back the claims of an address in order, at most perAddress, and drops the oldest address when full', () => {
    const b = new EarlyClaims(2, 2);
    const held = (ip: string, n: number, linkKey = '0|untagged'): HeldClaim => ({ linkType: 1, claim: claim(ip, n), linkKey, vlan: null, frame: n, ts: 100 + n / 10 });
    const add = (c: HeldClaim) => b.add(c.linkKey, c.claim.ip, c.claim, c.frame, c.ts, c.linkType, c.vlan);
    const a1 = held('192.0.2.1', 1);
    const a2 = held('192.0.2.1', 2);
    add(a1);
    add(a2);
    add(held('192.0.2.1', 3));
    add({ ...held('192.0.2.1', 4, '0|10'), vlan: 10 });
    expect(b.size).toBe(2);
    expect(b.take('0|untagged', '192.0.2.1')).toEqual([a1, a2]);
    expect(b.take('0|untagged', '192.0.2.1')).toBeNull();
    add(held('192.0.2.2', 5));
    add(held('192.0.2.3', 6));
    // VLAN 10's address was the oldest held.
    expect(b.take('0|10', '192.0.2.1')).toBeNull();
    expect(b.take('0|untagged', '192.0.2.2')?.map((c) => c.frame)).toEqual([5]);
    expect(b.size).toBe(1);
  });

  // 600 addresses: the columns start with 256 slots and grow twice while claims are held.
  it.each([
    { addresses: 50, perAddress: 3, ips: 150 },
    { addresses: 600, perAddress: 2, ips: 700 },
  ])('holds what the reference holds through long runs of claims and takes ($addresses addresses)', ({ addresses, perAddress, ips }) => {
    const b = new EarlyClaims(addresses, perAddress);
    const ref = new Reference(addresses, perAddress);
    let seed = 11;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 30_000; i++) {
      const linkKey = `0|${next() % 3}`;
      const n = next() % ips;
      const ip = `198.51.${100 + (n >> 8)}.${n & 255}`;
      if (next() % 4 === 0) {
        expect(b.take(linkKey, ip)).toEqual(ref.take(linkKey, ip));
      } else {
        const c: HeldClaim = { linkType: 1 + (i % 2), claim: claim(ip, i), linkKey, vlan: i % 5 === 0 ? null : i % 4096, frame: i + 1, ts: 1e9 + i / 1000 };
        b.add(linkKey, ip, c.claim, c.frame, c.ts, c.linkType, c.vlan);
        ref.add(c);
      }
      expect(b.size).toBe(ref.map.size);
    }
    for (const key of [...ref.map.keys()]) {
      const [l, v, ip] = key.split('|');
      expect(b.take(`${l}|${v}`, ip!)).toEqual(ref.take(`${l}|${v}`, ip!));
    }
    expect(b.size).toBe(0);
  });
});
