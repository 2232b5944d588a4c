import { describe, expect, it } from 'vitest';
import { backupAnswersArp } from '../../../src/analysis/rules/backup-answers-arp.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { adverts, arp, BASE_TS, garp, na } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const GW = '52:54:00:00:00:01';
const VMAC = '00:00:5e:00:01:33';
const VIP = '192.0.2.100';

/** B was master, A (priority 150) preempts at 1.5 s; B's last advert is at 2 s, so the change settles at 4.5 s. */
function preemption(): FrameInfo[] {
  return [
    ...adverts({ src: B.src, mac: B.mac, prio: 100, vips: [VIP], from: 0, to: 2, frame: 0 }),
    ...adverts({ src: A.src, mac: A.mac, prio: 150, vips: [VIP], from: 1.5, to: 20.5, frame: 0 }),
  ];
}

const reply = (t: number, mac: string, ethSrc = mac) =>
  arp({ frame: 0, t, op: 2, senderMac: mac, senderIp: VIP, targetMac: GW, targetIp: '192.0.2.1', ethSrc });

const claimsOf = (frames: FrameInfo[], mac: string) =>
  frames.filter((f) => f.arp?.senderIp === VIP && (f.arp.senderMac === mac || f.ethSrc === mac)).map((f) => f.frame);

describe('backup-answers-arp', () => {
  it('reports a backup answering ARP for the VIP after the change settled, naming the master', () => {
    const frames = sequence(preemption(), [reply(3.5, B.mac), reply(10, B.mac), garp({ frame: 0, t: 12, mac: B.mac, vip: VIP })]);
    const findings = findingsOf(frames, backupAnswersArp);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.rule).toBe('backup-answers-arp');
    expect(f.severity).toBe('error');
    expect(f.router).toBe('0|untagged|ipv4|51');
    expect(f.title).toBe(`Backup ${B.src} answers VIP ${VIP}`);
    expect(f.message).toContain(`${B.src} (${B.mac}, priority 100)`);
    expect(f.message).toContain(`while ${A.src} (${A.mac}) is master`);
    expect(f.message).toContain('answered 1 ARP request and sent 1 gratuitous ARP');
    expect(f.message).toContain('stopped being master');
    expect(f.subjects).toEqual({ ips: [B.src, A.src], macs: [B.mac], vips: [VIP] });
    // The claims (the one at 3.5 s is inside the 2 s settle window after B's last advert at 2 s) plus the master's advert at that moment.
    const [, late, garpFrame] = claimsOf(frames, B.mac);
    expect(f.frames).toContain(late);
    expect(f.frames).toContain(garpFrame);
    expect(f.frames).not.toContain(claimsOf(frames, B.mac)[0]);
    const masterAdvertAt10 = frames.find((x) => x.vrrp && x.ethSrc === A.mac && x.ts === BASE_TS + 9.5)!.frame;
    expect(f.frames).toContain(masterAdvertAt10);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 10, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 12, 6);
    expect(f.wiresharkFilter).toBe(
      `((arp.src.proto_ipv4 == ${VIP} && (arp.src.hw_mac == ${B.mac} || eth.src == ${B.mac})) || (vrrp.virt_rtr_id == 51 && ip && !icmp && ip.src == ${A.src})) && frame.number in {13..14, 16..17}`,
    );
    expect(f.remediation).toContain(`On ${B.src}`);
    expect(f.remediation).toContain('arp_ignore=1');
  });

  it('honours backupArpSettleS', () => {
    const frames = sequence(preemption(), [reply(3.5, B.mac)]);
    expect(findingsOf(frames, backupAnswersArp)).toEqual([]);
    expect(findingsOf(frames, backupAnswersArp, { backupArpSettleS: 0.5 })).toHaveLength(1);
  });

  it('stays quiet in a normal failover: the old master until it resigns, the new master from its first advert', () => {
    const frames = sequence(
      adverts({ src: A.src, mac: A.mac, prio: 150, vips: [VIP], from: 0, to: 5, frame: 0 }),
      adverts({ src: A.src, mac: A.mac, prio: 0, vips: [VIP], from: 5.5, to: 5.5, frame: 0 }),
      adverts({ src: B.src, mac: B.mac, prio: 100, vips: [VIP], from: 6.1, to: 15.1, frame: 0 }),
      [garp({ frame: 0, t: 0.01, mac: A.mac, vip: VIP }), reply(3, A.mac), reply(5.52, A.mac)],
      // B's GARP burst starts a hair before its first advert shows in the capture.
      [6.09, 6.2, 6.3, 11.2].map((t) => garp({ frame: 0, t, mac: B.mac, vip: VIP })),
      [reply(7, B.mac)],
    );
    expect(findingsOf(frames, backupAnswersArp)).toEqual([]);
  });

  it('leaves two speakers both advertising as master to split-brain', () => {
    const frames = sequence(
      adverts({ src: A.src, mac: A.mac, prio: 150, vips: [VIP], from: 0, to: 10, frame: 0 }),
      adverts({ src: B.src, mac: B.mac, prio: 100, vips: [VIP], from: 0.3, to: 10.3, frame: 0 }),
      [reply(4, B.mac), garp({ frame: 0, t: 6, mac: B.mac, vip: VIP })],
    );
    expect(findingsOf(frames, backupAnswersArp)).toEqual([]);
  });

  it('recognises a use_vmac backup by the MAC that ARPs for its own address and names the parent-interface cause', () => {
    const frames = sequence(
      adverts({ src: B.src, mac: VMAC, prio: 100, vips: [VIP], from: 0, to: 2, frame: 0 }),
      adverts({ src: A.src, mac: VMAC, prio: 150, vips: [VIP], from: 1.5, to: 14.5, frame: 0 }),
      [arp({ frame: 0, t: 0.5, senderMac: B.mac, senderIp: B.src, targetIp: '192.0.2.1' })],
      [garp({ frame: 0, t: 1.6, mac: VMAC, vip: VIP })],
      [reply(9, B.mac)],
    );
    const [f] = findingsOf(frames, backupAnswersArp);
    expect(f?.message).toContain(`${B.src} (${B.mac}`);
    expect(f?.message).toContain('parent interface');
    expect(f?.message).toContain(VMAC);
  });

  it('reports an RFC-style reply (virtual MAC inside, physical source) from a backup', () => {
    const frames = sequence(preemption(), [reply(9, VMAC, B.mac)]);
    const [f] = findingsOf(frames, backupAnswersArp);
    expect(f?.subjects.macs).toEqual([B.mac, VMAC]);
    expect(f?.wiresharkFilter).toContain(`eth.src == ${B.mac}`);
  });

  it('reports a backup answering neighbour solicitations for an IPv6 VIP', () => {
    const V6 = '2001:db8::100';
    const frames = sequence(
      adverts({ src: 'fe80::12', mac: B.mac, prio: 100, vips: ['fe80::1', V6], from: 0, to: 2, frame: 0 }),
      adverts({ src: 'fe80::11', mac: A.mac, prio: 150, vips: ['fe80::1', V6], from: 1.5, to: 12.5, frame: 0 }),
      [na({ frame: 0, t: 9, mac: B.mac, target: V6, src: 'fe80::12', solicited: true })],
    );
    const [f] = findingsOf(frames, backupAnswersArp);
    expect(f?.family).toBe('ipv6');
    expect(f?.message).toContain('answered 1 neighbour solicitation');
    expect(f?.wiresharkFilter).toContain(`icmpv6.nd.na.target_address == ${V6}`);
    expect(f?.wiresharkFilter).toContain('ipv6.src == fe80::11');
  });

  it('ignores hosts that are not speakers and ARP requests sent from the VIP', () => {
    const frames = sequence(preemption(), [
      reply(9, '02:00:00:00:03:02'),
      arp({ frame: 0, t: 10, senderMac: B.mac, senderIp: VIP, targetIp: '192.0.2.1' }),
    ]);
    expect(findingsOf(frames, backupAnswersArp)).toEqual([]);
  });
});

