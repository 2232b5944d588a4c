/**
 * The failover timeline drawn with characters: one lane per speaker over the capture's span, a time axis in seconds from the
 * start of the capture, and the transitions listed under it.
 */
import type { Palette } from './ansi.js';
import { formatClock, formatDuration, formatOffset } from './format.js';
import type { Interval, RouterTimeline } from './timeline-model.js';
import { axisTicks } from './time-axis.js';

export const TIMELINE_GLYPHS = {
  master: '█',
  overlap: '▒',
  priorityZero: '0',
  takeover: '|',
  silent: '·',
} as const;

type Cell = 'silent' | 'master' | 'overlap' | 'priorityZero' | 'takeover';
const CELL_RANK: Record<Cell, number> = { silent: 0, master: 1, overlap: 2, priorityZero: 3, takeover: 4 };

const MAX_LABEL = 25;
const MIN_BAR = 20;
const INDENT = '  ';
const MAX_TRANSITIONS_LISTED = 10;

export function timelineLegend(p: Palette): string {
  const g = TIMELINE_GLYPHS;
  return (
    `${p.green(g.master)} master   ${p.red(g.overlap)} two masters at once   ${p.yellow(g.priorityZero)} priority-0 advert   ` +
    `${p.cyan(g.takeover)} takeover   ${p.dim(g.silent)} not advertising`
  );
}

export function renderTextTimeline(tl: RouterTimeline, width: number, p: Palette): string[] {
  const labels = tl.lanes.map((l) => truncate(l.speaker.ip, MAX_LABEL));
  const labelWidth = Math.max(8, ...labels.map((l) => l.length));
  const cols = Math.max(MIN_BAR, width - INDENT.length - labelWidth - 2);
  const span = tl.end - tl.start;
  const column = (t: number): number => Math.min(cols - 1, Math.max(0, Math.floor(((t - tl.start) / span) * cols)));
  const columnsOf = (iv: Interval): [number, number] => {
    // An interval ending exactly on a column boundary does not reach into the next column.
    const last = iv.end > iv.start ? column(iv.end - span * 1e-9) : column(iv.start);
    return [column(iv.start), Math.max(column(iv.start), last)];
  };

  const lines: string[] = [];
  tl.lanes.forEach((lane, i) => {
    const cells: Cell[] = new Array<Cell>(cols).fill('silent');
    const mark = (from: number, to: number, cell: Cell): void => {
      for (let c = from; c <= to; c++) if (CELL_RANK[cell] > CELL_RANK[cells[c] ?? 'silent']) cells[c] = cell;
    };
    for (const iv of lane.master) mark(...columnsOf(iv), 'master');
    for (const iv of lane.overlap) mark(...columnsOf(iv), 'overlap');
    for (const ts of lane.priorityZero) mark(column(ts), column(ts), 'priorityZero');
    for (const t of lane.takeovers) mark(column(t.ts), column(t.ts), 'takeover');
    lines.push(`${INDENT}${(labels[i] ?? '').padEnd(labelWidth)}  ${paintCells(cells, p)}`);
  });

  const pad = ' '.repeat(INDENT.length + labelWidth + 2);
  const { axis, labelsLine } = timeAxis(span, cols);
  lines.push(`${pad}${p.dim(axis)}`, `${pad}${p.dim(labelsLine)}`.trimEnd());
  return lines;
}

/** One unindented line per failover (the first election is not one), at most MAX_TRANSITIONS_LISTED. */
export function renderTransitions(tl: RouterTimeline, p: Palette): string[] {
  const failovers = tl.router.transitions.filter((t) => t.from !== null);
  const lines = failovers.slice(0, MAX_TRANSITIONS_LISTED).map((t) => {
    const gap = t.gapMs === null ? '' : `, gap ${formatDuration(t.gapMs / 1000)}`;
    const expected = t.expectedGapMs === null ? '' : ` (expected ${formatDuration(t.expectedGapMs / 1000)})`;
    return `${p.cyan(TIMELINE_GLYPHS.takeover)} ${formatClock(t.ts)}  ${t.from?.ip ?? '?'} → ${t.to.ip}  ${t.reason}${gap}${expected}  frames ${t.frames.join(', ')}`;
  });
  if (failovers.length > MAX_TRANSITIONS_LISTED) lines.push(`  … ${failovers.length - MAX_TRANSITIONS_LISTED} more failovers`);
  // The model keeps only the latest transitions of a router (memory bound): `failovers` counts every one.
  const dropped = tl.router.failovers - tl.router.transitions.length;
  if (dropped > 0) lines.push(`  (${dropped} earlier failovers not kept: the capture has ${tl.router.failovers})`);
  return lines;
}

function paintCells(cells: readonly Cell[], p: Palette): string {
  const paintOf: Record<Cell, (t: string) => string> = {
    silent: p.dim,
    master: p.green,
    overlap: (t) => p.bold(p.red(t)),
    priorityZero: (t) => p.bold(p.yellow(t)),
    takeover: (t) => p.bold(p.cyan(t)),
  };
  let out = '';
  let run = '';
  let runCell: Cell | null = null;
  for (const cell of cells) {
    if (cell !== runCell && runCell !== null) {
      out += paintOf[runCell](run);
      run = '';
    }
    runCell = cell;
    run += TIMELINE_GLYPHS[cell];
  }
  if (runCell !== null) out += paintOf[runCell](run);
  return out;
}

function timeAxis(span: number, cols: number): { axis: string; labelsLine: string } {
  const axis = new Array<string>(cols).fill('─');
  const labelChars = new Array<string>(cols).fill(' ');
  let nextFree = 0;
  for (const offset of axisTicks(span, Math.max(1, Math.floor(cols / 8)))) {
    const c = Math.min(cols - 1, Math.round((offset / span) * cols));
    axis[c] = '┬';
    const text = formatOffset(offset);
    const at = Math.min(c, cols - text.length);
    if (at < nextFree) continue;
    for (let j = 0; j < text.length; j++) labelChars[at + j] = text[j] ?? ' ';
    nextFree = at + text.length + 1;
  }
  return { axis: axis.join(''), labelsLine: labelChars.join('') };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
