/**
 * The JSON byte writer against JSON.stringify itself: any plain value, and the numbers and strings it writes without
 * JSON.stringify's help (integers, decode timestamps, printable ASCII) at and around their limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonByteWriter } from '../../src/report/json-bytes.js';

/** What the writer gives for one value, as text (it writes UTF-8). */
function written(value: unknown, capacity = 64): string {
  const w = new JsonByteWriter(capacity);
  w.value(value);
  return w.take().toString('utf8');
}

function expectSameAsJson(value: unknown): void {
  expect(written(value)).toBe(JSON.stringify(value));
}

describe('JsonByteWriter', () => {
  it('writes any JSON value as JSON.stringify does', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => expectSameAsJson(v)), { numRuns: 3000 });
  });

  it('writes any string as JSON.stringify does (escapes, non-ASCII, lone surrogates)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) })), (s) => {
        expectSameAsJson(s);
        expectSameAsJson({ [s]: s });
      }),
      { numRuns: 3000 },
    );
  });

  it('writes numbers as JSON.stringify does: integers, doubles, timestamps, limits, non-finite', () => {
    const special = [0, -0, 1, 9, 10, 99, 100, 999_999, 1_000_000, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -1, 0.5, 1e-7, 1e21, 3.9e9, 4e9,
      NaN, Infinity, -Infinity, 1764098000.00211, 1764098000.1, 0.000001, 1.000001, 3_999_999_999.999999];
    for (const n of special) expectSameAsJson(n);
    fc.assert(fc.property(fc.double(), (n) => expectSameAsJson(n)), { numRuns: 5000 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 + 10 }), (n) => expectSameAsJson(n)), { numRuns: 3000 });
  });

  it('writes decode timestamps (whole microseconds / 1e6) as JSON.stringify does, over the whole range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (micros) => expectSameAsJson(Math.round(micros) / 1e6)),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000, max: 5_000_000_000_000_000 }), (micros) => expectSameAsJson(micros / 1e6)),
      { numRuns: 20_000 },
    );
  });

  it('leaves out what JSON.stringify leaves out, and follows toJSON', () => {
    const sym = Symbol('x');
    const value = { a: undefined, b: () => 1, c: sym, [sym]: 1, d: [undefined, () => 1, sym, null], e: new Date(0), f: { toJSON: () => 'j' } };
    expectSameAsJson(value);
    expect(() => written({ big: 1n })).toThrow(TypeError);
  });

  it('grows past its capacity for one large value, and take() hands over what was written', () => {
    const big = { list: Array.from({ length: 2000 }, (_, i) => `192.0.2.${i % 256}`), text: 'é'.repeat(5000) };
    const w = new JsonByteWriter(16);
    w.line(big);
    w.line(1);
    expect(w.length).toBeGreaterThan(16);
    expect(w.take().toString('utf8')).toBe(`${JSON.stringify(big)}\n1\n`);
    expect(w.length).toBe(0);
    w.line('next');
    expect(w.take().toString('utf8')).toBe('"next"\n');
  });
});
