import { describe, expect, it } from 'vitest';
import type { FindingDoc } from '../../../src/analysis/audit-document.js';
import { AnalysisEngine } from '../../../src/analysis/engine.js';
import { masterDownIntervalMs, skewMs } from '../../../src/analysis/model/timers.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../../src/analysis/options.js';
import { splitBrain } from '../../../src/analysis/rules/split-brain.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { analyze, findingsOf, sequence } from '../../helpers/rule-tester.js';
import { ALL_RULES } from '../../../src/analysis/rules/index.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const C = { src: '192.0.2.13', mac: '52:54:00:00:00:13' };
/** v2, priority 100, 1 s: 3.609 s + one interval. */
const ALLOWANCE_S = (masterDownIntervalMs(2, 100, 1000) + 1000) / 1000;

/** The split-brain finding with every rule running, so that the rules split-brain names as causes have their say. */
function withCauses(frames: FrameInfo[]): FindingDoc {
  const found = analyze(frames, ALL_RULES).findings.filter((f) => f.rule === 'split-brain');
  expect(found).toHaveLength(1);
  return found[0]!;
}

function only(frames: FrameInfo[]): FindingDoc {
  const found = findingsOf(frames, splitBrain);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Runs the engine and records when findings open and close (the live event stream). */
function lifecycle(frames: FrameInfo[]): { opened: number; closed: { ts: number; rule: string }[] } {
  const closed: { ts: number; rule: string }[] = [];
  let opened = 0;
  const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, [splitBrain], {
    opened: () => void (opened += 1),
    closed: (f, ts) => void closed.push({ ts, rule: f.rule }),
  });
  for (const f of frames) engine.push(f);
  engine.end();
  return { opened, closed };
}

