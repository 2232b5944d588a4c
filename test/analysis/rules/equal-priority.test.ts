import { describe, expect, it } from 'vitest';
import { skewMs } from '../../../src/analysis/model/timers.js';
import { equalPriority } from '../../../src/analysis/rules/equal-priority.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const C = { src: '192.0.2.9', mac: '52:54:00:00:00:09' };
const SKEW = skewMs(2, 100, 1000) / 1000;

describe('equal-priority', () => {
  it('reports two speakers with the same priority, seen one after the other, and the IP that wins', () => {
    const frames = sequence(
      adverts({ ...A, prio: 100, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, t: 10.2, frame: 1 })],
      adverts({ ...B, prio: 100, from: 10.2 + SKEW, to: 20, frame: 1 }),
    );
    const found = findingsOf(frames, equalPriority);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('equal-priority');
    expect(f.severity).toBe('info');
    expect(f.title).toBe('Equal priority 100 on VRID 51');
    expect(f.message).toContain('192.0.2.11 and 192.0.2.12 both advertise priority 100');
    expect(f.message).toContain('higher primary IP wins (192.0.2.12)');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    const bFirst = frames.find((x) => x.ethSrc === B.mac)!.frame;
    expect(f.frames).toEqual([1, bFirst]);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 10.2 + SKEW, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && vrrp.prio == 100 && ip.src in {192.0.2.11, 192.0.2.12} && frame.number in {1, 13}');
    expect(f.remediation).toContain('priority');
  });

  it('compares IPs numerically and adds a third speaker to the same finding', () => {
    const frames = sequence(
      adverts({ ...A, prio: 100, from: 0, to: 2, frame: 1 }),
      adverts({ ...B, prio: 100, from: 6, to: 8, frame: 1 }),
      adverts({ ...C, prio: 100, from: 12, to: 14, frame: 1 }),
    );
    const found = findingsOf(frames, equalPriority);
    expect(found).toHaveLength(1);
    expect(found[0]!.subjects.ips).toEqual(['192.0.2.9', '192.0.2.11', '192.0.2.12']);
    expect(found[0]!.frames).toHaveLength(3);
  });

  it('is silent for distinct priorities, priority 0 and 255, disjoint VIPs and other VLANs', () => {
    const distinct = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, t: 10.2, frame: 1 })],
      adverts({ ...B, prio: 100, from: 10.2 + SKEW, to: 20, frame: 1 }),
      [advert({ ...B, prio: 0, t: 20.2, frame: 1 })],
    );
    expect(findingsOf(distinct, equalPriority)).toEqual([]);
    const owners = sequence(adverts({ ...A, prio: 255, from: 0, to: 3, frame: 1 }), adverts({ ...B, prio: 255, from: 7, to: 9, frame: 1 }));
    expect(findingsOf(owners, equalPriority)).toEqual([]);
    const disjoint = sequence(
      adverts({ ...A, prio: 100, vips: ['192.0.2.100'], from: 0, to: 3, frame: 1 }),
      adverts({ ...B, prio: 100, vips: ['192.0.2.200'], from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(disjoint, equalPriority)).toEqual([]);
    const vlans = sequence(
      adverts({ ...A, prio: 100, vlan: [10], from: 0, to: 3, frame: 1 }),
      adverts({ ...B, prio: 100, vlan: [20], from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(vlans, equalPriority)).toEqual([]);
  });
});

describe('equal-priority on captures', () => {
  it('reports VRID 51 of priority-conflicts.pcap, where both nodes run priority 100, and not its owners on VRID 52', async () => {
    const found = await fixtureFindings('priority-conflicts.pcap', 'equal-priority');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('info');
    expect(f.vrid).toBe(51);
    expect(f.title).toBe('Equal priority 100 on VRID 51');
    expect(f.message).toContain('higher primary IP wins (192.0.2.12)');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f.frames).toEqual([3, 26]);
  });

  it('stays quiet on distinct priorities', async () => {
    expect(await fixtureFindings('failover-clean.pcap', 'equal-priority')).toEqual([]);
    expect(await fixtureFindings('preempt.pcap', 'equal-priority')).toEqual([]);
  });
});
