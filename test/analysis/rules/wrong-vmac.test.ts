import { describe, expect, it } from 'vitest';
import { wrongVmac } from '../../../src/analysis/rules/wrong-vmac.js';
import { advert, adverts, arp, BASE_TS, garp, na } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const VMAC_51 = '00:00:5e:00:01:33';
const VMAC_50 = '00:00:5e:00:01:32';
const VIP = '192.0.2.100';

describe('wrong-vmac: adverts', () => {
  it('reports adverts for VRID 51 sent from the virtual MAC of VRID 50, once per speaker', () => {
    const frames = sequence(adverts({ src: A.src, mac: VMAC_50, vrid: 51, from: 0, to: 4, frame: 1 }));
    const findings = findingsOf(frames, wrongVmac);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.rule).toBe('wrong-vmac');
    expect(f.severity).toBe('error');
    expect(f.router).toBe('0|untagged|ipv4|51');
    expect(f.title).toContain('VRID 51');
    expect(f.message).toContain(VMAC_50);
    expect(f.message).toContain('VRID 50');
    expect(f.message).toContain(VMAC_51);
    expect(f.subjects).toEqual({ ips: [A.src], macs: [VMAC_50] });
    expect(f.frames).toEqual([1, 2, 3, 4, 5]);
    expect(f.frameCount).toBe(5);
    expect(f.firstTs).toBeCloseTo(BASE_TS, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 4, 6);
    expect(f.wiresharkFilter).toBe(`vrrp.virt_rtr_id == 51 && ip && !icmp && eth.src == ${VMAC_50} && frame.number in {1..5}`);
    expect(f.remediation).toContain('use_vmac');
  });

  it('says when the VRID owning the misused MAC runs on the same link', () => {
    const frames = sequence(
      adverts({ src: A.src, mac: VMAC_50, vrid: 51, from: 0, to: 2, frame: 1 }),
      adverts({ src: '192.0.2.21', mac: VMAC_50, vrid: 50, vips: ['192.0.2.200'], from: 0.5, to: 2.5, frame: 10 }),
    );
    const [f] = findingsOf(frames, wrongVmac);
    expect(f?.message).toContain('VRID 50 (IPv4) also runs on this link');
  });

  it('reports an IPv4 advert from the IPv6 virtual MAC range and an IPv6 advert from the IPv4 range', () => {
    const frames = sequence(
      [advert({ frame: 1, t: 0, src: A.src, mac: '00:00:5e:00:02:33', vrid: 51 })],
      [advert({ frame: 2, t: 0.1, src: 'fe80::11', mac: '00:00:5e:00:01:33', vrid: 51, vips: ['fe80::1', '2001:db8::100'] })],
    );
    const findings = findingsOf(frames, wrongVmac);
    expect(findings.map((f) => f.router).sort()).toEqual(['0|untagged|ipv4|51', '0|untagged|ipv6|51']);
    const v4 = findings.find((f) => f.family === 'ipv4')!;
    expect(v4.message).toContain('IPv6 virtual MAC of VRID 51');
    const v6 = findings.find((f) => f.family === 'ipv6')!;
    expect(v6.message).toContain('IPv4 virtual MAC of VRID 51');
    expect(v6.message).toContain('00:00:5e:00:02:33');
    expect(v6.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ipv6 && !icmpv6 && eth.src == 00:00:5e:00:01:33 && frame.number == 2');
  });

  it('accepts adverts from the own virtual MAC and, in the keepalived profile, from physical MACs', () => {
    const frames = sequence(
      adverts({ src: A.src, mac: VMAC_51, from: 0, to: 3, frame: 1 }),
      adverts({ src: B.src, mac: B.mac, vrid: 52, vips: ['192.0.2.101'], from: 0, to: 3, frame: 10 }),
    );
    expect(findingsOf(frames, wrongVmac)).toEqual([]);
  });

  it('accepts the same VRID on two VLANs, each from its own virtual MAC', () => {
    const frames = sequence(
      adverts({ src: A.src, mac: VMAC_51, vlan: [10], from: 0, to: 3, frame: 1 }),
      adverts({ src: B.src, mac: VMAC_51, vlan: [20], vips: ['198.51.100.100'], from: 0.2, to: 3.2, frame: 10 }),
    );
    expect(findingsOf(frames, wrongVmac)).toEqual([]);
  });

  it('with --profile rfc reports physical-MAC adverts, one finding per router and speaker', () => {
    const frames = sequence(
      adverts({ src: A.src, mac: A.mac, prio: 100, from: 0, to: 2, frame: 1 }),
      adverts({ src: B.src, mac: B.mac, prio: 100, from: 3, to: 5, frame: 10 }),
    );
    expect(findingsOf(frames, wrongVmac)).toEqual([]);
    const findings = findingsOf(frames, wrongVmac, { profile: 'rfc' });
    expect(findings).toHaveLength(2);
    for (const f of findings) {
      expect(f.severity).toBe('error');
      expect(f.frameCount).toBe(3);
      expect(f.message).toContain('physical MAC');
      expect(f.message).toContain('§7.2');
    }
    expect(findings.map((f) => f.subjects.macs?.[0]).sort()).toEqual([A.mac, B.mac]);
  });
});

