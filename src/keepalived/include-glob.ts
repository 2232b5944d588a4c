/**
 * Expands an `include` pattern the way keepalived's glob(3) call does (GLOB_MARK | GLOB_BRACE): `*`, `?`, `[...]` and
 * `{a,b}` in any path segment, matches sorted, directories skipped, relative patterns taken from the including file's
 * directory (keepalived chdir()s there while it reads a file).
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

/** `{a,b}c` → `ac`, `bc` (nested braces too); a pattern without braces is returned alone. */
export function expandBraces(pattern: string): string[] {
  const open = findTopBrace(pattern);
  if (!open) return [pattern];
  const { start, end, parts } = open;
  const out: string[] = [];
  for (const p of parts) out.push(...expandBraces(pattern.slice(0, start) + p + pattern.slice(end + 1)));
  return out;
}

function findTopBrace(s: string): { start: number; end: number; parts: string[] } | null {
  const start = s.indexOf('{');
  if (start < 0) return null;
  let depth = 0;
  const parts: string[] = [];
  let partStart = start + 1;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        parts.push(s.slice(partStart, i));
        // glob(3) treats a brace pair without a comma literally
        return parts.length > 1 ? { start, end: i, parts } : null;
      }
    } else if (c === ',' && depth === 1) {
      parts.push(s.slice(partStart, i));
      partStart = i + 1;
    }
  }
  return null;
}

/** fnmatch-style match of one path segment: `*`, `?`, `[abc]`, `[!a-z]`; a leading dot must be matched literally. */
export function segmentMatches(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.')) return false;
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  try {
    return new RegExp(`${re}$`).test(name);
  } catch {
    return false;
  }
}

const MAGIC = /[*?[]/;

/** Regular files matching `pattern` (relative to `baseDir`), sorted like glob(3) sorts them. */
export function expandInclude(pattern: string, baseDir: string): string[] {
  const found = new Set<string>();
  for (const p of expandBraces(pattern)) {
    const abs = isAbsolute(p) ? p : join(baseDir, p);
    for (const f of matchPath(abs)) found.add(f);
  }
  return [...found].sort().filter(isRegularFile);
}

function matchPath(absPattern: string): string[] {
  const segments = absPattern.split(sep);
  let current = [segments[0] === '' ? sep : segments[0] ?? ''];
  for (const seg of segments.slice(1)) {
    if (seg === '') continue;
    const next: string[] = [];
    for (const dir of current) {
      if (!MAGIC.test(seg)) {
        next.push(join(dir, seg));
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const n of names) if (segmentMatches(seg, n)) next.push(join(dir, n));
    }
    current = next;
  }
  return current.map((p) => resolve(p));
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