describe('split-brain', () => {
  it('reports two speakers advertising as master at once, with priorities, the rightful winner and an open end', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 30, frame: 1 }),
      adverts({ ...B, prio: 100, from: 0.5, to: 30.5, frame: 1 }),
    );
    const f = only(frames);
    expect(f.rule).toBe('split-brain');
    expect(f.severity).toBe('error');
    expect(f.title).toBe('Two masters for VRID 51');
    expect(f.router).toBe('0|untagged|ipv4|51');
    expect(f.message).toContain('192.0.2.11 (52:54:00:00:00:11, priority 150)');
    expect(f.message).toContain('192.0.2.12 (52:54:00:00:00:12, priority 100)');
    expect(f.message).toContain('192.0.2.11 should win (highest priority)');
    expect(f.message).toContain('from 0.50 s into the capture');
    expect(f.message).toContain('still ongoing at end of capture (30.0 s)');
    expect(f.message).toContain('192.0.2.12 never yielded');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f.subjects.macs).toEqual([A.mac, B.mac]);
    expect(f.subjects.vips).toEqual(['192.0.2.100']);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 0.5, 6);
    // Ongoing at the end: the overlap lasts until the last frame of the capture.
    expect(f.lastTs).toBeCloseTo(BASE_TS + 30.5, 6);
    // A few frames per speaker, not every advert: B's first advert (frame 2) and A's next one (frame 3) open the evidence,
    // the last adverts of both close it.
    expect(f.frames.slice(0, 2)).toEqual([2, 3]);
    expect(f.frames).toContain(frames.length);
    expect(f.frames).toContain(frames.length - 1);
    expect(f.frameCount).toBeLessThanOrEqual(6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && ip.src in {192.0.2.11, 192.0.2.12} && frame.number in {2..3, 12..13, 61..62}');
    expect(f.remediation).toContain('protocol 112');
  });

  it('gives the end and duration when the lower master stops, and closes the finding then', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 40, frame: 1 }),
      adverts({ ...B, prio: 100, from: 10.5, to: 25.5, frame: 1 }),
    );
    const f = only(frames);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 10.5, 6);
    // A keeps advertising after B's last advert, so the overlap is proven until B's last advert.
    expect(f.lastTs).toBeCloseTo(BASE_TS + 25.5, 6);
    expect(f.message).toContain('from 10.5 s to 25.5 s into the capture (15.0 s)');
    expect(f.message).not.toContain('ongoing');
    // B's last advert (25.5 s) is part of the evidence.
    const bLast = frames.find((x) => x.ethSrc === B.mac && Math.abs(x.ts - (BASE_TS + 25.5)) < 1e-6)!;
    expect(f.frames).toContain(bLast.frame);
    const events = lifecycle(frames);
    expect(events.opened).toBe(1);
    expect(events.closed).toHaveLength(1);
    expect(events.closed[0]!.ts).toBeCloseTo(BASE_TS + 25.5, 6);
  });

  it('ends the overlap at a priority-0 advert', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 20, frame: 1 }),
      adverts({ ...B, prio: 100, from: 0.5, to: 10.5, frame: 1 }),
      [advert({ ...B, prio: 0, t: 11.2, frame: 1 })],
    );
    const f = only(frames);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 11.2, 6);
    expect(f.message).toContain('(10.7 s)');
    expect(lifecycle(frames).closed).toHaveLength(1);
  });

  it('ignores normal preemption: the lower master yields within the allowance', () => {
    const frames = sequence(
      adverts({ ...B, prio: 100, from: 0, to: 11, frame: 1 }),
      adverts({ ...A, prio: 150, from: 10.5, to: 30, frame: 1 }),
    );
    expect(findingsOf(frames, splitBrain)).toEqual([]);
  });

  it('reports only an overlap longer than the convergence allowance', () => {
    const under = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 30, frame: 1 }),
      adverts({ ...B, prio: 100, from: 10.5, to: 10.5 + ALLOWANCE_S - 0.7, frame: 1 }),
    );
    expect(findingsOf(under, splitBrain)).toEqual([]);
    const over = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 30, frame: 1 }),
      adverts({ ...B, prio: 100, from: 10.5, to: 10.5 + ALLOWANCE_S + 1, frame: 1 }),
    );
    expect(findingsOf(over, splitBrain)).toHaveLength(1);
  });

  it('is silent on a clean priority-0 failover and on a crash takeover', () => {
    const skew = skewMs(2, 100, 1000) / 1000;
    const clean = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, t: 10.3, frame: 1 })],
      adverts({ ...B, prio: 100, from: 10.3 + skew, to: 30, frame: 1 }),
    );
    expect(findingsOf(clean, splitBrain)).toEqual([]);
    const mdi = masterDownIntervalMs(2, 100, 1000) / 1000;
    const crash = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 100, from: 10 + mdi, to: 30, frame: 1 }),
      adverts({ ...A, prio: 150, from: 40, to: 50, frame: 1 }),
    );
    expect(findingsOf(crash, splitBrain)).toEqual([]);
  });

  it('leaves disjoint VIP sets to vrid-collision', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: ['192.0.2.100'], from: 0, to: 30, frame: 1 }),
      adverts({ ...B, prio: 100, vips: ['192.0.2.200'], from: 0.5, to: 30.5, frame: 1 }),
    );
    expect(findingsOf(frames, splitBrain)).toEqual([]);
  });

  it('treats the same VRID on two VLANs as two routers', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vlan: [10], from: 0, to: 30, frame: 1 }),
      adverts({ ...B, prio: 100, vlan: [20], from: 0.5, to: 30.5, frame: 1 }),
    );
    expect(findingsOf(frames, splitBrain)).toEqual([]);
  });

  it('is silent on unicast adverts to the peer while the backup stays quiet, and on ICMP errors quoting them', () => {
    const unicast = adverts({ ...A, prio: 150, dst: B.src, ethDst: B.mac, from: 0, to: 30, frame: 1 });
    // The backup's host bounces some adverts (e.g. port unreachable): the decoder gives the quote, never a vrrp field.
    const bounces = adverts({ ...B, prio: 100, dst: A.src, ethDst: A.mac, from: 0.5, to: 30.5, frame: 1 }).map((f): FrameInfo => {
      const { vrrp: _quoted, ...rest } = f;
      return { ...rest, ip: { ...f.ip!, proto: 1 }, icmp: { version: 4, type: 3, code: 3, quoted: { src: A.src, dst: B.src, proto: 112 } } };
    });
    expect(findingsOf(sequence(unicast, bounces), splitBrain)).toEqual([]);
  });

  it('names visible causes: interval mismatch, TTL not 255, VIP list difference', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: ['192.0.2.100', '192.0.2.101'], from: 0, to: 40, frame: 1 }),
      adverts({ ...B, prio: 100, intervalMs: 2000, ttl: 254, from: 0.5, to: 40.5, frame: 1 }),
    );
    // The causes come from what the other rules found, with their fixes (split-brain does not judge them again).
    const f = withCauses(frames);
    expect(f.message).toContain('(see interval-mismatch)');
    expect(f.message).toContain('(see ttl-not-255)');
    expect(f.message).toContain('(see vip-list-mismatch)');
    expect(f.remediation).toContain('advert_int');
    expect(f.remediation).toContain('virtual_ipaddress');
    // Without those rules, nothing is claimed that no rule found.
    expect(only(frames).message).not.toContain('(see ');
  });

  it('names auth, version and checksum-variant differences without printing secrets', () => {
    const auth = withCauses(
      sequence(
        adverts({ ...A, prio: 150, authType: 1, authSecret: '7365637265740000', from: 0, to: 30, frame: 1 }),
        adverts({ ...B, prio: 100, authType: 1, authSecret: '6f74686572000000', from: 0.5, to: 30.5, frame: 1 }),
      ),
    );
    expect(auth.message).toContain('(see auth-mismatch)');
    expect(JSON.stringify(auth)).not.toContain('7365637265740000');
    const variant = withCauses(
      sequence(
        adverts({ ...A, prio: 150, version: 3, checksumVariant: 'v3-pseudo', from: 0, to: 30, frame: 1 }),
        adverts({ ...B, prio: 100, version: 3, checksumVariant: 'v3-no-pseudo', from: 0.5, to: 30.5, frame: 1 }),
      ),
    );
    expect(variant.message).toContain('(see checksum-variant-mismatch)');
    expect(variant.remediation).toContain('v3_checksum_as_v2');
    const version = withCauses(
      sequence(
        adverts({ ...A, prio: 150, version: 3, from: 0, to: 30, frame: 1 }),
        adverts({ ...B, prio: 100, version: 2, from: 0.5, to: 30.5, frame: 1 }),
      ),
    );
    expect(version.message).toContain('(see version-mismatch)');
  });

  it('names a unicast advert that does not reach the other speaker', () => {
    const f = only(
      sequence(
        adverts({ ...A, prio: 150, dst: '192.0.2.99', ethDst: '52:54:00:00:00:99', from: 0, to: 30, frame: 1 }),
        adverts({ ...B, prio: 100, dst: A.src, ethDst: A.mac, from: 0.5, to: 30.5, frame: 1 }),
      ),
    );
    expect(f.message).toContain('192.0.2.11 sends unicast adverts to 192.0.2.99, not to 192.0.2.12');
    expect(f.remediation).toContain('unicast_peer');
  });

  it('breaks a priority tie by the higher primary IP', () => {
    const f = only(
      sequence(
        adverts({ ...A, prio: 100, from: 0, to: 30, frame: 1 }),
        adverts({ ...B, prio: 100, from: 0.5, to: 30.5, frame: 1 }),
      ),
    );
    expect(f.message).toContain('192.0.2.12 should win (equal priority 100, higher primary IP)');
  });

  it('names every master when three claim at once, in one finding', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 30, frame: 1 }),
      adverts({ ...B, prio: 100, from: 0.3, to: 30.3, frame: 1 }),
      adverts({ ...C, prio: 200, from: 0.6, to: 30.6, frame: 1 }),
    );
    const f = only(frames);
    expect(f.title).toBe('3 masters for VRID 51');
    expect(f.subjects.ips).toEqual(['192.0.2.13', '192.0.2.11', '192.0.2.12']);
    expect(f.message).toContain('192.0.2.13 should win');
  });

  it('sees two masters whose adverts alternate instead of overlapping (keepalived masters starving each other)', () => {
    // As in fixtures/pcaps/auth-mismatch.pcap: the lower master advertises only now and then, always while the higher
    // one keeps advertising every second. A backup that heard the higher one would never advertise again.
    const higher = adverts({ ...A, prio: 150, from: 0, to: 14, frame: 1 }).filter((f) => ![4, 8, 15].includes(Math.round(f.ts - BASE_TS)));
    const lower = [3.7, 7.7, 14.7].map((t, i) => advert({ ...B, prio: 100, t, frame: 100 + i }));
    const f = only(sequence(higher, lower));
    expect(f.severity).toBe('error');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 3.7, 6);
    expect(f.message).toContain('192.0.2.11 should win');
  });

  it('does not join a lower speaker\'s bursts across a long pause into one overlap', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 40, frame: 1 }),
      [advert({ ...B, prio: 100, t: 5, frame: 1 }), advert({ ...B, prio: 100, t: 25, frame: 1 })],
    );
    expect(findingsOf(frames, splitBrain)).toEqual([]);
  });

  it('merges a recurrence of the same speakers into one finding', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 60, frame: 1 }),
      adverts({ ...B, prio: 100, from: 5.5, to: 15.5, frame: 1 }),
      adverts({ ...B, prio: 100, from: 30.5, to: 45.5, frame: 1 }),
    );
    const f = only(frames);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 5.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 45.5, 6);
    expect(f.message).toContain('from 30.5 s to 45.5 s into the capture');
    expect(f.message).toContain('happened 1 time before');
    expect(lifecycle(frames).closed).toHaveLength(2);
  });

  it('uses the IPv6 source field in the filter for VRRPv3 over IPv6', () => {
    const f = only(
      sequence(
        adverts({ src: 'fe80::11', mac: A.mac, prio: 150, vips: ['fe80::1'], from: 0, to: 30, frame: 1 }),
        adverts({ src: 'fe80::12', mac: B.mac, prio: 100, vips: ['fe80::1'], from: 0.5, to: 30.5, frame: 1 }),
      ),
    );
    expect(f.family).toBe('ipv6');
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ipv6 && !icmpv6 && ipv6.src in {fe80::11, fe80::12} && frame.number in {2..3, 12..13, 61..62}');
  });
});
