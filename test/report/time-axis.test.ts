import { describe, expect, it } from 'vitest';
import { axisTicks, chooseStep } from '../../src/report/time-axis.js';

describe('time axis', () => {
  it('picks a readable step that keeps the tick count under the limit', () => {
    expect(chooseStep(16.5, 10)).toBe(2);
    expect(chooseStep(30, 10)).toBe(5);
    expect(chooseStep(0.7, 10)).toBe(0.1);
    expect(chooseStep(7200, 10)).toBe(900);
  });

  it('lists ticks from 0 up to the span without float drift', () => {
    expect(axisTicks(16.5, 10)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16]);
    expect(axisTicks(0.7, 10)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(axisTicks(0, 10)).toEqual([0]);
  });
});
