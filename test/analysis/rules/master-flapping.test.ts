import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisEngine } from '../../../src/analysis/engine.js';
import { skewMs } from '../../../src/analysis/model/timers.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../../src/analysis/options.js';
import { masterFlapping } from '../../../src/analysis/rules/master-flapping.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { analyze, findingsOf, sequence } from '../../helpers/rule-tester.js';
import { analyzeCaptureFile, FIXTURE_PCAPS, fixtureFindings } from '../../helpers/analyze-capture.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const SKEW = skewMs(2, 100, 1000) / 1000;

/** Clean priority-0 handovers between A and B every `every` seconds, starting with A at 0 s. */
function handovers(count: number, every: number, start = 0): FrameInfo[][] {
  const parts: FrameInfo[][] = [];
  for (let i = 0; i <= count; i++) {
    const who = i % 2 === 0 ? A : B;
    const from = start + i * every + (i === 0 ? 0 : SKEW);
    const to = start + (i + 1) * every - 0.5;
    parts.push(adverts({ ...who, prio: 100, from, to, frame: 1 }));
    if (i < count) parts.push([advert({ ...who, prio: 0, t: start + (i + 1) * every, frame: 1 })]);
  }
  return parts;
}

describe('master-flapping', () => {
  it('reports more than 3 master changes within 60 s, once, with the reasons', () => {
    const frames = sequence(...handovers(5, 8));
    const doc = analyze(frames, [masterFlapping]);
    expect(doc.routers[0]?.failovers).toBe(5);
    const found = doc.findings.filter((f) => f.rule === 'master-flapping');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('warning');
    expect(f.title).toBe('Master of VRID 51 changed 5 times');
    expect(f.message).toContain('192.0.2.11 and 192.0.2.12');
    expect(f.message).toContain('priority-zero ×5');
    expect(f.message).toContain('more than 3 within 60 s');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    // Evidence: each transition's two frames (old master's last advert, new master's first).
    const transitions = doc.routers[0]!.transitions;
    expect(f.frames).toEqual(transitions.flatMap((t) => t.frames).sort((a, b) => a - b));
    expect(f.firstTs).toBeCloseTo(transitions[0]!.ts, 6);
    expect(f.lastTs).toBeCloseTo(transitions[4]!.ts, 6);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 8 + SKEW, 3);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && ip.src in {192.0.2.11, 192.0.2.12} && frame.number in {9..10, 17..18, 25..26, 33..34, 41..42}');
    expect(f.remediation).toContain('preempt_delay');
    expect(f.remediation).toContain('journalctl');
  });

  it('is silent for 3 changes within 60 s, or changes spread out', () => {
    expect(findingsOf(sequence(...handovers(3, 8)), masterFlapping)).toEqual([]);
    expect(findingsOf(sequence(...handovers(6, 25)), masterFlapping)).toEqual([]);
  });

  it('follows the configured threshold', () => {
    const frames = sequence(...handovers(3, 8));
    const found = findingsOf(frames, masterFlapping, { masterFlapping: { changes: 2, windowS: 30 } });
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('more than 2 within 30 s');
  });

  it('closes each episode a calm window after its last change, router by router, and reopens it when flapping resumes', () => {
    const onVlan = (vlan: number, parts: FrameInfo[][]): FrameInfo[][] => parts.map((p) => p.map((f) => ({ ...f, vlan: [vlan] })));
    // VLAN 20 flaps from 0 s to about 40 s; VLAN 10 from about 28 s to about 52 s, and again from 150 s.
    const frames = sequence(...onVlan(20, handovers(5, 8, 0)), ...onVlan(10, handovers(4, 8, 20)), ...onVlan(10, handovers(5, 8, 150)));
    const events: string[] = [];
    const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, [masterFlapping], {
      opened: (f) => events.push(`open ${f.vlan} ${f.title}`),
      closed: (f, ts) => events.push(`close ${f.vlan} ${(ts - BASE_TS).toFixed(2)} ${f.title}`),
    });
    for (const f of frames) engine.push(f);
    engine.end();
    const changes = (vlan: number): number[] => Array.from([...engine.model.routers()].find((r) => r.vlan === vlan)!.transitions, (t) => t.ts - BASE_TS);
    const lastBefore = (vlan: number, s: number): string => Math.max(...changes(vlan).filter((t) => t < s)).toFixed(2);
    expect(events).toEqual([
      'open 20 Master of VRID 51 changed 1 times',
      'open 10 Master of VRID 51 changed 1 times',
      `close 20 ${lastBefore(20, 100)} Master of VRID 51 changed 5 times`,
      `close 10 ${lastBefore(10, 100)} Master of VRID 51 changed 4 times`,
      'open 10 Master of VRID 51 changed 1 times',
    ]);
  });

  it('counts routers separately (two VLANs with the same VRID)', () => {
    const onVlan = (vlan: number): FrameInfo[][] => handovers(2, 8).map((p) => p.map((f) => ({ ...f, vlan: [vlan] })));
    expect(findingsOf(sequence(...onVlan(10), ...onVlan(20)), masterFlapping)).toEqual([]);
  });
});

describe('master-flapping on captures', () => {
  it('reports the four master changes of the crash/restart loop in flapping.pcap, with their evidence frames', async () => {
    const doc = await analyzeCaptureFile(join(FIXTURE_PCAPS, 'flapping.pcap'));
    expect(doc.routers[0]?.transitions.map((t) => t.reason)).toEqual(['priority-zero', 'preempt', 'master-down', 'preempt']);
    const found = doc.findings.filter((f) => f.rule === 'master-flapping');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('warning');
    expect(f.vrid).toBe(51);
    expect(f.title).toBe('Master of VRID 51 changed 4 times');
    expect(f.message).toContain('more than 3 within 60 s');
    expect(f.message).toContain('preempt ×2, priority-zero ×1, master-down ×1');
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    // Each change's old master's last advert and new master's first.
    expect(f.frames).toEqual([12, 14, 24, 25, 31, 33, 41, 42]);
  });

  it('stays quiet on flapping.pcap when 4 changes are allowed, and on single failovers', async () => {
    expect(await fixtureFindings('flapping.pcap', 'master-flapping', { masterFlapping: { changes: 4, windowS: 60 } })).toEqual([]);
    expect(await fixtureFindings('failover-clean.pcap', 'master-flapping')).toEqual([]);
    expect(await fixtureFindings('preempt.pcap', 'master-flapping')).toEqual([]);
  });
});
