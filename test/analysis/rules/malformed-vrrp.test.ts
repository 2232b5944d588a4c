import { describe, expect, it } from 'vitest';
import { malformedVrrp } from '../../../src/analysis/rules/malformed-vrrp.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { advert, adverts, BASE_TS, withErrors } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };

function patch(f: FrameInfo, vrrp: Partial<NonNullable<FrameInfo['vrrp']>>, extra: Partial<FrameInfo> = {}): FrameInfo {
  return { ...f, ...extra, vrrp: { ...f.vrrp!, ...vrrp } };
}

/** A protocol-112 frame too short for a VRRP header: the decoder reports only an error. */
function headerOnly(f: FrameInfo, detail: string, extra: Partial<FrameInfo> = {}): FrameInfo {
  const { vrrp: _dropped, ...rest } = f;
  return withErrors({ ...rest, ...extra }, ['vrrp', 'truncated-header', detail]);
}

describe('malformed-vrrp', () => {
  it('reports a wrong version once per sender, and nothing else about those packets', () => {
    const frames = sequence(
      adverts({ ...A, from: 0, to: 3, frame: 1 }),
      adverts({ ...B, from: 0.5, to: 2.5, frame: 1 }).map((f) => patch(f, { version: 7, type: 9, count: 0, intervalMs: 0 })),
    );
    const found = findingsOf(frames, malformedVrrp);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('malformed-vrrp');
    expect(f.severity).toBe('error');
    expect(f.title).toBe('Malformed VRRP (version) from 192.0.2.12');
    expect(f.message).toContain('version 7');
    expect(f.message).toContain('3 packets');
    // The router exists (A's adverts); the malformed packets are tied to it by VRID.
    expect(f.router).toBe('0|untagged|ipv4|51');
    expect(f.vrid).toBe(51);
    expect(f.subjects).toEqual({ ips: ['192.0.2.12'], macs: [B.mac] });
    expect(f.frames).toEqual(frames.filter((x) => x.vrrp?.version === 7).map((x) => x.frame));
    expect(f.firstTs).toBeCloseTo(BASE_TS + 0.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 2.5, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip.src == 192.0.2.12 && !(vrrp.version in {2, 3}) && frame.number in {2, 4, 6}');
  });

  it('reports type, v2 over IPv6, interval 0, count 0 and reserved bits with their severities', () => {
    const frames = [
      patch(advert({ ...A, t: 0, frame: 1 }), { type: 2 }),
      advert({ src: 'fe80::11', mac: A.mac, version: 2, t: 1, frame: 2 }),
      advert({ ...A, vrid: 52, intervalMs: 0, t: 2, frame: 3 }),
      advert({ ...A, vrid: 53, vips: [], t: 3, frame: 4 }),
      advert({ src: 'fe80::12', mac: B.mac, reserved: 2, t: 4, frame: 5 }),
    ];
    const found = findingsOf(frames, malformedVrrp);
    const byTitle = new Map(found.map((f) => [f.title.replace(/^Malformed VRRP \((.*)\) from .*$/, '$1'), f]));
    expect([...byTitle.keys()].sort()).toEqual(['count-zero', 'interval-zero', 'reserved', 'type', 'v2-over-ipv6']);
    expect(byTitle.get('type')?.severity).toBe('error');
    // No v2/v3 type-1 advert for VRID 51 over IPv4: the model has no router for it.
    expect(byTitle.get('type')?.router).toBeNull();
    expect(byTitle.get('type')?.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip.src == 192.0.2.11 && vrrp.type != 1 && frame.number == 1');
    expect(byTitle.get('v2-over-ipv6')?.severity).toBe('error');
    expect(byTitle.get('v2-over-ipv6')?.router).toBe('0|untagged|ipv6|51');
    expect(byTitle.get('interval-zero')?.severity).toBe('error');
    expect(byTitle.get('interval-zero')?.message).toContain('#1615');
    expect(byTitle.get('interval-zero')?.wiresharkFilter).toBe('vrrp.virt_rtr_id == 52 && ip.src == 192.0.2.11 && vrrp.adver_int == 0 && frame.number == 3');
    expect(byTitle.get('count-zero')?.severity).toBe('warning');
    expect(byTitle.get('count-zero')?.frames).toEqual([4]);
    expect(byTitle.get('reserved')?.severity).toBe('info');
    expect(byTitle.get('reserved')?.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ipv6.src == fe80::12 && vrrp.reserved_mbz != 0 && frame.number == 5');
  });

  it('reports length errors from the decoder and unexplained trailing bytes, filtering by frame number', () => {
    const frames = [
      withErrors(patch(advert({ ...A, t: 0, frame: 1 }), { count: 3 }), ['vrrp', 'count-exceeds-length', 'address count 3 needs 12 bytes, only 4 present']),
      patch(advert({ ...A, t: 1, frame: 2 }), { trailingBytes: 6 }),
      headerOnly(advert({ ...A, t: 2, frame: 3 }), 'truncated header (6 of 8 bytes)'),
    ];
    const found = findingsOf(frames, malformedVrrp);
    expect(found.map((f) => f.frames)).toEqual([[1, 2], [3]]);
    const [withVrid, noVrid] = found;
    expect(withVrid?.message).toContain('address count 3 needs 12 bytes');
    expect(withVrid?.message).toContain('6 bytes follow the message');
    expect(withVrid?.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip.src == 192.0.2.11 && frame.number in {1..2}');
    expect(noVrid?.vrid).toBeNull();
    expect(noVrid?.message).toContain('truncated header');
    expect(noVrid?.wiresharkFilter).toBe('ip.src == 192.0.2.11 && frame.number == 3');
  });

  it("accepts keepalived's auth_hmac trailer, snaplen-cut frames and ordinary adverts", () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }).map((f) => patch(f, { trailingBytes: 28 })),
      [advert({ ...A, prio: 0, t: 10.5, frame: 1 })],
      adverts({ ...B, from: 11, to: 20, frame: 1 }),
      adverts({ src: 'fe80::11', mac: A.mac, vips: ['fe80::1', '2001:db8::1'], from: 0, to: 3, frame: 1 }),
      [headerOnly(advert({ ...A, t: 21, frame: 1 }), 'truncated header (4 of 8 bytes)', { truncated: true })],
    );
    expect(findingsOf(frames, malformedVrrp)).toEqual([]);
  });

  it('reports VRID 0 as an error and Cisco MD5 trailers as nothing', () => {
    const zero = withErrors(advert({ ...A, vrid: 0, t: 0, frame: 1 }), ['vrrp', 'vrid-zero', 'virtual router id 0 is outside 1-255']);
    const md5 = patch(advert({ ...A, authType: 254, t: 1, frame: 2 }), { ciscoMd5: { type: 0xfe, length: 28, senderIp: A.src, sequence: 7 } });
    const found = findingsOf([zero, md5], malformedVrrp);
    expect(found.map((f) => [f.title, f.severity, f.frames])).toEqual([['Malformed VRRP (vrid) from 192.0.2.11', 'error', [1]]]);
    // Narrowed to the evidence frames by the sink: Wireshark also shows reassembled fragments with VRID 0.
    expect(found[0]?.wiresharkFilter).toBe('vrrp.virt_rtr_id == 0 && ip.src == 192.0.2.11 && frame.number == 1');
  });

  it('ignores VRRP packets quoted in ICMP errors (unicast peer unreachable)', () => {
    const base = advert({ ...A, dst: B.src, ethDst: B.mac, vrid: 51, t: 0, frame: 1 });
    const { vrrp: _quotedAdvert, ...rest } = base;
    const icmpError: FrameInfo = {
      ...rest,
      ip: { version: 4, src: B.src, dst: A.src, ttl: 64, proto: 1 },
      icmp: { version: 4, type: 3, code: 2, quoted: { src: A.src, dst: B.src, proto: 112 } },
    };
    expect(findingsOf([icmpError], malformedVrrp)).toEqual([]);
  });
});

