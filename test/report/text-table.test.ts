import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPalette, stripAnsi, type Palette } from '../../src/report/ansi.js';
import { drawTable, fitColumns, renderTable } from '../../src/report/text-table.js';

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

/**
 * The table is drawn as cli-table3 drew it (the text report must not change by a byte): random tables, with and without
 * fixed widths and word wrap, colour codes, long words, several lines in a cell, wide and emoji characters, against
 * cli-table3 itself with the options renderTable used to give it.
 */
describe('drawTable against cli-table3', () => {
  const palette = createPalette(true);
  const words = fc.oneof(
    fc.constantFrom('192.0.2.11', '2001:db8:0:1::100', '02:00:00:00:01:01', '—', 'VRID', 'a', '', '→', '·', '…', 'ééé', '漢字', '😀', '👍🏽', '#️⃣', 'x\u0301', 'tab\tbed'),
    fc.string({ minLength: 1, maxLength: 50 }).map((w) => w.replace(/\u001b/g, '')),
  );
  const paint = fc.constantFrom<(t: string) => string>((t) => t, palette.red, palette.bold, palette.error, palette.dim);
  const cell = fc
    .array(fc.tuple(words, paint, fc.constantFrom(' ', '  ', '\n', ' ')), { maxLength: 8 })
    .map((parts) => parts.map(([w, p, sep]) => p(w) + sep).join('').trimEnd());

  it('draws every random table as cli-table3 does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((cols) =>
          fc.tuple(
            fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 5 }),
            fc.option(fc.array(fc.integer({ min: 3, max: 30 }), { minLength: cols, maxLength: cols })),
          ),
        ),
        ([rows, widths]) => {
          const [head, ...body] = rows as [string[], ...string[][]];
          const table = new Table({
            head,
            style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
            ...(widths ? { colWidths: [...widths], wordWrap: true } : {}),
          });
          for (const row of body) table.push([...row]);
          expect(drawTable(rows, widths)).toBe(table.toString());
        },
      ),
      { numRuns: 400 },
    );
  });

  it('renders the report tables as cli-table3 did, wrapped or not, with colour', () => {
    // renderTable as it was with cli-table3: the same width fitting, cli-table3 drawing.
    const before = (head: string[], rows: string[][], width: number, p: Palette): string => {
      const visible = (c: string): number => Math.max(0, ...stripAnsi(c).split('\n').map((l) => l.length));
      const word = (c: string): number => Math.max(0, ...stripAnsi(c).split(/\s+/).map((w) => w.length));
      const natural = head.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))) + 2);
      const minimum = head.map((h, i) => Math.max(6, Math.min(40, Math.max(word(h), ...rows.map((r) => word(r[i] ?? '')))) + 2));
      const widths = fitColumns(natural, width - (head.length + 1), minimum);
      const wraps = widths.some((w, i) => w < (natural[i] ?? 0));
      const table = new Table({
        head: head.map((h) => p.bold(h)),
        style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
        ...(wraps ? { colWidths: widths, wordWrap: true } : {}),
      });
      for (const row of rows) table.push([...row]);
      return table.toString();
    };
    const long = `Make sure ${palette.red('192.0.2.12 receives')} the adverts of 192.0.2.11 and allow protocol 112 in both directions`;
    const head = ['Speaker', 'Note', 'VLAN'];
    const rows = [['2001:db8:0:1::100', long, '—'], ['192.0.2.1', 'x\nsecond line', '10 → 20'], ['fe80::1', palette.warning('warning: a very-long-word-that-has-to-be-cut-somewhere-in-the-middle-of-it'), '']];
    let wrapped = 0;
    for (const width of [30, 40, 60, 80, 100, 160, 200]) {
      for (const p of [createPalette(false), palette]) {
        const text = renderTable(head, rows, width, p);
        expect(text).toBe(before(head, rows, width, p));
        if (text.split('\n').length > 9) wrapped++;
      }
    }
    expect(wrapped).toBeGreaterThan(0);
  });
});
