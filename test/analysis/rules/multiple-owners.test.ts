import { describe, expect, it } from 'vitest';
import { multipleOwners } from '../../../src/analysis/rules/multiple-owners.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };

describe('multiple-owners', () => {
  it('reports two speakers advertising priority 255', () => {
    const frames = sequence(
      adverts({ ...A, prio: 255, from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 255, from: 4.5, to: 10.5, frame: 1 }),
    );
    const found = findingsOf(frames, multipleOwners);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('multiple-owners');
    expect(f.severity).toBe('error');
    expect(f.title).toBe('2 address owners for VRID 51');
    expect(f.message).toContain('192.0.2.11 and 192.0.2.12 both advertise priority 255');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f.subjects.vips).toEqual(['192.0.2.100']);
    const bFirst = frames.find((x) => x.ethSrc === B.mac)!.frame;
    expect(f.frames).toEqual([1, bFirst]);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 4.5, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && vrrp.prio == 255 && ip.src in {192.0.2.11, 192.0.2.12} && frame.number in {1, 6}');
    expect(f.remediation).toContain('priority 254');
  });

  it('notes an owner that lowered itself to 254 (keepalived rogue-owner handling)', () => {
    const frames = sequence(
      adverts({ ...A, prio: 255, from: 0, to: 20, frame: 1 }),
      adverts({ ...B, prio: 255, from: 0.5, to: 4.5, frame: 1 }),
      adverts({ ...B, prio: 254, from: 5.5, to: 8.5, frame: 1 }),
    );
    const [f] = findingsOf(frames, multipleOwners);
    expect(f?.message).toContain('192.0.2.12 later advertised priority 254');
  });

  it('is silent for one owner with a backup, disjoint VIP sets, and two VLANs', () => {
    const one = sequence(
      adverts({ ...A, prio: 255, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, t: 10.2, frame: 1 })],
      adverts({ ...B, prio: 200, from: 10.4, to: 20, frame: 1 }),
    );
    expect(findingsOf(one, multipleOwners)).toEqual([]);
    const disjoint = sequence(
      adverts({ ...A, prio: 255, vips: ['192.0.2.100'], from: 0, to: 3, frame: 1 }),
      adverts({ ...B, prio: 255, vips: ['192.0.2.200'], from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(disjoint, multipleOwners)).toEqual([]);
    const vlans = sequence(
      adverts({ ...A, prio: 255, vlan: [10], from: 0, to: 3, frame: 1 }),
      adverts({ ...B, prio: 255, vlan: [20], from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(vlans, multipleOwners)).toEqual([]);
  });
});

describe('multiple-owners on captures', () => {
  it('reports VRID 52 of priority-conflicts.pcap, where both nodes advertise priority 255', async () => {
    const found = await fixtureFindings('priority-conflicts.pcap', 'multiple-owners');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('error');
    expect(f.vrid).toBe(52);
    expect(f.title).toBe('2 address owners for VRID 52');
    expect(f.subjects).toEqual({ ips: ['192.0.2.11', '192.0.2.12'], macs: ['02:00:00:00:01:01', '02:00:00:00:01:02'], vips: ['192.0.2.200'] });
    expect(f.frames).toEqual([8, 22]);
  });

  it('stays quiet without priority 255', async () => {
    expect(await fixtureFindings('failover-clean.pcap', 'multiple-owners')).toEqual([]);
    expect(await fixtureFindings('v3-ipv6.pcap', 'multiple-owners')).toEqual([]);
  });
});
