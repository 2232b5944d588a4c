/**
 * keepalived's line reader (lib/parser.c read_line/decomment/alloc_strvec), as a pure function of the files: comments
 * (`#`, `!` outside quotes, `\#` and `\!` escaped), `@id` / `@^id` conditional lines, `$NAME=value` definitions (also
 * multi-line with a trailing `\`) and their `$NAME` / `${NAME}` use, `~SEQ` repetition, `include <glob>`, quoted strings, and `{` / `}`
 * anywhere on a line, which keepalived splits into lines of their own. The output is a flat list of lines of words,
 * each with its file and line, which the block parser turns into a tree.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { expandInclude } from './include-glob.js';
import type { ConfError, ConfNote } from './types.js';

export interface ConfLine {
  file: string;
  line: number;
  /** Words with quotes removed; a line that is exactly `{` or `}` is a block delimiter. */
  words: string[];
}

export interface ReadOptions {
  /**
   * keepalived's `-i config_id`: `@id` lines are kept only for it, `@^id` lines for every other id. keepalived defaults
   * to the host's node name, which the file does not tell; undefined here skips every `@id` line.
   */
  configId?: string;
  /** Reads a file (default: from disk); `{ error }` with the reason when it cannot be read. */
  readText?: (path: string) => { text: string } | { error: string };
}

export interface ReadResult {
  lines: ConfLine[];
  files: string[];
  errors: ConfError[];
  notes: ConfNote[];
}

/** keepalived gives up on deeper include nesting long before this; it stops include loops. */
const MAX_INCLUDE_DEPTH = 16;
/** A definition that expands to itself would loop: keepalived rechecks a line at most this often here. */
const MAX_EXPANSIONS = 32;
/**
 * What one line may expand to, in characters over all its lines: a definition that uses itself twice (`$X=$X $X`)
 * doubles at every pass, and 32 passes would need more memory than a process has.
 */
const MAX_EXPANDED_CHARS = 1 << 20;

function expandedTooFar(lines: readonly string[]): boolean {
  let total = 0;
  for (const l of lines) total += l.length + 1;
  return total > MAX_EXPANDED_CHARS;
}

function expansionError(line: string): string {
  return `definitions expand this line beyond ${MAX_EXPANDED_CHARS} characters (a definition that uses itself?): ${line.slice(0, 200)}`;
}

interface Definition {
  value: string[];
}

function defaultRead(path: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
}

