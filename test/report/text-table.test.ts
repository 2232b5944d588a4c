import { describe, expect, it } from 'vitest';
import { createPalette } from '../../src/report/ansi.js';
import { fitColumns, renderTable } from '../../src/report/text-table.js';

describe('renderTable', () => {
  it('renders without colour codes when colour is off', () => {
    const text = renderTable(['VIP', 'Frames'], [['192.0.2.100', '20']], 100, createPalette(false));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('│ 192.0.2.100 │ 20     │');
  });

  it('wraps wide cells at spaces to fit the width but never cuts an address', () => {
    const long = 'Make sure 192.0.2.12 receives the adverts of 192.0.2.11 and allow protocol 112 in both directions';
    const text = renderTable(['Speaker', 'Note'], [['2001:db8:0:1::100', long]], 60, createPalette(false));
    const lines = text.split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
    expect(text).toContain('2001:db8:0:1::100');
    expect(text).toContain('192.0.2.12');
    expect(lines.length).toBeGreaterThan(5);
  });

  it('shrinks the widest shrinkable columns first and respects minimums', () => {
    expect(fitColumns([10, 40, 20], 60)).toEqual([10, 30, 20]);
    expect(fitColumns([10, 40, 20], 40, [10, 35, 20])).toEqual([10, 35, 20]);
    expect(fitColumns([10, 12], 100)).toEqual([10, 12]);
  });
});
