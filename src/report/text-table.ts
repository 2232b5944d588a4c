/**
 * Boxed tables that fit the terminal width and carry no colour codes unless the palette has colour.
 *
 * The drawing is cli-table3's (0.6, MIT), for the options this program used (a head row, no border or head colours,
 * one space of padding, optionally fixed column widths with word wrap): the same characters, widths, wrapping,
 * truncation with '…' and colour carry-over between wrapped lines, so the text report did not change by a byte when
 * cli-table3 was replaced. It was replaced because loading it and measuring every cell with string-width's emoji
 * regular expression was a tenth of `audit`'s start-up. test/report/text-table.test.ts compares both on random tables.
 */
import stringWidth from 'string-width';
import { stripAnsi, type Palette } from './ansi.js';

const MIN_COLUMN = 6;
const PADDING = 2;
/** IPv6 addresses are at most 39 characters; longer words may be wrapped inside. */
const MAX_UNBREAKABLE = 40;
const TRUNCATION = '…';

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
  return drawTable([head.map((h) => p.bold(h)), ...rows], wraps ? widths : null);
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

/**
 * The table, head row first; every row has one cell per column. With `fixedWidths` (padding included) cells are
 * word-wrapped to them, else each column is as wide as its widest line.
 */
export function drawTable(rows: readonly (readonly string[])[], fixedWidths: readonly number[] | null): string {
  const cells = rows.map((row) =>
    row.map((content, x) => {
      const text = String(content);
      const lines = colorizeLines(fixedWidths ? wrapCell((fixedWidths[x] ?? 0) - PADDING, text) : text.split('\n'));
      return { text, lines };
    }),
  );
  const columns = Math.max(0, ...cells.map((r) => r.length));
  const widths: number[] = [];
  for (let x = 0; x < columns; x++) {
    widths.push(fixedWidths?.[x] ?? Math.max(1, ...cells.map((r) => { const cell = r[x]; return cell ? strlen(cell.text) + PADDING : 0; })));
  }
  const out: string[] = [];
  cells.forEach((row, y) => {
    out.push(separator(widths, y === 0 ? ['┌', '┬', '─', '┐'] : ['├', '┼', '─', '┤']));
    const height = Math.max(1, ...row.map((c) => c.lines.length));
    for (let line = 0; line < height; line++) {
      let text = '';
      row.forEach((cell, x) => {
        const w = widths[x] ?? 0;
        const content = cell.lines[line];
        text += '│';
        if (content === undefined) text += ' '.repeat(w);
        else {
          const len = w - PADDING;
          text += ` ${padEnd(truncate(content, len), len)} `;
        }
      });
      out.push(`${text}│`);
    }
  });
  if (cells.length > 0) out.push(separator(widths, ['└', '┴', '─', '┘']));
  return out.join('\n');
}

function separator(widths: readonly number[], [left, mid, fill, right]: readonly string[]): string {
  return `${widths.map((w, i) => `${i === 0 ? left : mid}${(fill ?? '').repeat(w)}`).join('')}${right}`;
}

// ---- cli-table3's text measures (src/utils.js), kept to the letter ----

