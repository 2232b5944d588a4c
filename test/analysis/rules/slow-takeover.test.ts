import { describe, expect, it } from 'vitest';
import { masterDownIntervalMs, skewMs } from '../../../src/analysis/model/timers.js';
import { slowTakeover } from '../../../src/analysis/rules/slow-takeover.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { analyze, findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const MDI = masterDownIntervalMs(2, 100, 1000) / 1000;
const SKEW = skewMs(2, 100, 1000) / 1000;

describe('slow-takeover', () => {
  it('reports a crash takeover that took much longer than Master_Down_Interval', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 100, from: 19, to: 25, frame: 1 }),
    );
    const doc = analyze(frames, [slowTakeover]);
    const t = doc.routers[0]!.transitions[0]!;
    expect(t.reason).toBe('master-down');
    const found = doc.findings;
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('slow-takeover');
    expect(f.severity).toBe('warning');
    expect(f.title).toBe('Slow takeover of VRID 51');
    expect(f.message).toContain('192.0.2.12 took over VRID 51 (IPv4) from 192.0.2.11 at 19.0 s into the capture after 9.00 s without adverts');
    expect(f.message).toContain('Master_Down_Interval: 3.61 s');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f.frames).toEqual(t.frames);
    expect(f.frames).toEqual([11, 12]);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 19, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && ip.src in {192.0.2.11, 192.0.2.12} && frame.number in {11..12}');
    expect(f.remediation).toContain('advert_int');
  });

  it('reports a takeover after priority 0 that waited a full Master_Down_Interval', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, t: 10.4, frame: 1 })],
      adverts({ ...B, prio: 100, from: 10.4 + MDI, to: 20, frame: 1 }),
    );
    const [f] = findingsOf(frames, slowTakeover);
    expect(f?.message).toContain('Skew_Time after its priority-0 advert: 0.61 s');
    expect(f?.message).toContain('never received the priority-0 advert');
  });

  it('is silent for takeovers on time: Skew_Time after priority 0, Master_Down_Interval after a crash', () => {
    const clean = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, t: 10.4, frame: 1 })],
      adverts({ ...B, prio: 100, from: 10.4 + SKEW, to: 20, frame: 1 }),
    );
    expect(findingsOf(clean, slowTakeover)).toEqual([]);
    // One lost advert of the old master (gap = MDI + almost one interval) is tolerated.
    const crash = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 100, from: 10 + MDI + 0.9, to: 20, frame: 1 }),
    );
    expect(findingsOf(crash, slowTakeover)).toEqual([]);
  });

  it('does not judge preemption or the first election', () => {
    const frames = sequence(
      adverts({ ...B, prio: 100, from: 5, to: 20, frame: 1 }),
      adverts({ ...A, prio: 150, from: 20.5, to: 40, frame: 1 }),
    );
    const doc = analyze(frames, [slowTakeover]);
    expect(doc.routers[0]!.transitions.map((t) => t.reason)).toEqual(['preempt']);
    expect(doc.findings).toEqual([]);
  });

  it('summarises several slow takeovers of one router in one finding', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 100, from: 16, to: 30, frame: 1 }),
      adverts({ ...A, prio: 150, from: 42, to: 50, frame: 1 }),
    );
    const found = findingsOf(frames, slowTakeover);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('2 of 2 takeovers');
    expect(found[0]!.message).toContain('after 12.0 s');
    expect(found[0]!.frames).toHaveLength(4);
  });
});

describe('slow-takeover on captures', () => {
  it('reports the one takeover of flapping.pcap that took 6 s instead of Master_Down_Interval', async () => {
    const found = await fixtureFindings('flapping.pcap', 'slow-takeover');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('warning');
    expect(f.vrid).toBe(51);
    expect(f.message).toContain('192.0.2.12 took over VRID 51 (IPv4) from 192.0.2.11');
    expect(f.message).toContain('after 6.00 s without adverts, 2.39 s longer than expected (Master_Down_Interval: 3.61 s');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f.frames).toEqual([31, 33]);
  });

  it('stays quiet on takeovers that keep their timer: after a priority-0 advert, after a crash, IPv6', async () => {
    expect(await fixtureFindings('failover-clean.pcap', 'slow-takeover')).toEqual([]);
    expect(await fixtureFindings('failover-crash.pcap', 'slow-takeover')).toEqual([]);
    expect(await fixtureFindings('v3-ipv6.pcap', 'slow-takeover')).toEqual([]);
  });
});