describe('malformed-vrrp on captures', () => {
  it('reports each kind of defect of the rogue sender in bad-vrrp.pcap once, with its frame', async () => {
    const found = await fixtureFindings('bad-vrrp.pcap', 'malformed-vrrp');
    expect(found.map((f) => [f.title, f.severity, f.vrid, f.frames])).toEqual([
      ['Malformed VRRP (version) from 192.0.2.66', 'error', 99, [11]],
      ['Malformed VRRP (length) from 192.0.2.66', 'error', 99, [12]],
      ['Malformed VRRP (interval-zero) from 192.0.2.66', 'error', 99, [13]],
    ]);
    expect(found[1]?.message).toContain('address count 2 needs 8 bytes, only 4 present');
    for (const f of found) expect(f.subjects).toEqual({ ips: ['192.0.2.66'], macs: ['02:00:00:00:02:06'] });
  });

  it('stays quiet on keepalived\'s adverts, and on a bad checksum alone', async () => {
    expect(await fixtureFindings('failover-clean.pcap', 'malformed-vrrp')).toEqual([]);
    expect(await fixtureFindings('v3-ipv6.pcap', 'malformed-vrrp')).toEqual([]);
    expect((await fixtureFindings('bad-vrrp.pcap', 'malformed-vrrp')).some((f) => f.subjects.ips?.includes('192.0.2.12'))).toBe(false);
  });
});