export function readConfLines(mainFile: string, opts: ReadOptions = {}): ReadResult {
  const read = opts.readText ?? defaultRead;
  const out: ReadResult = { lines: [], files: [], errors: [], notes: [] };
  const defs = new Map<string, Definition>();
  const root = dirname(resolve(mainFile));
  /** Files are named relative to the main file's directory, so reports never carry a machine's absolute paths. */
  const display = (abs: string): string => (abs === resolve(mainFile) ? basename(mainFile) : relative(root, abs) || basename(abs));

  const readFile = (abs: string, stack: string[], where: { file: string; line: number } | null): void => {
    const shown = display(abs);
    if (stack.includes(abs)) {
      if (where) out.errors.push({ ...where, message: `include loop: ${shown} includes itself` });
      return;
    }
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      if (where) out.errors.push({ ...where, message: `includes nested deeper than ${MAX_INCLUDE_DEPTH} levels` });
      return;
    }
    const got = read(abs);
    if ('error' in got) {
      const message = `cannot read ${shown}: ${got.error}`;
      if (where) out.errors.push({ ...where, message });
      else out.errors.push({ file: shown, line: 0, message });
      return;
    }
    out.files.push(shown);
    const physical = got.text.split('\n');
    let multiline: Definition | null = null;
    for (let i = 0; i < physical.length; i++) {
      const lineNo = i + 1;
      const at = { file: shown, line: lineNo };
      const raw = (physical[i] ?? '').replace(/\r$/, '');
      const { text, continued, unterminated } = decomment(raw);
      if (multiline) {
        // The definition's body continues while lines end in '\'.
        if (text !== '') multiline.value.push(text);
        if (!continued) multiline = null;
        continue;
      }
      if (unterminated) {
        out.errors.push({ ...at, message: `unterminated quote in: ${raw.trim()}` });
        continue;
      }
      if (text === '') continue;
      let pending = [text];
      for (let n = 0; n < MAX_EXPANSIONS && pending.length > 0; n++) {
        const next: string[] = [];
        let changed = false;
        for (const l of pending) {
          const cond = conditional(l, opts.configId);
          if (cond === null) {
            changed = true;
            continue;
          }
          const def = definitionOf(cond);
          if (def) {
            const value = def.value === '' ? [] : [def.value];
            const entry: Definition = { value };
            defs.set(def.name, entry);
            if (continued && n === 0) multiline = entry;
            changed = true;
            continue;
          }
          if (cond.startsWith('~SEQ')) {
            const seq = parseSeq(cond);
            if (typeof seq === 'string') out.errors.push({ ...at, message: seq });
            else {
              // Each value defines $var and yields the rest of the line, as keepalived's read_line does.
              for (const v of seq.values) {
                defs.set(seq.name, { value: [v] });
                const lines = expandAll([seq.text], defs);
                if (lines === null) {
                  out.errors.push({ ...at, message: expansionError(text) });
                  break;
                }
                next.push(...lines);
              }
            }
            changed = true;
            continue;
          }
          const expanded = substitute(cond, defs);
          if (expanded === 'too-large') {
            out.errors.push({ ...at, message: expansionError(text) });
            changed = true;
          } else if (expanded) {
            next.push(...expanded);
            changed = true;
          } else {
            next.push(cond);
          }
          if (cond !== l) changed = true;
        }
        if (!changed) break;
        pending = next;
        if (expandedTooFar(pending)) {
          out.errors.push({ ...at, message: expansionError(text) });
          pending = [];
        }
      }
      for (const l of pending) {
        const words = splitWords(l);
        if (words === null) {
          out.errors.push({ ...at, message: `unterminated quote in: ${l}` });
          continue;
        }
        if (words.length === 2 && words[0] === 'include') {
          const pattern = words[1] ?? '';
          const matches = expandInclude(pattern, dirname(abs));
          if (matches.length === 0) out.notes.push({ ...at, message: `include ${pattern} matched no file (keepalived goes on without it)` });
          for (const m of matches) readFile(m, [...stack, abs], at);
          continue;
        }
        for (const piece of splitBraces(l)) {
          const w = splitWords(piece);
          if (w && w.length > 0) out.lines.push({ ...at, words: w });
        }
      }
    }
  };
  readFile(resolve(mainFile), [], null);
  return out;
}

/**
 * decomment(): leading/trailing blanks removed, a comment starts at the first `#` or `!` outside double quotes,
 * `\#` / `\!` outside quotes stand for the character itself, and a trailing `\` marks a continued definition.
 */
export function decomment(raw: string): { text: string; continued: boolean; unterminated: boolean } {
  let s = raw.replace(/^[ \t]+/, '');
  let quote = false;
  let continued = false;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '"') {
      quote = !quote;
      out += c;
      continue;
    }
    if (c === '\\') {
      const n = s[i + 1];
      if (n === undefined) {
        continued = true;
        break;
      }
      if (!quote && (n === '#' || n === '!')) {
        out += n;
        i++;
        continue;
      }
      out += c + n;
      i++;
      continue;
    }
    if (!quote && (c === '!' || c === '#')) break;
    out += c;
  }
  s = out.replace(/[ \t\v\f]+$/, '');
  return { text: s, continued, unterminated: quote };
}

/** keepalived stops a ~SEQ after this many values here (it has no limit; a typo could loop for long). */
const MAX_SEQ_VALUES = 4096;

/**
 * `~SEQ(var, end)`, `~SEQ(var, start, end)`, `~SEQ(var, start, step, end)` (and `~SEQx` for hexadecimal values) followed
 * by the text to repeat; an error message when it is malformed.
 */
function parseSeq(line: string): { name: string; values: string[]; text: string } | string {
  const m = /^~SEQ(x?)[ \t]*\([ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*,([^)]*)\)[ \t]*(.*)$/.exec(line);
  if (!m) return `invalid ~SEQ specification: ${line}`;
  const hex = m[1] === 'x';
  const nums = (m[3] ?? '').split(',').map((x) => Number(x.trim()));
  if (nums.length < 1 || nums.length > 3 || nums.some((n) => !Number.isInteger(n))) return `invalid ~SEQ values: ${line}`;
  let start: number;
  let step: number;
  let end: number;
  if (nums.length === 1) {
    end = nums[0] ?? 0;
    start = end < 0 ? -1 : 1;
    step = end < 1 ? -1 : 1;
  } else if (nums.length === 2) {
    start = nums[0] ?? 0;
    end = nums[1] ?? 0;
    step = start <= end ? 1 : -1;
  } else {
    start = nums[0] ?? 0;
    step = nums[1] ?? 0;
    end = nums[2] ?? 0;
    if (step === 0 || (start < end && step < 0) || (start > end && step > 0)) return `invalid ~SEQ values: ${line}`;
  }
  if (hex && (start < 0 || end < 0)) return `~SEQx is only valid for positive numbers: ${line}`;
  const values: string[] = [];
  for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
    if (values.length >= MAX_SEQ_VALUES) break;
    values.push(hex ? v.toString(16) : String(v));
  }
  return { name: m[2] ?? '', values, text: m[4] ?? '' };
}

