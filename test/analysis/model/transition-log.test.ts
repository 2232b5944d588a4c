import { describe, expect, it } from 'vitest';
import { TransitionLog } from '../../../src/analysis/model/transition-log.js';
import type { Speaker, Transition } from '../../../src/analysis/model/types.js';
import type { TransitionReason } from '../../../src/analysis/audit-document.js';

const speaker = (ip: string) => ({ id: `${ip}|02:00:00:00:00:01`, ip }) as Speaker;
const A = speaker('192.0.2.11');
const B = speaker('192.0.2.12');
const REASONS: TransitionReason[] = ['priority-zero', 'master-down', 'preempt', 'unknown'];

/** The i-th change of a router whose master goes back and forth between A and B (the first from nobody). */
function change(i: number): Transition {
  const first = i === 0;
  return {
    ts: 1764098000.000001 + i * 1.25,
    from: first ? null : i % 2 === 0 ? B : A,
    to: i % 2 === 0 ? A : B,
    reason: REASONS[i % 4]!,
    gapMs: i % 3 === 0 ? null : 1000 + i,
    expectedGapMs: i % 5 === 0 ? null : 3609,
    frames: first ? [7] : [2 ** 33 + i, 2 ** 33 + i + 1],
  };
}

describe('TransitionLog', () => {
  it('gives back what was pushed, oldest first, nulls and one-frame changes included', () => {
    const log = new TransitionLog(64);
    const pushed = Array.from({ length: 40 }, (_, i) => change(i));
    for (const t of pushed) log.push(t);
    expect(log.length).toBe(40);
    expect([...log]).toEqual(pushed);
    expect([...log][1]!.from).toBe(A);
    expect(log.dropped).toBe(0);
  });

  it('keeps the latest `max` and counts the dropped ones', () => {
    const log = new TransitionLog(8);
    const pushed = Array.from({ length: 21 }, (_, i) => change(i));
    for (const t of pushed) log.push(t);
    expect(log.length).toBe(8);
    expect(log.dropped).toBe(13);
    expect([...log]).toEqual(pushed.slice(-8));
  });

  it('works with a bound below its first capacity', () => {
    const log = new TransitionLog(1);
    log.push(change(0));
    log.push(change(1));
    expect([...log]).toEqual([change(1)]);
    expect(log.dropped).toBe(1);
  });
});