describe('wrong-vmac: VIP announcements', () => {
  const master = () => adverts({ src: A.src, mac: A.mac, vips: [VIP], from: 0, to: 4, frame: 1 });

  it('reports a gratuitous ARP for the VIP carrying the virtual MAC of another VRID', () => {
    const frames = sequence(master(), [
      garp({ frame: 100, t: 1.5, mac: VMAC_50, vip: VIP }),
      garp({ frame: 101, t: 1.6, mac: VMAC_50, vip: VIP }),
    ]);
    const findings = findingsOf(frames, wrongVmac);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.title).toBe(`VIP ${VIP} announced with the virtual MAC of VRID 50`);
    expect(f.router).toBe('0|untagged|ipv4|51');
    expect(f.message).toContain(VMAC_51);
    expect(f.message).toContain('2 frames');
    expect(f.subjects).toEqual({ vips: [VIP], macs: [VMAC_50] });
    expect(f.frameCount).toBe(2);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 1.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 1.6, 6);
    expect(f.wiresharkFilter).toBe(`arp.src.proto_ipv4 == ${VIP} && (arp.src.hw_mac == ${VMAC_50} || eth.src == ${VMAC_50}) && frame.number in {3..4}`);
  });

  it('reports an ARP reply whose Ethernet source is another VRID\'s virtual MAC', () => {
    const frames = sequence(master(), [
      arp({ frame: 100, t: 2, op: 2, senderMac: A.mac, senderIp: VIP, targetMac: '52:54:00:00:00:99', targetIp: '192.0.2.99', ethSrc: VMAC_50 }),
    ]);
    const [f] = findingsOf(frames, wrongVmac);
    expect(f?.message).toContain(`(sender MAC ${A.mac}) is sent from ${VMAC_50}`);
    expect(f?.subjects.macs).toEqual([A.mac, VMAC_50]);
  });

  it('accepts announcements with the own virtual MAC, RFC-style replies and ARP requests', () => {
    const frames = sequence(master(), [
      garp({ frame: 100, t: 1.5, mac: VMAC_51, vip: VIP }),
      arp({ frame: 101, t: 2, op: 2, senderMac: VMAC_51, senderIp: VIP, targetMac: '52:54:00:00:00:99', targetIp: '192.0.2.99', ethSrc: A.mac }),
      // A request merely sent from another VRID's MAC claims nothing about the VIP's owner.
      arp({ frame: 102, t: 2.5, op: 1, senderMac: VMAC_50, senderIp: VIP, targetIp: '192.0.2.1' }),
      // Addresses no router advertises are not judged.
      garp({ frame: 103, t: 3, mac: VMAC_50, vip: '192.0.2.77' }),
    ]);
    expect(findingsOf(frames, wrongVmac)).toEqual([]);
  });

  it('reports an unsolicited NA for an IPv6 VIP whose target link-layer address is another VRID\'s virtual MAC', () => {
    const v6vip = '2001:db8::100';
    const frames = sequence(
      adverts({ src: 'fe80::11', mac: A.mac, vrid: 51, vips: ['fe80::1', v6vip], from: 0, to: 3, frame: 1 }),
      [na({ frame: 50, t: 1, mac: '00:00:5e:00:02:34', target: v6vip }), na({ frame: 51, t: 1.2, mac: '00:00:5e:00:02:33', target: v6vip })],
    );
    const findings = findingsOf(frames, wrongVmac);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.family).toBe('ipv6');
    expect(findings[0]?.frames).toEqual([findings[0]!.frames[0]]);
    expect(findings[0]?.wiresharkFilter).toContain('icmpv6.nd.na.target_address == 2001:db8::100');
    expect(findings[0]?.wiresharkFilter).toContain('icmpv6.opt.linkaddr == 00:00:5e:00:02:34');
  });
});
