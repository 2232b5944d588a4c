import { describe, expect, it } from 'vitest';
import { AnalysisEngine } from '../../src/analysis/engine.js';
import { MAX_ACTIVE_PERIODS, MAX_TRANSITIONS } from '../../src/analysis/model/router-tracker.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import type { FrameInfo } from '../../src/decoders/frame-info.js';
import { BASE_TS, advert } from '../helpers/frame-info-builder.js';

const A = { src: '192.0.2.11', mac: '02:00:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '02:00:00:00:00:12' };

/**
 * `cycles` times: A (priority 200) masters, resigns with priority 0, B takes over after Skew_Time, A comes back and
 * preempts it. Two master changes per cycle, and A's adverts form new activity periods each time.
 */
function flappingRouter(cycles: number): FrameInfo[] {
  const frames: FrameInfo[] = [];
  let frame = 1;
  for (let c = 0; c < cycles; c++) {
    const t = c * 6;
    frames.push(advert({ ...A, prio: 200, t, frame: frame++ }));
    frames.push(advert({ ...A, prio: 200, t: t + 1, frame: frame++ }));
    frames.push(advert({ ...A, prio: 0, t: t + 2, frame: frame++ }));
    frames.push(advert({ ...B, prio: 100, t: t + 2.6, frame: frame++ }));
    frames.push(advert({ ...B, prio: 100, t: t + 3.6, frame: frame++ }));
    frames.push(advert({ ...B, prio: 100, t: t + 4.6, frame: frame++ }));
  }
  return frames;
}

function audit(frames: FrameInfo[]) {
  const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, ALL_RULES);
  for (const f of frames) engine.push(f);
  engine.end();
  const last = frames[frames.length - 1]!;
  return engine.document(
    { source: 'built.pcap', format: 'pcap', linkTypes: [1], frames: frames.length, firstTs: BASE_TS, lastTs: last.ts, warnings: [] },
    { frames: frames.length },
  );
}

describe('bounded model state', () => {
  it('keeps the latest transitions and periods of a router that flaps for ever, and says so in input.warnings', () => {
    const cycles = 3 * MAX_TRANSITIONS;
    const doc = audit(flappingRouter(cycles));
    const [router] = doc.routers;
    // Every master change is still counted; only the list is bounded.
    expect(router?.failovers).toBe(2 * cycles - 1);
    expect(router?.transitions).toHaveLength(MAX_TRANSITIONS);
    const lastTransition = router?.transitions[MAX_TRANSITIONS - 1];
    expect(lastTransition?.ts).toBeCloseTo(BASE_TS + (cycles - 1) * 6 + 2.6, 3);
    for (const s of router?.speakers ?? []) expect(s.activeIntervals?.length).toBeLessThanOrEqual(MAX_ACTIVE_PERIODS);

    const byCode = new Map(doc.input.warnings.map((w) => [w.code, w]));
    expect(byCode.get('transitions-dropped')?.count).toBe(2 * cycles - 1 - MAX_TRANSITIONS);
    expect(byCode.get('transitions-dropped')?.message).toMatch(/^1 virtual router changed master more than 64 times/);
    expect(byCode.get('activity-merged')?.count).toBeGreaterThan(0);
    // The findings still see every change: master-flapping counts them all.
    const flapping = doc.findings.find((f) => f.rule === 'master-flapping');
    expect(flapping).toBeDefined();
  });

  it('adds no warning while the state fits', () => {
    const doc = audit(flappingRouter(10));
    expect(doc.routers[0]?.transitions).toHaveLength(19);
    expect(doc.input.warnings).toEqual([]);
  });
});
