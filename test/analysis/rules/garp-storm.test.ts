import { describe, expect, it } from 'vitest';
import { AnalysisEngine } from '../../../src/analysis/engine.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../../src/analysis/options.js';
import { garpStorm } from '../../../src/analysis/rules/garp-storm.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { adverts, arp, BASE_TS, garp } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const TARGET = '192.0.2.50';
const ASKER = { mac: '52:54:00:00:00:21', ip: '192.0.2.21' };

/** `count` ARP requests for `target`, `gapMs` apart, starting at `t`. */
function requests(count: number, t: number, gapMs: number, target = TARGET, vlan?: number[]): FrameInfo[] {
  return Array.from({ length: count }, (_, i) =>
    arp({ frame: 0, t: t + (i * gapMs) / 1000, senderMac: ASKER.mac, senderIp: ASKER.ip, targetIp: target, ...(vlan ? { vlan } : {}) }),
  );
}

describe('garp-storm', () => {
  it('reports more than 30 requests for one address within 100 ms, once', () => {
    const frames = sequence(requests(31, 1, 2));
    const findings = findingsOf(frames, garpStorm);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.rule).toBe('garp-storm');
    expect(f.severity).toBe('info');
    expect(f.title).toBe(`ARP storm for ${TARGET}`);
    expect(f.message).toContain(`31 ARP requests for ${TARGET}`);
    expect(f.message).toContain('within 60 ms');
    expect(f.message).toContain(`${ASKER.mac} (${ASKER.ip})`);
    expect(f.subjects).toEqual({ ips: [TARGET], macs: [ASKER.mac] });
    expect(f.frameCount).toBe(31);
    expect(f.frames).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(f.firstTs).toBeCloseTo(BASE_TS + 1.06, 6);
    // 31 requests, 20 kept: the filter covers the span of all 31.
    expect(f.wiresharkFilter).toBe(`arp.opcode == 1 && arp.dst.proto_ipv4 == ${TARGET} && frame.number in {1..31}`);
    expect(f.remediation).toContain('bridging loop');
  });

  it('stays quiet at 30 requests in 100 ms, at 31 spread over 150 ms, and when the requests go to different addresses', () => {
    expect(findingsOf(sequence(requests(30, 1, 3)), garpStorm)).toEqual([]);
    expect(findingsOf(sequence(requests(31, 1, 5)), garpStorm)).toEqual([]);
    expect(findingsOf(sequence(requests(20, 1, 2), requests(20, 1.001, 2, '192.0.2.51')), garpStorm)).toEqual([]);
    // Replies are not requests.
    const replies = requests(40, 1, 1).map((f) => ({ ...f, arp: { ...f.arp!, op: 2 } }));
    expect(findingsOf(sequence(replies), garpStorm)).toEqual([]);
  });

  it('forgets quiet addresses (every second of capture time) without changing what it finds', () => {
    // Requests for many addresses over several seconds, so that quiet addresses are forgotten in between.
    const background = Array.from({ length: 200 }, (_, i) =>
      arp({ frame: 0, t: 0.5 + i * 0.03, senderMac: ASKER.mac, senderIp: ASKER.ip, targetIp: `198.51.100.${1 + (i % 200)}` }),
    );
    // 20 requests for TARGET, quiet for 2 s, then 20 more within 100 ms: the old ones left the window, no storm.
    const quiet = findingsOf(sequence(background, requests(20, 1, 2), requests(20, 3.5, 2)), garpStorm);
    expect(quiet).toEqual([]);
    // A storm that straddles the moments quiet addresses are forgotten is still counted whole.
    const straddling = findingsOf(sequence(background, requests(31, 1.97, 3), requests(31, 4.98, 3, '192.0.2.51')), garpStorm);
    expect(straddling.map((f) => f.frameCount)).toEqual([31, 31]);
  });

  it('keeps one finding while a storm lasts and opens a new one for a later episode', () => {
    const frames = sequence(requests(100, 1, 2), requests(40, 5, 1));
    const findings = findingsOf(frames, garpStorm);
    expect(findings).toHaveLength(2);
    const [first, second] = [...findings].sort((a, b) => a.firstTs - b.firstTs);
    expect(first?.frameCount).toBe(100);
    expect(first?.message).toContain('100 ARP requests');
    expect(first?.lastTs).toBeCloseTo(BASE_TS + 1.198, 6);
    expect(second?.frameCount).toBe(40);
    expect(second?.firstTs).toBeCloseTo(BASE_TS + 5.03, 6);
  });

  it('closes the episode after a quiet second (live finding-closed)', () => {
    const closed: { title: string; ts: number }[] = [];
    const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, [garpStorm], { closed: (f, ts) => closed.push({ title: f.title, ts }) });
    for (const f of sequence(requests(31, 1, 2), requests(1, 3, 0, '192.0.2.99'))) engine.push(f);
    expect(closed).toHaveLength(1);
    expect(closed[0]?.ts).toBeCloseTo(BASE_TS + 1.06, 6);
  });

  it('names the router and the keepalived GARP settings when the storm is gratuitous ARPs for a VIP', () => {
    const VIP = '192.0.2.100';
    const frames = sequence(
      adverts({ src: '192.0.2.11', mac: '52:54:00:00:00:11', vips: [VIP], vlan: [30], from: 0, to: 3, frame: 0 }),
      Array.from({ length: 35 }, (_, i) => garp({ frame: 0, t: 1 + i / 1000, mac: '52:54:00:00:00:11', vip: VIP, vlan: [30] })),
    );
    const [f] = findingsOf(frames, garpStorm);
    expect(f?.router).toBe('0|30|ipv4|51');
    expect(f?.vlan).toBe(30);
    expect(f?.subjects.vips).toEqual([VIP]);
    expect(f?.message).toContain('a VIP of VRID 51 (IPv4) on VLAN 30');
    expect(f?.message).toContain('all gratuitous');
    expect(f?.remediation).toContain('garp_master_repeat');
    expect(f?.wiresharkFilter).toBe(`arp.opcode == 1 && arp.dst.proto_ipv4 == ${VIP} && vlan.id == 30 && frame.number in {3..37}`);
  });

  it('follows options.garpStorm', () => {
    const frames = sequence(requests(6, 1, 1));
    expect(findingsOf(frames, garpStorm)).toEqual([]);
    const [f] = findingsOf(frames, garpStorm, { garpStorm: { requests: 5, periodMs: 10 } });
    expect(f?.frameCount).toBe(6);
    expect(f?.message).toContain('above 5 in 10 ms');
  });
});

