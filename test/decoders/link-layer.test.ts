import { describe, expect, it } from 'vitest';
import {
  arp, bsdLoopback, ETHERTYPE, ethernet, ethernetSnap, LINKTYPE, pbbPayload, sll, sll2, vrrpOverIpv4, vrrpOverIpv6, hexBytes,
} from '../helpers/frame-builder.js';
import { decodeBytes } from './decode-helpers.js';

const advert4 = vrrpOverIpv4({ src: '192.0.2.11', vrrp: { version: 2, vrid: 51, priority: 150, addresses: ['192.0.2.100'] } });
const advert6 = vrrpOverIpv6({ src: 'fe80::1', vrrp: { version: 3, vrid: 51, priority: 150, addresses: ['fe80::100'] } });
const arpReq = arp({ op: 1, senderMac: '02:00:00:00:00:0a', senderIp: '192.0.2.10', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.1' });

describe('Ethernet', () => {
  it('reads MACs in lowercase with colons and the EtherType', () => {
    const f = decodeBytes(ethernet({ src: '7A:A6:57:7C:4D:AC', dst: '01:00:5E:00:00:12', etherType: ETHERTYPE.IPV4, payload: advert4 }));
    expect(f).toMatchObject({ ethSrc: '7a:a6:57:7c:4d:ac', ethDst: '01:00:5e:00:00:12', etherType: 0x0800, vlan: [], linkType: 1 });
  });

  it('walks 802.1Q, 802.1ad and 0x9100 stacks, outermost first', () => {
    const f = decodeBytes(ethernet({
      etherType: ETHERTYPE.IPV4, payload: advert4,
      vlans: [{ id: 300, tpid: ETHERTYPE.QINQ }, { id: 20, tpid: ETHERTYPE.QINQ_OLD }, { id: 4095, pcp: 7, dei: true }],
    }));
    expect(f.vlan).toEqual([300, 20, 4095]);
    expect(f.etherType).toBe(0x0800);
    expect(f.vrrp?.vrid).toBe(51);
  });

  it('accepts 8 tags and calls a ninth malformed', () => {
    const eight = decodeBytes(ethernet({ etherType: ETHERTYPE.IPV4, payload: advert4, vlans: [1, 2, 3, 4, 5, 6, 7, 8] }));
    expect(eight.vlan).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(eight.vrrp).toBeDefined();
    const nine = decodeBytes(ethernet({ etherType: ETHERTYPE.IPV4, payload: advert4, vlans: [1, 2, 3, 4, 5, 6, 7, 8, 9] }));
    expect(nine.error).toBe('vlan: more than 8 tags');
    expect(nine.vrrp).toBeUndefined();
  });

  it('reports a cut VLAN tag', () => {
    const bytes = ethernet({ etherType: ETHERTYPE.VLAN, payload: hexBytes('00'), pad: false });
    expect(decodeBytes(bytes).error).toBe('vlan: truncated tag (1 of 4 bytes)');
  });

  it('reports a header shorter than 14 bytes at every length', () => {
    const bytes = ethernet({ etherType: ETHERTYPE.IPV4, payload: advert4 });
    for (let n = 0; n < 14; n++) {
      const f = decodeBytes(bytes.subarray(0, n));
      expect(f.error).toBe(`ethernet: truncated header (${n} of 14 bytes)`);
      expect(f.ethSrc).toBeUndefined();
    }
  });

  it('finds ARP behind an 802.3 length field and LLC/SNAP', () => {
    const f = decodeBytes(ethernetSnap({ src: '02:00:00:00:00:0a', etherType: ETHERTYPE.ARP, payload: arpReq }));
    expect(f.etherType).toBe(0x0806);
    expect(f.arp?.senderIp).toBe('192.0.2.10');
  });

  it('ignores LLC frames without SNAP', () => {
    const bytes = ethernet({ etherType: 3, payload: hexBytes('42 42 03') });
    const f = decodeBytes(bytes);
    expect(f.etherType).toBeUndefined();
    expect(f.error).toBeUndefined();
  });

  it('decodes through an 802.1ah PBB I-tag with the customer MACs', () => {
    const f = decodeBytes(ethernet({
      src: '02:bb:00:00:00:01', dst: '02:bb:00:00:00:02', vlans: [{ id: 4051, tpid: ETHERTYPE.QINQ }], etherType: ETHERTYPE.PBB,
      payload: pbbPayload({ isid: 0x123456, src: '00:00:5e:00:01:33', dst: '01:00:5e:00:00:12', etherType: ETHERTYPE.IPV4, payload: advert4 }),
    }));
    expect(f).toMatchObject({ vlan: [4051], ethSrc: '00:00:5e:00:01:33', ethDst: '01:00:5e:00:00:12', etherType: 0x0800 });
    expect(f.vrrp?.vrid).toBe(51);
  });
});

describe('Linux cooked captures', () => {
  it('SLL: source address only, protocol as EtherType', () => {
    const f = decodeBytes(sll({ src: '02:00:00:00:00:0a', protocol: ETHERTYPE.IPV4, payload: advert4 }), { linkType: LINKTYPE.LINUX_SLL });
    expect(f).toMatchObject({ ethSrc: '02:00:00:00:00:0a', etherType: 0x0800 });
    expect(f.ethDst).toBeUndefined();
    expect(f.vrrp?.vrid).toBe(51);
  });

  it('SLL: clamps an address length above 8 and formats other lengths as hex', () => {
    const big = decodeBytes(sll({ src: '02:00:00:00:00:0a', addrLen: 200, protocol: ETHERTYPE.ARP, payload: arpReq }), { linkType: LINKTYPE.LINUX_SLL });
    expect(big.ethSrc).toBe('02:00:00:00:00:0a:00:00');
    expect(big.arp).toBeDefined();
    const none = decodeBytes(sll({ addrLen: 0, protocol: ETHERTYPE.ARP, payload: arpReq }), { linkType: LINKTYPE.LINUX_SLL });
    expect(none.ethSrc).toBeUndefined();
  });

  it('SLL: VLAN tags left in the payload are walked', () => {
    const tagged = ethernet({ vlans: [42], etherType: ETHERTYPE.IPV4, payload: advert4, pad: false }).subarray(12);
    const f = decodeBytes(sll({ protocol: ETHERTYPE.VLAN, payload: tagged.subarray(2) }), { linkType: LINKTYPE.LINUX_SLL });
    expect(f.vlan).toEqual([42]);
    expect(f.vrrp).toBeDefined();
  });

  it('SLL2', () => {
    const f = decodeBytes(sll2({ src: '02:00:00:00:00:0b', protocol: ETHERTYPE.IPV6, payload: advert6 }), { linkType: LINKTYPE.LINUX_SLL2 });
    expect(f).toMatchObject({ ethSrc: '02:00:00:00:00:0b', etherType: 0x86dd, linkType: 276 });
    expect(f.vrrp?.addresses).toEqual(['fe80::100']);
  });

  it('reports short cooked headers at every length', () => {
    const s1 = sll({ protocol: ETHERTYPE.IPV4, payload: advert4 });
    const s2 = sll2({ protocol: ETHERTYPE.IPV4, payload: advert4 });
    for (let n = 0; n < 16; n++) expect(decodeBytes(s1.subarray(0, n), { linkType: LINKTYPE.LINUX_SLL }).error).toBe(`sll: truncated header (${n} of 16 bytes)`);
    for (let n = 0; n < 20; n++) expect(decodeBytes(s2.subarray(0, n), { linkType: LINKTYPE.LINUX_SLL2 }).error).toBe(`sll2: truncated header (${n} of 20 bytes)`);
  });
});

describe('raw IP and loopback', () => {
  for (const linkType of [101, 12, 14, 228]) {
    it(`raw IPv4 on link type ${linkType}`, () => {
      const f = decodeBytes(advert4, { linkType });
      expect(f.ethSrc).toBeUndefined();
      expect(f.etherType).toBeUndefined();
      expect(f.vrrp?.vrid).toBe(51);
    });
  }

  it('raw IPv6 on 229 and 101', () => {
    expect(decodeBytes(advert6, { linkType: 229 }).vrrp?.vrid).toBe(51);
    expect(decodeBytes(advert6, { linkType: 101 }).ip?.version).toBe(6);
  });

  it('raw IP with a bad version nibble or no bytes', () => {
    expect(decodeBytes(hexBytes('50 00'), { linkType: 101 }).error).toBe('ip: unknown version 5');
    expect(decodeBytes(new Uint8Array(0), { linkType: 101 }).error).toBe('ip: empty packet');
  });

  it('BSD loopback in either byte order, AF_INET6 as 24, 28 or 30', () => {
    expect(decodeBytes(bsdLoopback({ family: 2, payload: advert4 }), { linkType: 0 }).vrrp?.vrid).toBe(51);
    expect(decodeBytes(bsdLoopback({ family: 2, bigEndian: true, payload: advert4 }), { linkType: 0 }).vrrp?.vrid).toBe(51);
    for (const af of [24, 28, 30]) {
      expect(decodeBytes(bsdLoopback({ family: af, payload: advert6 }), { linkType: 0 }).vrrp?.vrid).toBe(51);
      expect(decodeBytes(bsdLoopback({ family: af, bigEndian: true, payload: advert6 }), { linkType: 0 }).vrrp?.vrid).toBe(51);
    }
    const other = decodeBytes(bsdLoopback({ family: 17, payload: advert4 }), { linkType: 0 });
    expect(other.ip).toBeUndefined();
    expect(other.error).toBeUndefined();
    expect(decodeBytes(hexBytes('02 00'), { linkType: 0 }).error).toBe('loopback: truncated header (2 of 4 bytes)');
  });

  it('reports an unsupported link type', () => {
    const f = decodeBytes(advert4, { linkType: 107 });
    expect(f.error).toBe('link: unsupported link type 107');
    expect(f.linkType).toBe(107);
  });
});

describe('frame offsets', () => {
  it('honours RawFrame.offset into a shared buffer', () => {
    const bytes = ethernet({ etherType: ETHERTYPE.IPV4, payload: advert4 });
    expect(decodeBytes(bytes, { offset: 37 })).toEqual(decodeBytes(bytes));
  });
});
