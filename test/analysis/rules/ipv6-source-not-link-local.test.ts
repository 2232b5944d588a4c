import { describe, expect, it } from 'vitest';
import { ipv6SourceNotLinkLocal } from '../../../src/analysis/rules/ipv6-source-not-link-local.js';
import { isLinkLocalIpv6 } from '../../../src/analysis/rules/shared.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const MAC_A = '52:54:00:00:00:11';
const MAC_B = '52:54:00:00:00:12';
const VIPS = ['fe80::1', '2001:db8::100'];

describe('ipv6-source-not-link-local', () => {
  it('reports a speaker advertising from a global address, once', () => {
    const frames = sequence(
      adverts({ src: 'fe80::11', mac: MAC_A, prio: 150, vips: VIPS, from: 0, to: 4, frame: 1 }),
      adverts({ src: '2001:db8::12', mac: MAC_B, vips: VIPS, from: 1.5, to: 3.5, frame: 1 }),
    );
    const found = findingsOf(frames, ipv6SourceNotLinkLocal);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('ipv6-source-not-link-local');
    expect(f.severity).toBe('warning');
    expect(f.title).toContain('2001:db8::12');
    expect(f.message).toContain('§5.1.2.1');
    expect(f.message).toContain('3 adverts');
    expect(f.subjects).toEqual({ ips: ['2001:db8::12'], macs: [MAC_B] });
    expect(f.frames).toEqual(frames.filter((x) => x.ip?.src === '2001:db8::12').map((x) => x.frame));
    expect(f.firstTs).toBeCloseTo(BASE_TS + 1.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 3.5, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ipv6 && !icmpv6 && ipv6.src == 2001:db8::12 && frame.number in {3, 5, 7}');
    expect(f.remediation).toContain('mcast_src_ip');
  });

  it('reports a first address that is not link-local', () => {
    const frames = adverts({ src: 'fe80::11', mac: MAC_A, vips: ['2001:db8::100', 'fe80::1'], from: 0, to: 2, frame: 1 });
    const [f] = findingsOf(frames, ipv6SourceNotLinkLocal);
    expect(f?.title).toBe('First VIP of VRID 51 is not link-local');
    expect(f?.message).toContain('2001:db8::100');
    expect(f?.message).toContain('§5.2.9');
    expect(f?.subjects.vips).toEqual(['2001:db8::100']);
    expect(f?.frames).toEqual([1, 2, 3]);
    expect(f?.remediation).toContain('virtual_ipaddress');
  });

  it('is silent for link-local sources and first addresses, unicast adverts and IPv4', () => {
    const frames = sequence(
      adverts({ src: 'fe80::11', mac: MAC_A, prio: 150, vips: VIPS, from: 0, to: 10, frame: 1 }),
      [advert({ src: 'fe80::11', mac: MAC_A, prio: 0, vips: VIPS, t: 10.5, frame: 1 })],
      adverts({ src: 'febf::12', mac: MAC_B, vips: VIPS, from: 11, to: 14, frame: 1 }),
      adverts({ src: '2001:db8::11', mac: MAC_A, vrid: 52, vips: VIPS, dst: '2001:db8::12', ethDst: MAC_B, from: 0, to: 3, frame: 1 }),
      adverts({ src: '192.0.2.11', mac: MAC_A, version: 3, from: 0, to: 3, frame: 1 }),
    );
    expect(findingsOf(frames, ipv6SourceNotLinkLocal)).toEqual([]);
  });

  it('recognises fe80::/10 exactly', () => {
    expect(isLinkLocalIpv6('fe80::1')).toBe(true);
    expect(isLinkLocalIpv6('febf:1::1')).toBe(true);
    expect(isLinkLocalIpv6('fec0::1')).toBe(false);
    expect(isLinkLocalIpv6('2001:db8::1')).toBe(false);
    expect(isLinkLocalIpv6('::1')).toBe(false);
  });
});

describe('ipv6-source-not-link-local on captures', () => {
  it('reports n2 of ipv6-global-source.pcap, which advertises from 2001:db8::12, and not n1', async () => {
    const found = await fixtureFindings('ipv6-global-source.pcap', 'ipv6-source-not-link-local');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('warning');
    expect(f.vrid).toBe(51);
    expect(f.family).toBe('ipv6');
    expect(f.title).toBe('VRRPv3 adverts from non-link-local 2001:db8::12');
    expect(f.message).toContain('(3 adverts)');
    expect(f.subjects).toEqual({ ips: ['2001:db8::12'], macs: ['02:00:00:00:01:02'] });
    expect(f.frames).toEqual([22, 32, 33]);
  });

  it('stays quiet on keepalived\'s link-local sources', async () => {
    expect(await fixtureFindings('v3-ipv6.pcap', 'ipv6-source-not-link-local')).toEqual([]);
  });
});
