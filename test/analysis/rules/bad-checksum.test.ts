import { describe, expect, it } from 'vitest';
import { badChecksum } from '../../../src/analysis/rules/bad-checksum.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { advert, adverts, BASE_TS, withErrors } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };

function withChecksum(f: FrameInfo, checksum: string): FrameInfo {
  return { ...f, vrrp: { ...f.vrrp!, checksum } };
}

describe('bad-checksum', () => {
  it('reports one finding per sender whose checksums match no variant', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 5, frame: 1 }),
      adverts({ ...B, from: 0.5, to: 1.5, frame: 1 }),
      adverts({ ...B, checksumVariant: null, from: 2.5, to: 4.5, frame: 1 }).map((f) => withChecksum(f, '0xdead')),
    );
    const found = findingsOf(frames, badChecksum);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('bad-checksum');
    expect(f.severity).toBe('error');
    expect(f.title).toBe('Bad VRRP checksum from 192.0.2.12');
    expect(f.message).toMatch(/^3 of 5 VRRPv2 adverts from 192\.0\.2\.12/);
    expect(f.message).toContain('0xdead');
    expect(f.router).toBe('0|untagged|ipv4|51');
    expect(f.subjects).toEqual({ ips: ['192.0.2.12'], macs: [B.mac] });
    const bad = frames.filter((x) => x.vrrp?.checksumValid === false).map((x) => x.frame);
    expect(f.frames).toEqual(bad);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 2.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 4.5, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip.src == 192.0.2.12 && vrrp.checksum.status == "Bad" && frame.number in {6, 8, 10}');
  });

  it('also judges VRRP frames the model does not absorb (type 2), on a VLAN', () => {
    const f0 = advert({ ...A, type: 2, vlan: [30], checksumVariant: null, t: 0, frame: 7 });
    const [f] = findingsOf([f0], badChecksum);
    expect(f?.router).toBeNull();
    expect(f?.vlan).toBe(30);
    expect(f?.vrid).toBe(51);
    expect(f?.family).toBe('ipv4');
    expect(f?.frames).toEqual([7]);
    expect(f?.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && vlan.id == 30 && ip.src == 192.0.2.11 && vrrp.checksum.status == "Bad" && frame.number == 7');
  });

  it('does not judge unverified checksums, frames with a VRRP-layer error, other versions, or valid variants', () => {
    const truncated = { ...advert({ ...A, checksumVariant: null, checksumStatus: 'unverified', t: 0, frame: 1 }), truncated: true };
    const lengthUnknown = withErrors(advert({ ...A, checksumVariant: null, checksumStatus: 'unverified', t: 1, frame: 2 }), ['ipv4', 'total-below-header', 'total length 0 is below the header length 20']);
    const broken = withErrors(advert({ ...A, checksumVariant: null, t: 2, frame: 3 }), ['vrrp', 'vrid-zero', 'virtual router id 0 is outside 1-255']);
    const v1 = advert({ ...A, checksumVariant: null, t: 3, frame: 4 });
    v1.vrrp = { ...v1.vrrp!, version: 1 };
    const frames = [
      truncated, lengthUnknown, broken, v1,
      advert({ ...B, version: 3, checksumVariant: 'v3-no-pseudo', t: 4, frame: 5 }),
      advert({ ...B, version: 3, checksumVariant: 'v3-pseudo-mcast', t: 5, frame: 6 }),
    ];
    expect(findingsOf(frames, badChecksum)).toEqual([]);
  });
});

describe('bad-checksum on captures', () => {
  it('reports the keepalived advert of bad-vrrp.pcap whose checksum has a flipped bit, and none of the malformed packets', async () => {
    const found = await fixtureFindings('bad-vrrp.pcap', 'bad-checksum');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('error');
    expect(f.vrid).toBe(51);
    expect(f.title).toBe('Bad VRRP checksum from 192.0.2.12');
    expect(f.message).toContain('1 of 3 VRRPv2 adverts from 192.0.2.12 (02:00:00:00:01:02)');
    expect(f.message).toContain('(0xbc65)');
    expect(f.subjects).toEqual({ ips: ['192.0.2.12'], macs: ['02:00:00:00:01:02'] });
    expect(f.frames).toEqual([23]);
  });

  it('stays quiet on valid checksums, also when two speakers use different v3 variants', async () => {
    expect(await fixtureFindings('failover-clean.pcap', 'bad-checksum')).toEqual([]);
    expect(await fixtureFindings('checksum-variant-mismatch.pcap', 'bad-checksum')).toEqual([]);
    expect(await fixtureFindings('v3-ipv6.pcap', 'bad-checksum')).toEqual([]);
  });
});
