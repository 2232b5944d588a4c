import { describe, expect, it } from 'vitest';
import { estimateOffset } from '../../src/merge/clock-offset.js';
import { ClockSample } from '../../src/merge/clock-sample.js';
import { fingerprintKey } from '../../src/merge/fingerprint.js';

/** Frames of one segment: distinct fingerprints (an IPv4 identification each) every 10 ms, as two captures see them. */
function frames(count: number, offsetS: number): { ts: number; key: number }[] {
  return Array.from({ length: count }, (_, i) => ({ ts: 1000 + i * 0.01 + offsetS, key: fingerprintKey(`advert id ${i}`) }));
}

function sampled(list: { ts: number; key: number }[], limit: number): ClockSample {
  const s = new ClockSample(limit);
  for (const f of list) s.add(f.ts, f.key);
  return s;
}

describe('ClockSample', () => {
  it('keeps every frame up to its limit, in capture order', () => {
    const list = frames(500, 0);
    const s = sampled(list, 1000);
    expect(s.level).toBe(0);
    expect(s.prints()).toEqual(list.map((f) => ({ ts: f.ts, print: f.key })));
  });

  it('stays within its limit however long the capture, keeping the same frames in every capture', () => {
    const a = sampled(frames(50_000, 0), 1000);
    const b = sampled(frames(30_000, 2.5), 1000);
    for (const s of [a, b]) {
      expect(s.prints().length).toBeLessThanOrEqual(1000);
      expect(s.prints().length).toBeGreaterThan(250);
    }
    const level = Math.max(a.level, b.level);
    expect(level).toBeGreaterThan(0);
    // At a common level the shorter capture's sample is exactly the longer one's frames that it also captured.
    const keysA = new Set(a.prints(level).filter((p) => p.ts < 1000 + 30_000 * 0.01).map((p) => p.print));
    const keysB = new Set(b.prints(level).map((p) => p.print));
    expect(keysB).toEqual(keysA);
  });

  it('is enough to find the clock offset of two long captures', () => {
    const a = sampled(frames(60_000, 0), 2000);
    const b = sampled(frames(60_000, 3.25), 2000);
    const level = Math.max(a.level, b.level);
    const e = estimateOffset(a.prints(level), b.prints(level), 0.1);
    expect(e?.offsetS).toBeCloseTo(3.25, 6);
    expect(e?.matched).toBe(b.prints(level).length);
  });

  it('stops growing when one fingerprint fills it (a frame repeated byte for byte)', () => {
    const s = new ClockSample(100);
    const key = 0; // a multiple of every power of two: never thinned away
    for (let i = 0; i < 10_000; i++) s.add(i, key);
    expect(s.prints().length).toBe(100);
  });
});
