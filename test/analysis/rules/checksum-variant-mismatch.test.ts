import { describe, expect, it } from 'vitest';
import { checksumVariantMismatch } from '../../../src/analysis/rules/checksum-variant-mismatch.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11', version: 3 as const };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12', version: 3 as const };
/** keepalived unicast_peer: each node sends to the other's IP and MAC. */
const A_TO_B = { ...A, dst: B.src, ethDst: B.mac };
const B_TO_A = { ...B, dst: A.src, ethDst: A.mac };

describe('checksum-variant-mismatch', () => {
  it('reports keepalived (pseudo-header) against a Cisco-style peer (no pseudo-header)', () => {
    const frames = sequence(
      adverts({ ...A, prio: 100, checksumVariant: 'v3-pseudo', from: 0, to: 5, frame: 1 }),
      adverts({ ...B, prio: 110, checksumVariant: 'v3-no-pseudo', from: 2.5, to: 5.5, frame: 1 }),
    );
    const found = findingsOf(frames, checksumVariantMismatch);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('checksum-variant-mismatch');
    expect(f.severity).toBe('error');
    expect(f.title).toContain('51');
    expect(f.message).toMatch(/192\.0\.2\.11 with the pseudo-header/);
    expect(f.message).toMatch(/192\.0\.2\.12 with no pseudo-header/);
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f.frames.slice(0, 2)).toEqual([1, 4]);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 2.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 5.5, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && vrrp.version == 3 && ip.src in {192.0.2.11, 192.0.2.12} && frame.number in {1, 4..10}');
    expect(f.remediation).toContain('v3_checksum_as_v2');
    expect(f.remediation).toContain('checksum-with-ipv4-pseudoheader');
    expect(f.remediation).not.toContain('old_unicast_checksum');
  });

  it('reports unicast peers where one uses the pre-1.3.7 multicast pseudo-header', () => {
    const frames = sequence(
      adverts({ ...A_TO_B, checksumVariant: 'v3-pseudo', from: 0, to: 3, frame: 1 }),
      adverts({ ...B_TO_A, checksumVariant: 'v3-pseudo-mcast', from: 0.5, to: 3.5, frame: 1 }),
    );
    const [f] = findingsOf(frames, checksumVariantMismatch);
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('multicast group');
    expect(f?.remediation).toContain('old_unicast_checksum');
  });

  it('accepts a multicast pseudo-header advert as compatible with the multicast-destination variant', () => {
    const frames = sequence(
      adverts({ ...A, checksumVariant: 'v3-pseudo', from: 0, to: 3, frame: 1 }),
      adverts({ ...B_TO_A, checksumVariant: 'v3-pseudo-mcast', from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(frames, checksumVariantMismatch)).toEqual([]);
  });

  it('is silent when all speakers agree, for v2, and for bad checksums (bad-checksum reports those)', () => {
    const frames = sequence(
      adverts({ ...A, checksumVariant: 'v3-pseudo', prio: 150, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, checksumVariant: 'v3-pseudo', prio: 0, t: 10.5, frame: 1 })],
      adverts({ ...B, checksumVariant: 'v3-pseudo', from: 11, to: 14, frame: 1 }),
      adverts({ ...B, checksumVariant: null, from: 14.5, to: 16.5, frame: 1 }),
      adverts({ src: '192.0.2.13', mac: '52:54:00:00:00:13', vrid: 52, version: 2, from: 0, to: 5, frame: 1 }),
      adverts({ src: '192.0.2.14', mac: '52:54:00:00:00:14', vrid: 52, version: 2, from: 0.5, to: 5.5, frame: 1 }),
    );
    expect(findingsOf(frames, checksumVariantMismatch)).toEqual([]);
  });

  it('leaves unrelated clusters (disjoint VIPs) and other VLANs alone', () => {
    const frames = sequence(
      adverts({ ...A, vips: ['192.0.2.100'], checksumVariant: 'v3-pseudo', from: 0, to: 3, frame: 1 }),
      adverts({ ...B, vips: ['192.0.2.200'], checksumVariant: 'v3-no-pseudo', from: 0.5, to: 3.5, frame: 1 }),
      adverts({ ...A, vlan: [10], checksumVariant: 'v3-pseudo', from: 0, to: 3, frame: 1 }),
      adverts({ ...B, vlan: [20], checksumVariant: 'v3-no-pseudo', from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(frames, checksumVariantMismatch)).toEqual([]);
  });

  it('also compares IPv6 speakers', () => {
    const frames = sequence(
      adverts({ src: 'fe80::11', mac: A.mac, checksumVariant: 'v3-pseudo', from: 0, to: 3, frame: 1 }),
      adverts({ src: 'fe80::12', mac: B.mac, checksumVariant: 'v3-no-pseudo', from: 0.5, to: 3.5, frame: 1 }),
    );
    const [f] = findingsOf(frames, checksumVariantMismatch);
    expect(f?.family).toBe('ipv6');
    expect(f?.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ipv6 && !icmpv6 && vrrp.version == 3 && ipv6.src in {fe80::11, fe80::12} && frame.number in {1..8}');
    expect(f?.remediation).toContain('pseudo-header');
  });
  it('keeps comparing a migration-mode speaker (v2 and v3 adverts) by its v3 adverts', () => {
    const frames = sequence(
      adverts({ ...A, checksumVariant: 'v3-pseudo', from: 0, to: 4, frame: 1 }),
      adverts({ ...A, version: 2, from: 0.01, to: 4.01, frame: 1 }),
      adverts({ ...B, checksumVariant: 'v3-no-pseudo', from: 0.5, to: 4.5, frame: 1 }),
    );
    const [f] = findingsOf(frames, checksumVariantMismatch);
    // Evidence: A's first v3 advert and B's first advert, not A's latest.
    expect(f?.frames.slice(0, 2)).toEqual([1, 3]);
  });
});
