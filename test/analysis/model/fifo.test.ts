import { describe, expect, it } from 'vitest';
import { Fifo } from '../../../src/analysis/model/fifo.js';

describe('Fifo', () => {
  it('gives items back in the order they came, through any mix of pushes and shifts', () => {
    const q = new Fifo<number>();
    const taken: number[] = [];
    let next = 0;
    // Pushes run ahead of shifts by a varying margin, so the queue empties now and then and often does not.
    for (let round = 0; round < 5000; round++) {
      for (let i = 0; i < (round % 7) + 1; i++) q.push(next++);
      for (let i = 0; i < (round % 5) + 1 && q.length > 0; i++) {
        expect(q.peek()).toBe(taken.length);
        taken.push(q.shift()!);
      }
    }
    while (q.length > 0) taken.push(q.shift()!);
    expect(taken).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(q.peek()).toBeUndefined();
    expect(q.shift()).toBeUndefined();
  });

  it('keeps, in order, only the items retain accepts, wherever its read position is', () => {
    const q = new Fifo<number>();
    for (let i = 0; i < 3000; i++) q.push(i);
    // Below the point where shift compacts the array: the read position is not at its start.
    for (let i = 0; i < 900; i++) q.shift();
    q.retain((n) => n % 3 === 0);
    expect(q.length).toBe(700);
    const rest: number[] = [];
    while (q.length > 0) rest.push(q.shift()!);
    expect(rest).toEqual(Array.from({ length: 700 }, (_, i) => 900 + 3 * i));
  });
});