describe('backup-answers-arp on captures', () => {
  it('reports the preempted n2 of backup-answers-arp.pcap answering ARP for the VIP, not its answer as master', async () => {
    const found = await fixtureFindings('backup-answers-arp.pcap', 'backup-answers-arp');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('error');
    expect(f.vrid).toBe(51);
    expect(f.title).toBe('Backup 192.0.2.12 answers VIP 192.0.2.100');
    expect(f.message).toContain('while 192.0.2.11 (02:00:00:00:01:01) is master, yet it answered 3 ARP requests for 192.0.2.100');
    expect(f.subjects).toEqual({ ips: ['192.0.2.12', '192.0.2.11'], macs: ['02:00:00:00:01:02'], vips: ['192.0.2.100'] });
    // Pairs of (master's latest advert, the backup's reply); n2's reply as master (frame 14) is not among them.
    expect(f.frames).toEqual([23, 26, 27, 30, 31, 34]);
  });

  it('stays quiet when only the master answers or announces', async () => {
    expect(await fixtureFindings('preempt.pcap', 'backup-answers-arp')).toEqual([]);
    expect(await fixtureFindings('lvs-rs-arp-ok.pcap', 'backup-answers-arp')).toEqual([]);
    expect(await fixtureFindings('use-vmac.pcap', 'backup-answers-arp')).toEqual([]);
  });
});
