import { describe, expect, it } from 'vitest';
import { ipvsForwardingByBackup } from '../../../src/analysis/rules/ipvs-forwarding-by-backup.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { adverts, arp, BASE_TS, tcp, tunnel } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const RS1 = '02:00:00:00:03:01';
const RS2 = '02:00:00:00:03:02';
const GW = '52:54:00:00:00:01';
const VMAC = '00:00:5e:00:01:33';
const VIP = '203.0.113.10';
const CLIENT = '198.51.100.7';

/** B was master, A (priority 150) preempts at 1.5 s; the change settles at 4.5 s (B silent 2.5 intervals). */
function preemption(advertMac = (m: string) => m): FrameInfo[] {
  return [
    ...adverts({ src: B.src, mac: advertMac(B.mac), prio: 100, vips: [VIP], from: 0, to: 2, frame: 0 }),
    ...adverts({ src: A.src, mac: advertMac(A.mac), prio: 150, vips: [VIP], from: 1.5, to: 20.5, frame: 0 }),
  ];
}

let nextId = 100;
/** LVS-DR as seen on the wire: the client's packet to the director's MAC, then the same packet re-sent to a real server. */
function dr(t: number, director: string, rs: string): FrameInfo[] {
  const id = nextId++;
  return [
    tcp({ frame: 0, t, ethSrc: GW, ethDst: director, src: CLIENT, dst: VIP, id }),
    tcp({ frame: 0, t: t + 0.0002, ethSrc: director, ethDst: rs, src: CLIENT, dst: VIP, id }),
  ];
}

const forwardedBy = (frames: FrameInfo[], mac: string) =>
  frames.filter((f) => f.ethSrc === mac && (f.ip?.dst === VIP || f.inner?.ip.dst === VIP) && !f.vrrp).map((f) => f.frame);

describe('ipvs-forwarding-by-backup', () => {
  it('reports a backup that keeps forwarding LVS-DR traffic after the master changed', () => {
    const frames = sequence(preemption(), dr(8, A.mac, RS1), dr(9, B.mac, RS1), dr(10, B.mac, RS2), dr(11, A.mac, RS2));
    const findings = findingsOf(frames, ipvsForwardingByBackup);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.rule).toBe('ipvs-forwarding-by-backup');
    expect(f.severity).toBe('error');
    expect(f.router).toBe('0|untagged|ipv4|51');
    expect(f.title).toBe(`Backup ${B.src} forwards IPVS traffic for ${VIP}`);
    expect(f.message).toContain(`${B.src} (${B.mac}, priority 100)`);
    expect(f.message).toContain('forwarded 2 packets');
    expect(f.message).toContain('LVS-DR');
    expect(f.message).toContain(`${RS1} and ${RS2}`);
    expect(f.message).toContain(`while ${A.src} (${A.mac}) is master`);
    expect(f.message).toContain('two directors');
    expect(f.subjects).toEqual({ ips: [B.src, A.src], macs: [B.mac, A.mac], vips: [VIP] });
    for (const n of forwardedBy(frames, B.mac)) expect(f.frames).toContain(n);
    for (const n of forwardedBy(frames, A.mac)) expect(f.frames).not.toContain(n);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 9.0002, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 10.0002, 6);
    expect(f.wiresharkFilter).toBe(
      `((eth.src == ${B.mac} && ip.dst == ${VIP}) || (vrrp.virt_rtr_id == 51 && ip && !icmp && ip.src == ${A.src})) && frame.number in {13, 15..16, 18}`,
    );
    expect(f.remediation).toContain(`On ${B.src}`);
    expect(f.remediation).toContain('ipvsadm -Ln --stats');
  });

  it('reports LVS-TUN encapsulation by a backup', () => {
    const frames = sequence(preemption(), [
      tunnel({ frame: 0, t: 9, ethSrc: B.mac, ethDst: GW, outerSrc: B.src, outerDst: '198.51.100.40', innerSrc: CLIENT, vip: VIP }),
    ]);
    const [f] = findingsOf(frames, ipvsForwardingByBackup);
    expect(f?.message).toContain('LVS-TUN');
    expect(f?.message).toContain('198.51.100.40');
  });

  it('reports a director that is no VRRP speaker once the master\'s own MACs are known', () => {
    const X = '52:54:00:00:00:99';
    const frames = sequence(
      adverts({ src: A.src, mac: A.mac, prio: 150, vips: [VIP], from: 0, to: 10, frame: 0 }),
      [arp({ frame: 0, t: 0.5, senderMac: X, senderIp: '192.0.2.99', targetIp: '192.0.2.1' })],
      dr(3, X, RS1),
    );
    const [f] = findingsOf(frames, ipvsForwardingByBackup);
    expect(f?.title).toBe(`${X} forwards IPVS traffic for ${VIP}`);
    expect(f?.message).toContain(`${X} (192.0.2.99), which is not a VRRP speaker`);
  });

  it('stays quiet for the master (physical MAC or VMAC) and for a former master inside the settle window', () => {
    const frames = sequence(preemption(), dr(1, B.mac, RS1), dr(3, B.mac, RS1), dr(3.5, B.mac, RS1), dr(7, A.mac, RS1), dr(8, VMAC, RS2));
    expect(findingsOf(frames, ipvsForwardingByBackup)).toEqual([]);
    // B is a backup from its last advert (2 s): a shorter settle window makes the 3.5 s packet late.
    expect(findingsOf(frames, ipvsForwardingByBackup, { backupArpSettleS: 1 })).toHaveLength(1);
  });

  it('leaves two directors that both advertise as master to split-brain', () => {
    const frames = sequence(
      adverts({ src: A.src, mac: A.mac, prio: 150, vips: [VIP], from: 0, to: 10, frame: 0 }),
      adverts({ src: B.src, mac: B.mac, prio: 100, vips: [VIP], from: 0.3, to: 10.3, frame: 0 }),
      dr(4, A.mac, RS1),
      dr(5, B.mac, RS2),
    );
    expect(findingsOf(frames, ipvsForwardingByBackup)).toEqual([]);
  });

  it('with use_vmac, recognises the master forwarding from its physical interface, and does not guess when that MAC is unknown', () => {
    const vmacAdverts = preemption(() => VMAC);
    // Master's physical MAC unknown: its forwarding cannot be told from anyone else's.
    expect(findingsOf(sequence(vmacAdverts, dr(8, A.mac, RS1)), ipvsForwardingByBackup)).toEqual([]);
    const ownArps = [
      arp({ frame: 0, t: 0.2, senderMac: A.mac, senderIp: A.src, targetIp: '192.0.2.1' }),
      arp({ frame: 0, t: 0.3, senderMac: B.mac, senderIp: B.src, targetIp: '192.0.2.1' }),
    ];
    expect(findingsOf(sequence(vmacAdverts, ownArps, dr(8, A.mac, RS1)), ipvsForwardingByBackup)).toEqual([]);
    const [f] = findingsOf(sequence(vmacAdverts, ownArps, dr(8, B.mac, RS1)), ipvsForwardingByBackup);
    expect(f?.title).toBe(`Backup ${B.src} forwards IPVS traffic for ${VIP}`);
    expect(f?.message).toContain(`${A.src} (${VMAC} / ${A.mac}) is master`);
  });
});
