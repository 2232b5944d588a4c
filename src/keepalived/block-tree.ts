/**
 * keepalived's process_stream(): a line's first word is its keyword, the rest its arguments, and a `{` right after a
 * keyword line (on it or on the next line) opens that keyword's block until the matching `}`. Unbalanced braces are
 * the syntax errors keepalived reports ("Unexpected '{'", a `}` at top level, a block never closed).
 */
import type { ConfLine } from './line-reader.js';
import type { ConfError } from './types.js';

export interface ConfStatement {
  file: string;
  line: number;
  keyword: string;
  args: string[];
  /** Present when a `{ ... }` block followed the keyword. */
  block?: ConfStatement[];
}

export function buildTree(lines: readonly ConfLine[], errors: ConfError[]): ConfStatement[] {
  const top: ConfStatement[] = [];
  const open: { owner: ConfStatement | null; list: ConfStatement[] }[] = [{ owner: null, list: top }];
  let last: ConfStatement | null = null;
  for (const l of lines) {
    const current = open[open.length - 1] ?? { owner: null, list: top };
    const first = l.words[0] ?? '';
    if (l.words.length === 1 && first === '{') {
      if (last && !last.block) {
        last.block = [];
        open.push({ owner: last, list: last.block });
      } else {
        errors.push({ file: l.file, line: l.line, message: "unexpected '{' (no keyword before it opens a block)" });
      }
      last = null;
      continue;
    }
    if (l.words.length === 1 && first === '}') {
      if (open.length > 1) open.pop();
      else errors.push({ file: l.file, line: l.line, message: "unexpected '}' (no block is open)" });
      last = null;
      continue;
    }
    const stmt: ConfStatement = { file: l.file, line: l.line, keyword: first, args: l.words.slice(1) };
    current.list.push(stmt);
    last = stmt;
  }
  for (const o of open.slice(1).reverse()) {
    if (o.owner) errors.push({ file: o.owner.file, line: o.owner.line, message: `block '${o.owner.keyword}' is never closed (missing '}')` });
  }
  return top;
}
