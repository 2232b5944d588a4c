/** cli-table3 tables that fit the terminal width and carry no colour codes unless the palette has colour. */
import Table from 'cli-table3';
import { stripAnsi, type Palette } from './ansi.js';

const MIN_COLUMN = 6;
const PADDING = 2;
/** IPv6 addresses are at most 39 characters; longer words may be wrapped inside. */
const MAX_UNBREAKABLE = 40;

export function renderTable(head: readonly string[], rows: readonly (readonly string[])[], width: number, p: Palette): string {
  const natural = head.map((h, i) =>
    Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ''))) + PADDING,
  );
  // Never below a column's longest word: an address is wrapped at spaces, never cut.
  const minimum = head.map((h, i) =>
    Math.max(MIN_COLUMN, Math.min(MAX_UNBREAKABLE, Math.max(longestWord(h), ...rows.map((r) => longestWord(r[i] ?? '')))) + PADDING),
  );
  const widths = fitColumns(natural, width - (head.length + 1), minimum);
  const wraps = widths.some((w, i) => w < (natural[i] ?? 0));
  const table = new Table({
    head: head.map((h) => p.bold(h)),
    // cli-table3 colours heads red and borders grey by default; the palette decides instead.
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    ...(wraps ? { colWidths: widths, wordWrap: true } : {}),
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
}

/**
 * Shrinks the widest shrinkable columns first until the sum fits `budget`; a column never goes below its `minimum`, so a
 * table may stay wider than the budget.
 */
export function fitColumns(natural: readonly number[], budget: number, minimum: readonly number[] = []): number[] {
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > budget) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > (minimum[i] ?? MIN_COLUMN) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total -= 1;
  }
  return widths;
}

function longestWord(cell: string): number {
  return Math.max(0, ...stripAnsi(cell).split(/\s+/).map((w) => w.length));
}

function visibleWidth(cell: string): number {
  return Math.max(0, ...stripAnsi(cell).split('\n').map((l) => l.length));
}
