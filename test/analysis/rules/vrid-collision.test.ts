import { describe, expect, it } from 'vitest';
import { compressRanges, vridCollision } from '../../../src/analysis/rules/vrid-collision.js';
import { splitBrain } from '../../../src/analysis/rules/split-brain.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { analyze, findingsOf, sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const C = { src: '192.0.2.21', mac: '52:54:00:00:00:21' };
const D = { src: '192.0.2.22', mac: '52:54:00:00:00:22' };

describe('vrid-collision', () => {
  it('reports two clusters with disjoint VIPs on one VRID, once, naming both groups and the free VRIDs', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: ['192.0.2.100'], from: 0, to: 20, frame: 1 }),
      adverts({ ...C, prio: 120, vips: ['192.0.2.200', '192.0.2.201'], from: 3.5, to: 20.5, frame: 1 }),
      adverts({ ...B, prio: 100, vips: ['192.0.2.100'], from: 30, to: 31, frame: 1 }),
      adverts({ ...A, prio: 150, vrid: 7, vips: ['192.0.2.7'], from: 0.2, to: 5.2, frame: 1 }),
    );
    const found = findingsOf(frames, vridCollision);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('vrid-collision');
    expect(f.severity).toBe('error');
    expect(f.vrid).toBe(51);
    expect(f.title).toBe('VRID 51 used by 2 unrelated clusters');
    expect(f.message).toContain('group 1: 192.0.2.11 (priority 150) and 192.0.2.12 (priority 100) with VIP 192.0.2.100');
    expect(f.message).toContain('group 2: 192.0.2.21 (priority 120) with VIPs 192.0.2.200, 192.0.2.201');
    // VRIDs 7 and 51 are in use on this segment.
    expect(f.message).toContain('free VRIDs here: 1-6, 8-50, 52-255');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12', '192.0.2.21']);
    expect(f.subjects.vips).toEqual(['192.0.2.100', '192.0.2.200', '192.0.2.201']);
    const first = (mac: string): number => frames.find((x) => x.ethSrc === mac && x.vrrp?.vrid === 51)!.frame;
    expect([...f.frames].sort((a, b) => a - b)).toEqual([first(A.mac), first(C.mac), first(B.mac)].sort((a, b) => a - b));
    expect(f.firstTs).toBeCloseTo(BASE_TS + 3.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 31, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && frame.number in {1, 9, 46}');
    expect(f.remediation).toContain('virtual_router_id 1');
  });

  it('is not reported as split-brain too', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: ['192.0.2.100'], from: 0, to: 30, frame: 1 }),
      adverts({ ...C, prio: 150, vips: ['192.0.2.200'], from: 0.5, to: 30.5, frame: 1 }),
    );
    const doc = analyze(frames, [vridCollision, splitBrain]);
    expect(doc.findings.map((f) => f.rule)).toEqual(['vrid-collision']);
  });

  it('is silent for one cluster whose speakers share VIPs, even with different lists', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: ['192.0.2.100', '192.0.2.101'], from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, vips: ['192.0.2.100', '192.0.2.101'], t: 10.2, frame: 1 })],
      adverts({ ...B, prio: 100, vips: ['192.0.2.101'], from: 10.8, to: 20, frame: 1 }),
    );
    expect(findingsOf(frames, vridCollision)).toEqual([]);
  });

  it('joins groups through a speaker that shares a VIP with each (connected components)', () => {
    const frames = sequence(
      adverts({ ...A, vips: ['192.0.2.100'], from: 0, to: 3, frame: 1 }),
      adverts({ ...C, vips: ['192.0.2.200'], from: 4, to: 6, frame: 1 }),
      adverts({ ...B, vips: ['192.0.2.100', '192.0.2.200'], from: 7, to: 9, frame: 1 }),
    );
    const [f, ...rest] = findingsOf(frames, vridCollision);
    // Reported while the groups were disjoint; once 192.0.2.12 joins them it is more likely drift than two clusters.
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('192.0.2.12 advertised VIPs of both');
    expect(f?.message).toContain('one cluster');
  });

  it('treats the same VRID on two VLANs and in the two families as separate routers', () => {
    const frames = sequence(
      adverts({ ...A, vips: ['192.0.2.100'], vlan: [10], from: 0, to: 5, frame: 1 }),
      adverts({ ...C, vips: ['192.0.2.200'], vlan: [20], from: 0.5, to: 5.5, frame: 1 }),
      adverts({ src: 'fe80::21', mac: D.mac, vips: ['fe80::1', '2001:db8::200'], vlan: [10], from: 0.7, to: 5.7, frame: 1 }),
    );
    expect(findingsOf(frames, vridCollision)).toEqual([]);
  });

  it('counts free VRIDs per VLAN and family', () => {
    const frames = sequence(
      adverts({ ...A, vips: ['192.0.2.100'], vlan: [10], from: 0, to: 5, frame: 1 }),
      adverts({ ...C, vips: ['192.0.2.200'], vlan: [10], from: 0.5, to: 5.5, frame: 1 }),
      adverts({ ...D, vrid: 52, vips: ['192.0.2.52'], vlan: [20], from: 0.6, to: 5.6, frame: 1 }),
      adverts({ src: 'fe80::21', mac: D.mac, vrid: 1, vips: ['fe80::1'], vlan: [10], from: 0.7, to: 5.7, frame: 1 }),
    );
    const [f] = findingsOf(frames, vridCollision);
    expect(f?.vlan).toBe(10);
    expect(f?.message).toContain('free VRIDs here: 1-50, 52-255');
    expect(f?.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && vlan.id == 10 && ip && !icmp && frame.number in {1..2}');
  });

  it('compresses VRID lists into ranges', () => {
    expect(compressRanges([1, 2, 3, 5, 7, 8])).toBe('1-3, 5, 7-8');
    expect(compressRanges([])).toBe('');
    expect(compressRanges([255])).toBe('255');
  });
});
