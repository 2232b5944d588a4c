import { describe, expect, it } from 'vitest';
import { ttlNot255 } from '../../../src/analysis/rules/ttl-not-255.js';
import { advert, adverts, BASE_TS, na } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };

describe('ttl-not-255', () => {
  it('reports one error per speaker whose multicast adverts have another TTL', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 5, frame: 1 }),
      adverts({ ...B, prio: 100, ttl: 64, from: 0.5, to: 3.5, frame: 1 }),
      [advert({ ...B, prio: 100, ttl: 63, t: 4.5, frame: 1 })],
    );
    const found = findingsOf(frames, ttlNot255);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('ttl-not-255');
    expect(f.severity).toBe('error');
    expect(f.title).toBe('TTL 63/64 on adverts from 192.0.2.12');
    expect(f.message).toContain('192.0.2.12');
    expect(f.message).toContain('5 adverts');
    expect(f.subjects).toEqual({ ips: ['192.0.2.12'], macs: [B.mac], vips: ['192.0.2.100'] });
    const bFrames = frames.filter((x) => x.ethSrc === B.mac).map((x) => x.frame);
    expect(f.frames).toEqual(bFrames);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 0.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 4.5, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && ip.src == 192.0.2.12 && ip.ttl != 255 && frame.number in {2, 4, 6, 8, 10}');
  });

  it('reports unicast adverts as a warning (keepalived IPv6 unicast uses the default hop limit)', () => {
    const frames = sequence(
      adverts({ src: 'fe80::11', mac: A.mac, dst: 'fe80::12', ethDst: B.mac, ttl: 64, from: 0, to: 3, frame: 1 }),
    );
    const [f] = findingsOf(frames, ttlNot255);
    expect(f?.severity).toBe('warning');
    expect(f?.title).toContain('Hop limit 64');
    expect(f?.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ipv6 && !icmpv6 && ipv6.src == fe80::11 && ipv6.hlim != 255 && frame.number in {1..4}');
    expect(f?.remediation).toContain('unicast_ttl 255');
  });

  it('uses the inner header of a tunnelled advert', () => {
    const tunnelled = advert({ ...A, t: 0, frame: 1 });
    tunnelled.inner = { ip: { ...tunnelled.ip!, ttl: 254 } };
    tunnelled.ip = { version: 4, src: '198.51.100.1', dst: '198.51.100.2', ttl: 64, proto: 4 };
    const [f] = findingsOf([tunnelled], ttlNot255);
    expect(f?.title).toBe('TTL 254 on adverts from 192.0.2.11');
  });

  it('reports an NA for a VIP with hop limit below 255', () => {
    const vips = ['fe80::1', '2001:db8::100'];
    const frames = sequence(
      adverts({ src: 'fe80::11', mac: A.mac, vips, from: 0, to: 3, frame: 1 }),
      [na({ mac: A.mac, target: '2001:db8::100', hopLimit: 64, t: 1.2, frame: 1 })],
      [na({ mac: A.mac, target: '2001:db8::100', t: 1.3, frame: 1 })],
      [na({ mac: B.mac, target: '2001:db8::999', hopLimit: 64, t: 1.4, frame: 1 })],
    );
    const found = findingsOf(frames, ttlNot255);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('error');
    expect(f.subjects.vips).toEqual(['2001:db8::100']);
    expect(f.frames).toEqual([frames.find((x) => x.nd && x.ip?.ttl === 64 && x.nd.target === '2001:db8::100')!.frame]);
    expect(f.wiresharkFilter).toBe('icmpv6.type == 136 && icmpv6.nd.na.target_address == 2001:db8::100 && ipv6.hlim != 255 && frame.number == 3');
  });

  it('is silent for normal adverts, failovers and unicast adverts with TTL 255', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, t: 10.5, frame: 1 })],
      adverts({ ...B, prio: 100, from: 11, to: 20, frame: 1 }),
      adverts({ ...A, vrid: 52, dst: B.src, ethDst: B.mac, from: 0, to: 5, frame: 1 }),
    );
    expect(findingsOf(frames, ttlNot255)).toEqual([]);
  });
});
