import { describe, expect, it } from 'vitest';
import { rsArpForVip } from '../../../src/analysis/rules/rs-arp-for-vip.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { adverts, arp, BASE_TS, garp, tcp } from '../../helpers/frame-info-builder.js';
import { analyze, findingsOf, sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const RS = { ip: '192.0.2.32', mac: '02:00:00:00:03:02' };
const GW = '52:54:00:00:00:01';
const VMAC = '00:00:5e:00:01:33';
const VIP = '192.0.2.100';
const CLIENT = '198.51.100.7';

/** A master with B silent as backup: keepalived without use_vmac. */
const master = (to = 12) => adverts({ src: A.src, mac: A.mac, prio: 150, vips: [VIP], from: 0, to, frame: 1 });

/** The real server ARPs for its gateway with its own address (what every host does). */
const rsOwnArp = (t: number) => [arp({ frame: 0, t, senderMac: RS.mac, senderIp: RS.ip, targetIp: '192.0.2.1' })];

/** LVS-DR: the client's packet reaches the master, which re-sends it unchanged to the real server's MAC. */
function drFlow(t: number, id: number): FrameInfo[] {
  return [
    tcp({ frame: 0, t, ethSrc: GW, ethDst: A.mac, src: CLIENT, dst: VIP, id }),
    tcp({ frame: 0, t: t + 0.0001, ethSrc: A.mac, ethDst: RS.mac, src: CLIENT, dst: VIP, id }),
  ];
}

/** The real server answering "who has VIP?" from a neighbour. */
const rsReply = (t: number) => [
  arp({ frame: 0, t, op: 2, senderMac: RS.mac, senderIp: VIP, targetMac: GW, targetIp: '192.0.2.1' }),
];
/** The real server's own request with the VIP as sender address (arp_announce leak). */
const rsRequestFromVip = (t: number) => [arp({ frame: 0, t, senderMac: RS.mac, senderIp: VIP, targetIp: '192.0.2.1' })];

function claimFrames(frames: FrameInfo[], mac: string): number[] {
  return frames.filter((f) => f.arp?.senderIp === VIP && f.arp.senderMac === mac).map((f) => f.frame);
}

describe('rs-arp-for-vip', () => {
  it('reports a real server answering ARP for the VIP, naming its own IP and the IPVS role', () => {
    const frames = sequence(master(), rsOwnArp(0.5), drFlow(1, 7), rsReply(2), rsRequestFromVip(3), rsReply(4), rsReply(6));
    const findings = findingsOf(frames, rsArpForVip);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.rule).toBe('rs-arp-for-vip');
    expect(f.severity).toBe('error');
    expect(f.router).toBe('0|untagged|ipv4|51');
    expect(f.title).toBe(`Real server ${RS.mac} answers ARP for VIP ${VIP}`);
    expect(f.message).toContain(`${RS.mac} (${RS.ip})`);
    expect(f.message).toContain('answered 3 ARP requests');
    expect(f.message).toContain('sent 1 ARP request with');
    expect(f.message).toContain('IPVS forwards traffic');
    expect(f.message).toContain('LVS-DR');
    // The model's ipOfMac would name the VIP here (the leak's requests); the finding names the host's own address.
    expect(f.subjects).toEqual({ macs: [RS.mac], ips: [RS.ip], vips: [VIP] });
    expect(f.frames).toEqual(claimFrames(frames, RS.mac));
    expect(f.frameCount).toBe(4);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 2, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 6, 6);
    expect(f.wiresharkFilter).toBe(`arp.src.proto_ipv4 == ${VIP} && (arp.src.hw_mac == ${RS.mac} || eth.src == ${RS.mac}) && frame.number in {7, 9, 11, 14}`);
    for (const part of [
      'net.ipv4.conf.lo.arp_ignore=1',
      'net.ipv4.conf.lo.arp_announce=2',
      'net.ipv4.conf.all.arp_ignore=1',
      'net.ipv4.conf.all.arp_announce=2',
      `ip addr add ${VIP}/32 dev lo`,
      '/etc/sysctl.d/',
      'vipset.sh',
      RS.ip,
    ]) {
      expect(f.remediation).toContain(part);
    }
  });

  it('reports ARP requests with the VIP as sender as a warning, and a later answer escalates it to error', () => {
    const requestsOnly = sequence(master(), rsOwnArp(0.5), rsRequestFromVip(2), rsRequestFromVip(3));
    const [warning] = findingsOf(requestsOnly, rsArpForVip);
    expect(warning?.severity).toBe('warning');
    expect(warning?.title).toBe(`Host ${RS.mac} sends ARP requests from VIP ${VIP}`);
    expect(warning?.message).toContain('No IPVS forwarding to it was seen');
    expect(warning?.message).toContain('arp_announce');
    expect(warning?.remediation).toContain('arp_announce=2 stops it');
    expect(warning?.frameCount).toBe(2);

    const escalated = sequence(master(), rsOwnArp(0.5), rsRequestFromVip(2), rsReply(3), rsRequestFromVip(4));
    const findings = findingsOf(escalated, rsArpForVip);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.frameCount).toBe(3);
  });

  it('reports a gratuitous ARP from a host that is not a speaker', () => {
    const frames = sequence(master(), [garp({ frame: 0, t: 2, mac: RS.mac, vip: VIP })]);
    const [f] = findingsOf(frames, rsArpForVip);
    expect(f?.title).toBe(`Host ${RS.mac} announces VIP ${VIP}`);
    expect(f?.message).toContain('sent 1 gratuitous ARP for');
    expect(f?.subjects).toEqual({ macs: [RS.mac], vips: [VIP] });
  });

  it('judges claims seen before the first advert once the address is advertised as a VIP', () => {
    const frames = sequence(
      [garp({ frame: 0, t: 0, mac: RS.mac, vip: VIP }), garp({ frame: 0, t: 0.05, mac: A.mac, vip: VIP })],
      adverts({ src: A.src, mac: A.mac, vips: [VIP], from: 0.5, to: 5, frame: 1 }),
    );
    const findings = findingsOf(frames, rsArpForVip);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.subjects.macs).toEqual([RS.mac]);
    expect(findings[0]?.firstTs).toBeCloseTo(BASE_TS, 6);
    expect(findings[0]?.frames).toEqual([1]);
  });

  it('stays quiet for the master, its virtual MAC, RFC-style replies and a new master announcing just before its first advert', () => {
    const frames = sequence(
      master(4),
      [
        garp({ frame: 0, t: 0.01, mac: A.mac, vip: VIP }),
        // RFC 5798 §8.1.2: Ethernet source is the master's physical MAC, the ARP payload carries the virtual MAC.
        arp({ frame: 0, t: 1, op: 2, senderMac: VMAC, senderIp: VIP, targetMac: GW, targetIp: '192.0.2.1', ethSrc: A.mac }),
        // keepalived with use_vmac: everything from the virtual MAC.
        garp({ frame: 0, t: 1.5, mac: VMAC, vip: VIP }),
        // A (the master) sending from the VIP.
        arp({ frame: 0, t: 2, senderMac: A.mac, senderIp: VIP, targetIp: '192.0.2.1' }),
        // A resigns; B announces 5 ms before its first advert reaches the capture.
        garp({ frame: 0, t: 4.6, mac: B.mac, vip: VIP }),
      ],
      adverts({ src: A.src, mac: A.mac, prio: 0, vips: [VIP], from: 4.5, to: 4.5, frame: 1 }),
      adverts({ src: B.src, mac: B.mac, prio: 100, vips: [VIP], from: 4.605, to: 9, frame: 1 }),
    );
    expect(findingsOf(frames, rsArpForVip)).toEqual([]);
  });

  it('stays quiet for real servers set up as vipset.sh does, and for addresses no router advertises', () => {
    const frames = sequence(
      master(),
      rsOwnArp(0.5),
      drFlow(1, 7),
      drFlow(2, 8),
      // The real server answers only for its own address; another host claims an address that is no VIP.
      [arp({ frame: 0, t: 3, op: 2, senderMac: RS.mac, senderIp: RS.ip, targetMac: GW, targetIp: '192.0.2.1' })],
      [garp({ frame: 0, t: 4, mac: '02:00:00:00:09:09', vip: '192.0.2.77' })],
    );
    const doc = analyze(frames, [rsArpForVip]);
    expect(doc.findings).toEqual([]);
    expect(doc.ipvs.length).toBeGreaterThan(0);
  });

  it('does not mistake a use_vmac node\'s physical interface for a real server', () => {
    // Adverts come from the virtual MAC: the nodes' physical MACs are known only from their own ARP.
    const vmacMaster = adverts({ src: A.src, mac: VMAC, vips: [VIP], from: 0, to: 8, frame: 1 });
    const nodeOwnArp = [arp({ frame: 0, t: 0.2, senderMac: A.mac, senderIp: A.src, targetIp: '192.0.2.1' })];
    const physicalSendsFromVip = [arp({ frame: 0, t: 3, senderMac: A.mac, senderIp: VIP, targetIp: '192.0.2.1' })];
    expect(findingsOf(sequence(vmacMaster, nodeOwnArp, physicalSendsFromVip), rsArpForVip)).toEqual([]);
    // Without any clue who the MAC is, it is not judged either...
    expect(findingsOf(sequence(vmacMaster, physicalSendsFromVip), rsArpForVip)).toEqual([]);
    // ...but a host known by another address is.
    const [f] = findingsOf(sequence(vmacMaster, rsOwnArp(0.5), rsReply(3)), rsArpForVip);
    expect(f?.subjects.macs).toEqual([RS.mac]);
    expect(f?.severity).toBe('error');
  });

  it('keeps one finding per host and lists every VIP it leaks', () => {
    const VIP2 = '192.0.2.101';
    const frames = sequence(
      adverts({ src: A.src, mac: A.mac, vips: [VIP, VIP2], from: 0, to: 6, frame: 1 }),
      rsOwnArp(0.5),
      rsReply(2),
      [arp({ frame: 0, t: 3, op: 2, senderMac: RS.mac, senderIp: VIP2, targetMac: GW, targetIp: '192.0.2.1' })],
    );
    const findings = findingsOf(frames, rsArpForVip);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.subjects.vips).toEqual([VIP, VIP2]);
    expect(findings[0]?.wiresharkFilter).toContain(`arp.src.proto_ipv4 in {${VIP}, ${VIP2}}`);
  });
});
