import { describe, expect, it } from 'vitest';
import { vipListMismatch } from '../../../src/analysis/rules/vip-list-mismatch.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };

describe('vip-list-mismatch', () => {
  it('reports speakers advertising overlapping but different VIP lists', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: ['192.0.2.100', '192.0.2.101'], from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, vips: ['192.0.2.100', '192.0.2.101'], t: 10.2, frame: 1 })],
      adverts({ ...B, prio: 100, vips: ['192.0.2.100'], from: 10.8, to: 20.8, frame: 1 }),
    );
    const found = findingsOf(frames, vipListMismatch);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('vip-list-mismatch');
    expect(f.severity).toBe('warning');
    expect(f.title).toBe('Different VIP lists for VRID 51');
    expect(f.message).toContain('192.0.2.11 advertises 2 VIPs (192.0.2.100, 192.0.2.101)');
    expect(f.message).toContain('192.0.2.12 advertises 1 VIP (192.0.2.100), without 192.0.2.101');
    expect(f.message).toContain('not present in advert');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f.subjects.vips).toEqual(['192.0.2.100', '192.0.2.101']);
    const bFirst = frames.find((x) => x.ethSrc === B.mac)!.frame;
    expect(f.frames).toEqual([1, bFirst]);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 10.8, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 20.8, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && ip.src in {192.0.2.11, 192.0.2.12} && frame.number in {1, 13}');
    expect(f.remediation).toContain('virtual_ipaddress');
  });

  it('reports a speaker that changes its own list, and the disagreement it creates', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: ['192.0.2.100'], from: 0, to: 5, frame: 1 }),
      adverts({ ...A, prio: 150, vips: ['192.0.2.100', '192.0.2.102'], from: 6, to: 10, frame: 1 }),
    );
    const found = findingsOf(frames, vipListMismatch);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.title).toBe('192.0.2.11 changed its VIP list for VRID 51');
    expect(f.message).toContain('added 192.0.2.102');
    expect(f.message).toContain('at 6.00 s into the capture');
    expect(f.frames).toEqual([1, 7]);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 6, 6);
  });

  it('ignores the order of the VIPs', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: ['192.0.2.100', '192.0.2.101'], from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 100, vips: ['192.0.2.101', '192.0.2.100'], from: 13.7, to: 20, frame: 1 }),
    );
    expect(findingsOf(frames, vipListMismatch)).toEqual([]);
  });

  it('leaves disjoint lists to vrid-collision and empty lists to malformed-vrrp', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: ['192.0.2.100'], from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 100, vips: ['192.0.2.200'], from: 0.5, to: 10.5, frame: 1 }),
      adverts({ src: '192.0.2.13', mac: '52:54:00:00:00:13', vips: [], from: 0.7, to: 10.7, frame: 1 }),
    );
    expect(findingsOf(frames, vipListMismatch)).toEqual([]);
  });

  it('is silent for a normal failover with identical lists, on two VLANs with different lists', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: ['192.0.2.100'], vlan: [10], from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 100, vips: ['192.0.2.100', '192.0.2.101'], vlan: [20], from: 0.5, to: 10.5, frame: 1 }),
      adverts({ ...B, prio: 100, vips: ['192.0.2.100'], vlan: [10], from: 13.7, to: 20, frame: 1 }),
    );
    expect(findingsOf(frames, vipListMismatch)).toEqual([]);
  });
});

describe('vip-list-mismatch on captures', () => {
  it('reports VRID 52 of version-and-vips.pcap: n1 advertises a VIP that n2 lacks', async () => {
    const found = await fixtureFindings('version-and-vips.pcap', 'vip-list-mismatch');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('warning');
    expect(f.vrid).toBe(52);
    expect(f.message).toContain('192.0.2.11 advertises 2 VIPs (192.0.2.200, 192.0.2.201); 192.0.2.12 advertises 1 VIP (192.0.2.200), without 192.0.2.201');
    expect(f.subjects.vips).toEqual(['192.0.2.200', '192.0.2.201']);
    expect(f.frames).toEqual([8, 30]);
  });

  it('stays quiet on identical lists and on disjoint ones (a VRID collision)', async () => {
    expect(await fixtureFindings('failover-clean.pcap', 'vip-list-mismatch')).toEqual([]);
    expect(await fixtureFindings('vrid-collision.pcap', 'vip-list-mismatch')).toEqual([]);
  });
});
