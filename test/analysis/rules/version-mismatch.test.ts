import { describe, expect, it } from 'vitest';
import { versionMismatch } from '../../../src/analysis/rules/version-mismatch.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };

describe('version-mismatch', () => {
  it('reports a v2 speaker and a v3 speaker of one router, saying who sends which', () => {
    const frames = sequence(
      adverts({ ...A, version: 2, prio: 150, from: 0, to: 4, frame: 1 }),
      adverts({ ...B, version: 3, prio: 100, from: 1.5, to: 4.5, frame: 1 }),
    );
    const found = findingsOf(frames, versionMismatch);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('version-mismatch');
    expect(f.severity).toBe('warning');
    expect(f.title).toContain('51');
    expect(f.message).toMatch(/192\.0\.2\.11 sends only v2/);
    expect(f.message).toMatch(/192\.0\.2\.12 sends only v3/);
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f.frames.slice(0, 2)).toEqual([1, 3]);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 1.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 4.5, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && ip.src in {192.0.2.11, 192.0.2.12} && frame.number in {1, 3..9}');
    expect(f.remediation).toContain('vrrp_version 3');
  });

  it('names RFC 5798 §8.4 migration mode when one speaker sends both versions', () => {
    const frames = sequence(
      adverts({ ...A, version: 3, from: 0, to: 3, frame: 1 }),
      adverts({ ...A, version: 2, from: 0.001, to: 3.001, frame: 1 }),
    );
    const [f] = findingsOf(frames, versionMismatch);
    expect(f?.message).toMatch(/192\.0\.2\.11 sends v2 and v3/);
    expect(f?.message).toContain('migration');
    expect(f?.frames.slice(0, 2)).toEqual([1, 2]);
    expect(f?.subjects.ips).toEqual(['192.0.2.11']);
  });

  it('is silent for a single-version cluster with failovers', () => {
    const frames = sequence(
      adverts({ ...A, version: 3, prio: 150, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, version: 3, prio: 0, t: 10.5, frame: 1 })],
      adverts({ ...B, version: 3, prio: 100, from: 11, to: 20, frame: 1 }),
    );
    expect(findingsOf(frames, versionMismatch)).toEqual([]);
  });

  it('leaves unrelated clusters (disjoint VIPs) and other VLANs alone', () => {
    const frames = sequence(
      adverts({ ...A, version: 2, vips: ['192.0.2.100'], from: 0, to: 3, frame: 1 }),
      adverts({ ...B, version: 3, vips: ['192.0.2.200'], from: 0.5, to: 3.5, frame: 1 }),
      adverts({ ...A, version: 2, vlan: [10], from: 0, to: 3, frame: 1 }),
      adverts({ ...B, version: 3, vlan: [20], from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(frames, versionMismatch)).toEqual([]);
  });
});

describe('version-mismatch on captures', () => {
  it('reports VRID 51 of version-and-vips.pcap: n1 sends only v2, n2 only v3', async () => {
    const found = await fixtureFindings('version-and-vips.pcap', 'version-mismatch');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('warning');
    expect(f.vrid).toBe(51);
    expect(f.message).toContain('192.0.2.11 sends only v2; 192.0.2.12 sends only v3');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    // The first v2 and v3 adverts lead the evidence.
    expect(f.frames.slice(0, 2)).toEqual([3, 25]);
  });

  it('stays quiet on single-version captures (v2, v3 over IPv4, v3 over IPv6)', async () => {
    expect(await fixtureFindings('failover-clean.pcap', 'version-mismatch')).toEqual([]);
    expect(await fixtureFindings('v3-ipv4-subsecond.pcap', 'version-mismatch')).toEqual([]);
    expect(await fixtureFindings('v3-ipv6.pcap', 'version-mismatch')).toEqual([]);
  });
});