/** `@id rest` / `@^id rest`: the rest when the line applies to this config id, null when it is skipped. */
function conditional(line: string, configId: string | undefined): string | null {
  if (!line.startsWith('@')) return line;
  const negate = line[1] === '^';
  const m = /^@\^?(\S+)[ \t]+(.*)$/.exec(line);
  if (!m) return null;
  const matches = configId !== undefined && m[1] === configId;
  return matches !== negate ? (m[2] ?? '') : null;
}

function definitionOf(line: string): { name: string; value: string } | null {
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$/.exec(line);
  return m ? { name: m[1] ?? '', value: m[2] ?? '' } : null;
}

/**
 * Replaces known `$NAME` / `${NAME}`; a multi-line definition used alone on a line yields several lines. 'too-large'
 * when the line would grow beyond MAX_EXPANDED_CHARS (checked while replacing: one pass may multiply it many times).
 */
function substitute(line: string, defs: Map<string, Definition>): string[] | null | 'too-large' {
  if (!line.includes('$') || defs.size === 0) return null;
  let found = false;
  let size = line.length;
  const multi: string[][] = [];
  const text = line.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    const def = defs.get(name);
    if (!def) return whole;
    found = true;
    for (const l of def.value) size += l.length + 1;
    if (size > MAX_EXPANDED_CHARS) return whole;
    if (def.value.length > 1) {
      multi.push(def.value);
      return `\u0000${multi.length - 1}\u0000`;
    }
    return def.value[0] ?? '';
  });
  if (!found) return null;
  if (size > MAX_EXPANDED_CHARS) return 'too-large';
  if (multi.length === 0) return [text];
  // A multi-line definition expands in place: its first line joins the text before it, its last line the text after.
  const m = /^(.*?)\u0000(\d+)\u0000(.*)$/.exec(text);
  if (!m) return [text];
  const body = multi[Number(m[2])] ?? [];
  if (body.length === 0) return [`${m[1] ?? ''}${m[3] ?? ''}`];
  const lines = [...body];
  lines[0] = `${m[1] ?? ''}${lines[0] ?? ''}`;
  lines[lines.length - 1] = `${lines[lines.length - 1] ?? ''}${m[3] ?? ''}`;
  return lines;
}

/**
 * Substitutes until nothing changes (definitions may use definitions), so each line sees the current values; null when
 * the lines grow beyond MAX_EXPANDED_CHARS.
 */
function expandAll(lines: string[], defs: Map<string, Definition>): string[] | null {
  let current = lines;
  for (let n = 0; n < MAX_EXPANSIONS; n++) {
    let changed = false;
    const next: string[] = [];
    for (const l of current) {
      const e = substitute(l, defs);
      if (e === 'too-large') return null;
      if (e) {
        changed = true;
        next.push(...e);
      } else next.push(l);
    }
    current = next;
    if (expandedTooFar(current)) return null;
    if (!changed) break;
  }
  return current;
}

/** Splits a line at every `{` and `}` outside double quotes; each brace becomes a piece of its own. */
export function splitBraces(line: string): string[] {
  const pieces: string[] = [];
  let cur = '';
  let quote = false;
  for (const c of line) {
    if (c === '"') quote = !quote;
    if (!quote && (c === '{' || c === '}')) {
      if (cur.trim() !== '') pieces.push(cur.trim());
      pieces.push(c);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== '') pieces.push(cur.trim());
  return pieces;
}

/** alloc_strvec: words separated by blanks; a word starting with `"` runs to the next `"` (quotes removed). */
export function splitWords(line: string): string[] | null {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] ?? '')) i++;
    if (i >= line.length) break;
    if (line[i] === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) return null;
      words.push(line.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !/\s/.test(line[j] ?? '') && line[j] !== '"') j++;
    words.push(line.slice(i, j));
    i = j;
  }
  return words;
}
