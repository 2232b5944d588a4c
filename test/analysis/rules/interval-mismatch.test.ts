import { describe, expect, it } from 'vitest';
import { intervalMismatch } from '../../../src/analysis/rules/interval-mismatch.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const A6 = { src: 'fe80::11', mac: '52:54:00:00:00:11', vips: ['fe80::1', '2001:db8::100'] };
const B6 = { src: 'fe80::12', mac: '52:54:00:00:00:12', vips: ['fe80::1', '2001:db8::100'] };

describe('interval-mismatch', () => {
  it('reports VRRPv2 speakers with different intervals as an error', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, intervalMs: 1000, from: 0, to: 6, frame: 1 }),
      adverts({ ...B, prio: 100, intervalMs: 2000, from: 1.5, to: 5.5, frame: 1 }),
    );
    const found = findingsOf(frames, intervalMismatch);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('interval-mismatch');
    expect(f.severity).toBe('error');
    expect(f.title).toContain('51');
    expect(f.message).toMatch(/192\.0\.2\.11 every 1 s/);
    expect(f.message).toMatch(/192\.0\.2\.12 every 2 s/);
    expect(f.message).toContain('RFC 3768');
    expect(f.message).not.toContain('#1615');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    // A's first advert and B's first one (t = 1.5 s is the third frame).
    expect(f.frames.slice(0, 2)).toEqual([1, 3]);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 1.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 6, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && vrrp.version == 2 && ip.src in {192.0.2.11, 192.0.2.12} && frame.number in {1, 3..10}');
    expect(f.remediation).toContain('advert_int');
  });

  it('reports VRRPv3 speakers with different intervals as a warning, in centiseconds', () => {
    const frames = sequence(
      adverts({ ...A6, prio: 150, intervalMs: 1000, from: 0, to: 5, frame: 1 }),
      adverts({ ...B6, prio: 100, intervalMs: 500, from: 0.2, to: 5, frame: 1 }),
    );
    const [f] = findingsOf(frames, intervalMismatch);
    expect(f?.severity).toBe('warning');
    expect(f?.family).toBe('ipv6');
    expect(f?.message).toContain('100 cs');
    expect(f?.message).toContain('50 cs');
    expect(f?.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ipv6 && !icmpv6 && vrrp.version == 3 && ipv6.src in {fe80::11, fe80::12} && frame.number in {1..16}');
  });

  it("mentions keepalived's sub-second v2 interval (0 on the wire)", () => {
    const frames = sequence(
      [0, 0.3, 0.6, 0.9].map((t) => advert({ ...A, intervalMs: 0, t, frame: 1 })),
      adverts({ ...B, intervalMs: 1000, from: 0.5, to: 2.5, frame: 1 }),
    );
    const [f] = findingsOf(frames, intervalMismatch);
    expect(f?.message).toContain('#1615');
    expect(f?.remediation).toContain('version 3');
  });

  it('is silent when intervals agree, through a failover and a preemption', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, t: 10.5, frame: 1 })],
      adverts({ ...B, prio: 100, from: 11, to: 20, frame: 1 }),
      adverts({ ...A, prio: 150, from: 20.2, to: 30, frame: 1 }),
    );
    expect(findingsOf(frames, intervalMismatch)).toEqual([]);
  });

  it('does not compare v2 seconds with v3 centiseconds (migration mode)', () => {
    const frames = sequence(
      adverts({ ...A, version: 2, intervalMs: 1000, from: 0, to: 3, frame: 1 }),
      adverts({ ...A, version: 3, intervalMs: 1000, from: 0.01, to: 3.01, frame: 1 }),
    );
    expect(findingsOf(frames, intervalMismatch)).toEqual([]);
  });

  it('ignores unrelated clusters (disjoint VIPs) and other VLANs', () => {
    const frames = sequence(
      adverts({ ...A, vips: ['192.0.2.100'], intervalMs: 1000, from: 0, to: 3, frame: 1 }),
      adverts({ ...B, vips: ['192.0.2.200'], intervalMs: 2000, from: 0.5, to: 3.5, frame: 1 }),
      adverts({ ...A, vlan: [10], intervalMs: 1000, from: 0, to: 3, frame: 1 }),
      adverts({ ...B, vlan: [20], intervalMs: 3000, from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(frames, intervalMismatch)).toEqual([]);
  });

  it('tells apart two speakers sharing an IP by their MACs', () => {
    const frames = sequence(
      adverts({ ...A, intervalMs: 1000, from: 0, to: 3, frame: 1 }),
      adverts({ ...A, mac: '52:54:00:00:00:99', intervalMs: 3000, from: 0.5, to: 3.5, frame: 1 }),
    );
    const [f] = findingsOf(frames, intervalMismatch);
    expect(f?.message).toContain('192.0.2.11 (52:54:00:00:00:11) every 1 s');
    expect(f?.message).toContain('192.0.2.11 (52:54:00:00:00:99) every 3 s');
    expect(f?.subjects.ips).toEqual(['192.0.2.11']);
    expect(f?.subjects.macs).toEqual(['52:54:00:00:00:11', '52:54:00:00:00:99']);
  });
});
