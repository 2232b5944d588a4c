import { describe, expect, it } from 'vitest';
import { estimateOffset, toReference, type TimedPrint } from '../../src/merge/clock-offset.js';

const WINDOW = 0.1;

/** A periodic advert (same bytes every second) plus a few one-off frames, as one capture point records them. */
function capture(shift: number, opts: { from?: number; to?: number } = {}): TimedPrint[] {
  const out: TimedPrint[] = [];
  for (let t = opts.from ?? 0; t <= (opts.to ?? 30); t += 1) out.push({ ts: 1000 + t + 0.0003 + shift, print: 'advert-a' });
  for (const [t, print] of [[4.5, 'garp'], [4.5004, 'garp'], [12.25, 'advert-b-first'], [20.7, 'prio-0']] as const) {
    if (t >= (opts.from ?? 0) && t <= (opts.to ?? 30)) out.push({ ts: 1000 + t + shift, print });
  }
  return out.sort((a, b) => a.ts - b.ts);
}

describe('estimateOffset', () => {
  it('finds a shift of several seconds that periodic adverts alone would leave ambiguous', () => {
    const e = estimateOffset(capture(0), capture(3.25), WINDOW);
    expect(e).not.toBeNull();
    expect(e!.offsetS).toBeCloseTo(3.25, 6);
    expect(e!.residualS).toBeLessThan(0.001);
    expect(e!.matched).toBe(35);
  });

  it('works for negative shifts and captures covering only part of the other', () => {
    const e = estimateOffset(capture(0), capture(-7.4, { from: 3, to: 22 }), WINDOW);
    expect(e!.offsetS).toBeCloseTo(-7.4, 6);
  });

  it('takes the median of the matched differences, so one late frame does not move it', () => {
    const other = capture(2).map((f) => (f.print === 'prio-0' ? { ...f, ts: f.ts + 0.05 } : f));
    expect(estimateOffset(capture(0), other, WINDOW)!.offsetS).toBeCloseTo(2, 6);
  });

  it('with nothing but identical periodic frames, prefers the smallest shift that matches as much', () => {
    const periodic = (shift: number) => Array.from({ length: 10 }, (_, i) => ({ ts: 100 + i + shift, print: 'p' }));
    const e = estimateOffset(periodic(0), periodic(0.002), WINDOW);
    expect(e!.offsetS).toBeCloseTo(0.002, 6);
  });

  it('fits a drift when the clocks run apart, so frames at both ends still match', () => {
    // An hour of adverts with unique contents; the other clock is 2.5 s ahead at the start and gains 300 µs per second
    // (1.08 s over the hour: far beyond the 100 ms window at the ends).
    const ref: TimedPrint[] = Array.from({ length: 3600 }, (_, i) => ({ ts: 5000 + i, print: `advert-${i}` }));
    const other = ref.map((f) => ({ ts: f.ts + 2.5 + 300e-6 * (f.ts - 5000), print: f.print }));
    const e = estimateOffset(ref, other, WINDOW)!;
    expect(e.driftPpm).toBeCloseTo(300, 3);
    expect(e.matched).toBe(3600);
    expect(e.residualS).toBeLessThan(1e-6);
    for (const i of [0, 1800, 3599]) expect(toReference(e, other[i]!.ts)).toBeCloseTo(ref[i]!.ts, 6);
  });

  it('leaves jitter of a few microseconds alone: no drift from a short capture', () => {
    const ref: TimedPrint[] = Array.from({ length: 20 }, (_, i) => ({ ts: 100 + i, print: `a-${i}` }));
    const other = ref.map((f, i) => ({ ts: f.ts + 1 + (i % 3) * 3e-6, print: f.print }));
    const e = estimateOffset(ref, other, WINDOW)!;
    expect(e.driftPpm).toBe(0);
    expect(e.offsetS).toBeCloseTo(1, 5);
  });

  it('returns null when the captures share no frame', () => {
    expect(estimateOffset([{ ts: 1, print: 'a' }], [{ ts: 1, print: 'b' }], WINDOW)).toBeNull();
  });
});
