import { describe, expect, it } from 'vitest';
import { FrameMutator } from './frame-mutator.js';
import { seededRandom } from './seeded-random.js';

const SEED_FRAME = Uint8Array.from({ length: 90 }, (_, i) => (i * 7 + 3) & 0xff);
const DONOR = Uint8Array.from({ length: 300 }, () => 0xd0);

function mutations(count: number, seed = 1): Uint8Array[] {
  const mutator = new FrameMutator(seededRandom(seed), [SEED_FRAME, DONOR]);
  return Array.from({ length: count }, () => mutator.mutatedCopy(SEED_FRAME));
}

describe('FrameMutator', () => {
  it('is deterministic for a given random source', () => {
    expect(mutations(200, 7)).toEqual(mutations(200, 7));
    expect(mutations(200, 7)).not.toEqual(mutations(200, 8));
  });

  it('changes the bytes, grows and shrinks the frame, and splices donors in', () => {
    const out = mutations(2000);
    const same = (a: Uint8Array): boolean => a.length === SEED_FRAME.length && a.every((b, i) => b === SEED_FRAME[i]);
    expect(out.filter(same).length).toBeLessThan(out.length / 10);
    expect(out.some((m) => m.length > SEED_FRAME.length + 16)).toBe(true);
    expect(out.some((m) => m.length < SEED_FRAME.length)).toBe(true);
    expect(out.some((m) => m.length === 0)).toBe(true);
    // A splice with the donor leaves a run of its bytes at the end.
    expect(out.some((m) => m.length > 8 && m.subarray(-8).every((b) => b === 0xd0))).toBe(true);
    // Bit flips keep the length and change few bytes.
    expect(out.some((m) => m.length === SEED_FRAME.length && m.filter((b, i) => b !== SEED_FRAME[i]).length <= 8 && !same(m))).toBe(true);
  });

  it('never writes past its buffer and leaves the input untouched', () => {
    const input = SEED_FRAME.slice();
    const mutator = new FrameMutator(seededRandom(3), [SEED_FRAME, DONOR]);
    for (let i = 0; i < 5000; i++) {
      const length = mutator.mutate(input);
      expect(length).toBeLessThanOrEqual(mutator.buffer.length);
    }
    expect(input).toEqual(SEED_FRAME);
  });

  it('grows its buffer for an input longer than every donor', () => {
    const long = new Uint8Array(5000).fill(1);
    const mutator = new FrameMutator(seededRandom(4), [SEED_FRAME]);
    const length = mutator.mutate(long);
    expect(mutator.buffer.length).toBeGreaterThanOrEqual(length);
    expect(length).toBeGreaterThan(0);
  });
});
