import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../../src/analysis/model/min-heap.js';

describe('MinHeap', () => {
  it('pops keys in ascending order whatever the pushes and pops in between', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), fc.constant(null)), { maxLength: 200 }), (ops) => {
        const heap = new MinHeap<{ at: number }>((e) => e.at);
        const model: number[] = [];
        for (const op of ops) {
          if (op === null) {
            model.sort((a, b) => a - b);
            expect(heap.pop()?.at).toBe(model.shift());
          } else {
            heap.push({ at: op });
            model.push(op);
          }
          expect(heap.size).toBe(model.length);
          expect(heap.peekKey()).toBe(model.length ? Math.min(...model) : Number.POSITIVE_INFINITY);
        }
      }),
    );
  });
});
