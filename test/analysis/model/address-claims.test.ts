import { describe, expect, it } from 'vitest';
import { AddressBook, addressClaimOf, BoundedMap, claimMacs } from '../../../src/analysis/model/address-claims.js';
import { arp, garp, na } from '../../helpers/frame-info-builder.js';

const A = { ip: '192.0.2.11', mac: '52:54:00:00:00:11' };
const VMAC = '00:00:5e:00:01:33';
const VIP = '192.0.2.100';

describe('address claims (derived once by the model)', () => {
  it('tells gratuitous ARPs, replies and requests apart, and ignores probes (sender 0.0.0.0)', () => {
    expect(addressClaimOf(garp({ frame: 1, t: 1, mac: A.mac, vip: VIP }))).toMatchObject({ ip: VIP, kind: 'garp', mac: A.mac, family: 'ipv4' });
    const reply = arp({ frame: 2, t: 2, op: 2, senderMac: A.mac, senderIp: VIP, targetMac: '52:54:00:00:00:01', targetIp: '192.0.2.1' });
    expect(addressClaimOf(reply)?.kind).toBe('arp-reply');
    expect(addressClaimOf(arp({ frame: 3, t: 3, senderMac: A.mac, senderIp: A.ip, targetIp: '192.0.2.1' }))?.kind).toBe('arp-request');
    expect(addressClaimOf(arp({ frame: 4, t: 4, senderMac: A.mac, senderIp: '0.0.0.0', targetIp: VIP }))).toBeNull();
  });

  it('shows the Ethernet source beside the claimed MAC when they differ (RFC-style VMAC reply)', () => {
    const reply = arp({ frame: 1, t: 1, op: 2, senderMac: VMAC, senderIp: VIP, targetMac: '52:54:00:00:00:01', targetIp: '192.0.2.1', ethSrc: A.mac });
    const claim = addressClaimOf(reply)!;
    expect(claimMacs(claim)).toEqual([VMAC, A.mac]);
  });

  it('reads an NA as a claim of its target, unsolicited or not', () => {
    const claim = addressClaimOf(na({ frame: 1, t: 1, mac: A.mac, target: '2001:db8::100' }));
    expect(claim).toMatchObject({ ip: '2001:db8::100', family: 'ipv6', kind: 'na', mac: A.mac });
  });

  it('keeps the latest MAC per address and the latest ARP address per MAC', () => {
    const book = new AddressBook();
    book.observe(addressClaimOf(arp({ frame: 1, t: 1, senderMac: A.mac, senderIp: A.ip, targetIp: '192.0.2.1' }))!);
    book.observe(addressClaimOf(garp({ frame: 2, t: 2, mac: A.mac, vip: VIP }))!);
    expect(book.macOfIp(A.ip)).toBe(A.mac);
    expect(book.macOfIp(VIP)).toBe(A.mac);
    expect(book.ipOfMac(A.mac)).toBe(VIP);
    // An NA names its target: it does not say which address the MAC itself has.
    book.observe(addressClaimOf(na({ frame: 3, t: 3, mac: A.mac, target: '2001:db8::100' }))!);
    expect(book.ipOfMac(A.mac)).toBe(VIP);
    expect(book.macOfIp('2001:db8::100')).toBe(A.mac);
  });
});

describe('BoundedMap', () => {
  /** What the model did before: a plain Map, its first key evicted. */
  function setOnPlainMap(map: Map<string, number>, key: string, value: number, max: number): boolean {
    const evict = map.size >= max && !map.has(key);
    if (evict) map.delete(map.keys().next().value!);
    map.set(key, value);
    return evict;
  }

  it('keeps and evicts exactly what a plain Map evicting its first key does', () => {
    const bounded = new BoundedMap<number>(100);
    const plain = new Map<string, number>();
    let seed = 5;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 20_000; i++) {
      // Mostly known keys at first, then mostly new ones, so that the map is both below and at its bound.
      const key = `k${next() % (i < 5_000 ? 120 : 2_000)}`;
      expect(bounded.set(key, i)).toBe(setOnPlainMap(plain, key, i, 100));
      expect(bounded.size).toBe(plain.size);
    }
    for (let k = 0; k < 2_000; k++) expect(bounded.get(`k${k}`)).toBe(plain.get(`k${k}`));
  });
});
