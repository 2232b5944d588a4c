import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ticksToMicros, timestampScale } from '../../src/capture/pcapng-timestamp.js';
import { referenceMicros } from '../helpers/capture-files.js';

function split(ticks: bigint): [number, number] {
  return [Number(ticks >> 32n), Number(ticks & 0xffffffffn)];
}

function convert(ticks: bigint, tsresol: number, offset = 0n): number {
  const [hi, lo] = split(ticks);
  return ticksToMicros(hi, lo, timestampScale(tsresol, Number(offset)));
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

describe('pcapng timestamp conversion', () => {
  it('reads microsecond ticks (the default resolution) as they are', () => {
    expect(convert(1_764_098_258_123_456n, 6)).toBe(1_764_098_258_123_456);
  });

  it('truncates nanoseconds to whole microseconds, exactly, where a double of the nanoseconds would not be exact', () => {
    // 1764098258.123456789 s: the nanosecond count is above 2^53, so (hi * 2^32 + lo) / 1000 in doubles is off.
    const ticks = 1_764_098_258_123_456_789n;
    expect(ticks > MAX_SAFE).toBe(true);
    expect(convert(ticks, 9)).toBe(1_764_098_258_123_456);
    expect(convert(1_764_098_258_999_999_999n, 9)).toBe(1_764_098_258_999_999);
  });

  it('handles coarser decimal resolutions (seconds, milliseconds)', () => {
    expect(convert(1_764_098_258n, 0)).toBe(1_764_098_258_000_000);
    expect(convert(1_764_098_258_123n, 3)).toBe(1_764_098_258_123_000);
  });

  it('handles binary resolutions 2^-n', () => {
    // 2^-20 s ticks: 1.5 s = 1.5 * 2^20 ticks.
    expect(convert(1_572_864n, 0x80 | 20)).toBe(1_500_000);
    // 2^-30 (~ns): 1764098258 s + 0.25 s.
    const ticks = 1_764_098_258n * 2n ** 30n + 2n ** 28n;
    expect(convert(ticks, 0x80 | 30)).toBe(1_764_098_258_250_000);
  });

  it('adds if_tsoffset seconds', () => {
    expect(convert(123_456n, 6, 1_700_000_000n)).toBe(1_700_000_000_123_456);
    expect(convert(1_000_000n, 6, -1n)).toBe(0);
  });

  it('agrees with an exact BigInt reference for every resolution and realistic tick counts', () => {
    const decimal = fc.integer({ min: 0, max: 19 });
    const binary = fc.integer({ min: 0, max: 63 }).map((n) => 0x80 | n);
    fc.assert(
      fc.property(fc.oneof(decimal, binary), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (tsresol, ticks) => {
        const expected = (ticks * 1_000_000n) / (tsresol & 0x80 ? 2n ** BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol));
        fc.pre(expected <= MAX_SAFE);
        expect(convert(ticks, tsresol)).toBe(referenceMicros(ticks, tsresol));
      }),
      { seed: 20_251_126, numRuns: 5_000 },
    );
  });

  it('agrees with the reference around real capture times in nanoseconds and 2^-n', () => {
    const nowNs = fc.bigInt({ min: 1_000_000_000n * 1_000_000_000n, max: 4_000_000_000n * 1_000_000_000n });
    fc.assert(
      fc.property(nowNs, fc.constantFrom(9, 10, 12, 15, 0x80 | 30, 0x80 | 32, 0x80 | 33, 0x80 | 40), (ticks, tsresol) => {
        expect(convert(ticks, tsresol)).toBe(referenceMicros(ticks, tsresol));
      }),
      { seed: 7, numRuns: 3_000 },
    );
  });
});