describe('garp-storm on captures', () => {
  it('reports the 40 gratuitous ARPs in 78 ms of garp-storm.pcap once', async () => {
    const found = await fixtureFindings('garp-storm.pcap', 'garp-storm');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('info');
    expect(f.vrid).toBe(51);
    expect(f.title).toBe('ARP storm for 192.0.2.100');
    expect(f.message).toContain('40 ARP requests for 192.0.2.100, a VIP of VRID 51 (IPv4), within 78 ms');
    expect(f.message).toContain('all gratuitous, from 02:00:00:00:01:02 (192.0.2.100)');
    expect(f.subjects).toEqual({ ips: ['192.0.2.100'], macs: ['02:00:00:00:01:02'], vips: ['192.0.2.100'] });
    expect(f.frameCount).toBe(40);
    expect(f.frames[0]).toBe(15);
  });

  it('stays quiet on keepalived\'s usual 3 GARPs and on a client\'s ARP requests once a second', async () => {
    expect(await fixtureFindings('failover-clean.pcap', 'garp-storm')).toEqual([]);
    expect(await fixtureFindings('lvs-rs-arp-ok.pcap', 'garp-storm')).toEqual([]);
  });

  it('forgets the oldest quiet address when more than 65,536 are tracked at once', () => {
    /** One request for each of `n` other addresses within 10 ms, between the first request for TARGET and 30 more. */
    const storm = (n: number) => {
      const others = Array.from({ length: n }, (_, i) =>
        arp({ frame: 0, t: 1.001 + i * 1e-7, senderMac: ASKER.mac, senderIp: ASKER.ip, targetIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }),
      );
      return findingsOf(sequence(requests(1, 1, 0), others, requests(30, 1.02, 1)), garpStorm).map((f) => f.frameCount);
    };
    // With TARGET and 65,535 others the bound holds: 31 requests in 50 ms.
    expect(storm(65_535)).toEqual([31]);
    // One more address evicts TARGET's window, the oldest, so only 30 are counted.
    expect(storm(65_536)).toEqual([]);
  });
});
