import { describe, expect, it } from 'vitest';
import { PeriodLog } from '../../../src/analysis/model/period-log.js';

const period = (i: number) => ({ start: 1764098000.000001 + i * 10, end: 1764098000.000001 + i * 10 + 3.5, priority: (i * 37) % 256 });

describe('PeriodLog', () => {
  it('gives back the periods pushed, oldest first, and extends the latest', () => {
    const log = new PeriodLog(64);
    for (let i = 0; i < 20; i++) log.push(period(i).start, period(i).end, period(i).priority);
    log.extend(1764098999.5);
    const want = Array.from({ length: 20 }, (_, i) => period(i));
    want[19]!.end = 1764098999.5;
    expect(log.toArray()).toEqual(want);
    expect(log.lastEnd()).toBe(1764098999.5);
    expect(log.lastPriority()).toBe(period(19).priority);
    expect(log.merged).toBe(0);
  });

  it('beyond its bound merges the oldest two: the first start, the second end and priority', () => {
    const log = new PeriodLog(4);
    for (let i = 0; i < 7; i++) log.push(period(i).start, period(i).end, period(i).priority);
    // 0+1 → merged, then (0..1)+2, then (0..2)+3: one period from 0's start to 3's end, then 4, 5, 6.
    expect(log.toArray()).toEqual([{ start: period(0).start, end: period(3).end, priority: period(3).priority }, period(4), period(5), period(6)]);
    expect(log.merged).toBe(3);
    expect(log.length).toBe(4);
  });
});
