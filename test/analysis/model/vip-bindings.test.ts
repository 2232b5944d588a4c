import { describe, expect, it } from 'vitest';
import { VipBindings } from '../../../src/analysis/model/vip-bindings.js';
import { arp, garp, na } from '../../helpers/frame-info-builder.js';

const LINK = '0|untagged';
const A = { ip: '192.0.2.11', mac: '52:54:00:00:00:11' };
const VMAC = '00:00:5e:00:01:33';
const VIP = '192.0.2.100';

describe('VipBindings', () => {
  it('records a gratuitous ARP as a claim of its sender address by its sender MAC', () => {
    const b = new VipBindings();
    b.arp(garp({ frame: 5, t: 1, mac: A.mac, vip: VIP }), LINK);
    const binding = b.get(LINK, VIP);
    expect(binding?.family).toBe('ipv4');
    expect(binding?.linkKey).toBe(LINK);
    const owner = binding?.owners.get(A.mac);
    expect(owner?.kinds).toEqual(new Set(['garp']));
    expect(owner?.frames).toBe(1);
    expect(owner?.ethSrc).toBeUndefined();
    expect(binding?.last).toEqual({ mac: A.mac, ts: owner?.firstTs, frame: 5 });
    expect(b.macOfIp(VIP)).toBe(A.mac);
    expect(b.ipOfMac(A.mac)).toBe(VIP);
  });

  it('tells replies, gratuitous ARPs and requests apart, and keeps requests out of `last`', () => {
    const b = new VipBindings();
    b.arp(arp({ frame: 1, t: 1, op: 2, senderMac: A.mac, senderIp: VIP, targetMac: '52:54:00:00:00:01', targetIp: '192.0.2.1' }), LINK);
    b.arp(arp({ frame: 2, t: 2, senderMac: '02:00:00:00:03:02', senderIp: VIP, targetIp: '192.0.2.1' }), LINK);
    const binding = b.get(LINK, VIP)!;
    expect(binding.owners.get(A.mac)?.kinds).toEqual(new Set(['arp-reply']));
    expect(binding.owners.get('02:00:00:00:03:02')?.kinds).toEqual(new Set(['arp-request-spa']));
    // The request is a claim too (arp_announce leak), but not an answer that moves where the VIP points.
    expect(binding.last?.mac).toBe(A.mac);
    expect(binding.last?.frame).toBe(1);
    // ...while the MAC ↔ IP maps follow the latest sender, which is why a leaking host's ipOfMac is the VIP.
    expect(b.macOfIp(VIP)).toBe('02:00:00:00:03:02');
    expect(b.ipOfMac('02:00:00:00:03:02')).toBe(VIP);
  });

  it('keeps the Ethernet source of an RFC-style reply (virtual MAC inside, physical source)', () => {
    const b = new VipBindings();
    b.arp(arp({ frame: 1, t: 1, op: 2, senderMac: VMAC, senderIp: VIP, targetMac: '52:54:00:00:00:01', targetIp: '192.0.2.1', ethSrc: A.mac }), LINK);
    const owner = b.get(LINK, VIP)?.owners.get(VMAC);
    expect(owner?.ethSrc).toBe(A.mac);
    expect(b.get(LINK, VIP)?.owners.has(A.mac)).toBe(false);
  });

  it('accumulates frames, kinds and times per owner, and separates links', () => {
    const b = new VipBindings();
    b.arp(garp({ frame: 1, t: 1, mac: A.mac, vip: VIP }), LINK);
    b.arp(arp({ frame: 2, t: 3, op: 2, senderMac: A.mac, senderIp: VIP, targetMac: '52:54:00:00:00:01', targetIp: '192.0.2.1' }), LINK);
    b.arp(garp({ frame: 3, t: 4, mac: A.mac, vip: VIP, vlan: [20] }), '0|20');
    const owner = b.get(LINK, VIP)?.owners.get(A.mac);
    expect(owner?.frames).toBe(2);
    expect(owner?.kinds).toEqual(new Set(['garp', 'arp-reply']));
    expect((owner?.lastTs ?? 0) - (owner?.firstTs ?? 0)).toBeCloseTo(2, 6);
    expect(b.get('0|20', VIP)?.owners.get(A.mac)?.frames).toBe(1);
    expect([...b.all()]).toHaveLength(2);
  });

  it('ignores probes (sender 0.0.0.0) and opcodes other than request and reply', () => {
    const b = new VipBindings();
    b.arp(arp({ frame: 1, t: 1, senderMac: A.mac, senderIp: '0.0.0.0', targetIp: VIP }), LINK);
    const rarp = arp({ frame: 2, t: 2, senderMac: A.mac, senderIp: VIP });
    rarp.arp = { ...rarp.arp!, op: 3 };
    b.arp(rarp, LINK);
    expect([...b.all()]).toEqual([]);
    expect(b.macOfIp(VIP)).toBeUndefined();
  });

  it('records neighbour advertisements as claims of the target by the target link-layer address', () => {
    const b = new VipBindings();
    const V6 = '2001:db8::100';
    b.nd(na({ frame: 1, t: 1, mac: '00:00:5e:00:02:33', target: V6 }), LINK);
    const binding = b.get(LINK, V6);
    expect(binding?.family).toBe('ipv6');
    expect(binding?.owners.get('00:00:5e:00:02:33')?.kinds).toEqual(new Set(['na']));
    expect(binding?.last?.frame).toBe(1);
    expect(b.macOfIp(V6)).toBe('00:00:5e:00:02:33');
    // Without the option the Ethernet source stands in; solicitations claim nothing.
    const bare = na({ frame: 2, t: 2, mac: A.mac, target: '2001:db8::7' });
    delete bare.nd!.tlla;
    b.nd(bare, LINK);
    expect(b.get(LINK, '2001:db8::7')?.owners.has(A.mac)).toBe(true);
    const ns = na({ frame: 3, t: 3, mac: A.mac, target: '2001:db8::8' });
    ns.nd = { type: 'ns', target: '2001:db8::8', slla: A.mac };
    b.nd(ns, LINK);
    expect(b.get(LINK, '2001:db8::8')).toBeUndefined();
  });
});