const SGR = /\u001b\[(?:\d*;){0,5}\d*m/g;
const SGR_CAPTURE = /\u001b\[((?:\d*;){0,5}\d*)m/g;

/** The widest line's width in terminal columns, colour codes not counted. */
export function strlen(str: string): number {
  let widest = 0;
  for (const line of str.replace(SGR, '').split('\n')) widest = Math.max(widest, columnsOf(line));
  return widest;
}

/**
 * string-width's count, without its emoji expression where no emoji can be: printable ASCII, Latin, Greek, Cyrillic
 * and the like, general punctuation (— …), arrows ← ↑ → ↓ and box drawing are one column each. Anything else (control
 * and combining characters, wide scripts, symbols that may be emoji) is measured by string-width itself.
 */
function columnsOf(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const narrow =
      (c >= 0x20 && c < 0x7f) ||
      (c >= 0xa0 && c < 0x300) ||
      (c >= 0x370 && c < 0x1100) ||
      (c >= 0x2010 && c <= 0x2027) ||
      (c >= 0x2190 && c <= 0x2193) ||
      (c >= 0x2500 && c <= 0x257f);
    if (!narrow) return stringWidth(line);
  }
  return line.length;
}

function padEnd(str: string, len: number): string {
  const length = strlen(str);
  return len + 1 >= length && len > length ? str + ' '.repeat(len - length) : str;
}

function truncate(str: string, desiredLength: number): string {
  if (strlen(str) <= desiredLength) return str;
  let ret = truncateWidthWithAnsi(str, desiredLength - strlen(TRUNCATION)) + TRUNCATION;
  const hrefTag = '\x1B]8;;\x07';
  if (str.includes(hrefTag) && !ret.includes(hrefTag)) ret += hrefTag;
  return ret;
}

function truncateWidth(str: string, desiredLength: number): string {
  if (str.length === strlen(str)) return str.substr(0, desiredLength);
  let s = str;
  while (strlen(s) > desiredLength) s = s.slice(0, -1);
  return s;
}

function truncateWidthWithAnsi(str: string, desiredLength: number): string {
  const code = new RegExp(SGR_CAPTURE.source, 'g');
  const split = str.split(SGR);
  let splitIndex = 0;
  let retLen = 0;
  let ret = '';
  const state: AnsiState = {};
  while (retLen < desiredLength) {
    const found = code.exec(str);
    let toAdd = split[splitIndex] ?? '';
    splitIndex++;
    if (retLen + strlen(toAdd) > desiredLength) toAdd = truncateWidth(toAdd, desiredLength - retLen);
    ret += toAdd;
    retLen += strlen(toAdd);
    if (retLen < desiredLength) {
      // Full-width characters may leave a column that cannot be filled.
      if (!found) break;
      ret += found[0];
      updateState(state, found);
    }
  }
  return unwindState(state, ret);
}

/** Word wrap at whitespace (cli-table3's wordWrap with wrapOnWordBoundary, line by line). */
function wrapCell(maxLength: number, input: string): string[] {
  return input.split('\n').flatMap((line) => wordWrap(maxLength, line));
}

function wordWrap(maxLength: number, input: string): string[] {
  const lines: string[] = [];
  const split = input.split(/(\s+)/g);
  let line: string[] = [];
  let lineLength = 0;
  let whitespace: string | undefined;
  for (let i = 0; i < split.length; i += 2) {
    const word = split[i] ?? '';
    let newLength = lineLength + strlen(word);
    if (lineLength > 0 && whitespace) newLength += whitespace.length;
    if (newLength > maxLength) {
      if (lineLength !== 0) lines.push(line.join(''));
      line = [word];
      lineLength = strlen(word);
    } else {
      line.push(whitespace || '', word);
      lineLength = newLength;
    }
    whitespace = split[i + 1];
  }
  if (lineLength) lines.push(line.join(''));
  return lines;
}

/** Which SGR attributes are on at a point of a line: a wrapped cell closes them at each line end and reopens them. */
type AnsiState = Record<string, string | boolean | undefined>;

const CODES: Record<string, { set: string; to: boolean } | { on: string; off: string }> = {};
for (const [name, on, off] of [['bold', 1, 22], ['italics', 3, 23], ['underline', 4, 24], ['inverse', 7, 27], ['strikethrough', 9, 29]] as const) {
  CODES[`\u001b[${on}m`] = { set: name, to: true };
  CODES[`\u001b[${off}m`] = { set: name, to: false };
  CODES[name] = { on: `\u001b[${on}m`, off: `\u001b[${off}m` };
}

function updateState(state: AnsiState, controlChars: RegExpExecArray): void {
  const controlCode = controlChars[1] ? parseInt(controlChars[1].split(';')[0] ?? '', 10) : 0;
  if ((controlCode >= 30 && controlCode <= 39) || (controlCode >= 90 && controlCode <= 97)) {
    state['lastForegroundAdded'] = controlChars[0];
    return;
  }
  if ((controlCode >= 40 && controlCode <= 49) || (controlCode >= 100 && controlCode <= 107)) {
    state['lastBackgroundAdded'] = controlChars[0];
    return;
  }
  if (controlCode === 0) {
    for (const k of Object.keys(state)) delete state[k];
    return;
  }
  const info = CODES[controlChars[0]];
  if (info && 'set' in info) state[info.set] = info.to;
}

function readState(line: string): AnsiState {
  const code = new RegExp(SGR_CAPTURE.source, 'g');
  const state: AnsiState = {};
  for (let found = code.exec(line); found !== null; found = code.exec(line)) updateState(state, found);
  return state;
}

/**
 * The codes that end a line's open attributes (`off`, in the order they are appended) or restore them on the next line
 * (`on`, in the order each is put in front, as cli-table3 does). Consumes the colour entries of `state`.
 */
function stateCodes(state: AnsiState, which: 'on' | 'off'): string[] {
  const { lastBackgroundAdded, lastForegroundAdded } = state;
  delete state['lastBackgroundAdded'];
  delete state['lastForegroundAdded'];
  const out: string[] = [];
  for (const key of Object.keys(state)) {
    const codes = CODES[key];
    if (state[key] && codes && 'on' in codes) out.push(codes[which]);
  }
  if (lastBackgroundAdded && lastBackgroundAdded != '\u001b[49m') out.push(which === 'off' ? '\u001b[49m' : String(lastBackgroundAdded));
  if (lastForegroundAdded && lastForegroundAdded != '\u001b[39m') out.push(which === 'off' ? '\u001b[39m' : String(lastForegroundAdded));
  return out;
}

function unwindState(state: AnsiState, text: string): string {
  return text + stateCodes(state, 'off').join('');
}

function rewindState(state: AnsiState, text: string): string {
  return stateCodes(state, 'on').reverse().join('') + text;
}

function colorizeLines(input: readonly string[]): string[] {
  let state: AnsiState = {};
  return input.map((text) => {
    const line = rewindState(state, text);
    state = readState(line);
    return unwindState({ ...state }, line);
  });
}
