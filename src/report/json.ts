/**
 * `audit --format json`: the AuditDocument with the key order of docs/output-contract.md, 2-space indent and a trailing
 * newline. Keys are emitted in the contract's order whatever order the object was built in; fields added later (not in
 * the order lists) follow in alphabetical order, so the output is byte-identical across runs.
 *
 * The text is produced in pieces (auditJsonChunks): one router or one finding at a time, so that writing a document of
 * thousands of routers never holds its whole text, nor a key-ordered copy of its whole tree (issue #10). The pieces
 * joined are exactly what `JSON.stringify(ordered, null, 2)` of the whole document gives.
 */
import type { AuditDocument } from '../analysis/audit-document.js';
import type { AuditDocumentStream } from '../analysis/build-document.js';

/** Key order per object kind, as the contract shows it. */
const ORDER = {
  doc: ['schemaVersion', 'tool', 'profile', 'input', 'stats', 'routers', 'ipvs', 'findings'],
  tool: ['name', 'version'],
  input: ['source', 'format', 'linkTypes', 'frames', 'firstTs', 'lastTs', 'warnings'],
  warning: ['code', 'message', 'frame', 'offset', 'count'],
  stats: ['frames', 'vrrp', 'arp', 'nd', 'ipvs', 'undecodable'],
  router: ['key', 'iface', 'vlan', 'vlanStack', 'family', 'vrid', 'version', 'vips', 'intervalMs', 'speakers', 'master', 'failovers', 'transitions', 'events', 'eventCount'],
  speaker: ['ip', 'mac', 'priorities', 'adverts', 'firstSeen', 'lastSeen', 'checksumVariant', 'version', 'intervalMs', 'vips', 'ttl', 'unicast', 'authType', 'activeIntervals'],
  activeInterval: ['start', 'end', 'priority'],
  master: ['ip', 'mac', 'since'],
  transition: ['ts', 'from', 'to', 'reason', 'gapMs', 'expectedGapMs', 'frames'],
  endpoint: ['ip'],
  event: ['ts', 'kind', 'ip', 'mac', 'frame'],
  ipvs: ['vip', 'director', 'realServers'],
  director: ['mac', 'ip'],
  realServer: ['method', 'mac', 'ip', 'encap', 'frames'],
  finding: ['rule', 'severity', 'title', 'message', 'router', 'vrid', 'vlan', 'family', 'subjects', 'firstTs', 'lastTs', 'frames', 'frameCount', 'wiresharkFilter', 'remediation'],
  subjects: ['ips', 'macs', 'vips'],
} as const satisfies Record<string, readonly string[]>;

type Kind = keyof typeof ORDER;

/** Which kind the values under a key of a given kind are (for arrays: the kind of each element). */
const CHILDREN: Partial<Record<Kind, Partial<Record<string, Kind>>>> = {
  doc: { tool: 'tool', input: 'input', stats: 'stats', routers: 'router', ipvs: 'ipvs', findings: 'finding' },
  input: { warnings: 'warning' },
  router: { speakers: 'speaker', master: 'master', transitions: 'transition', events: 'event' },
  speaker: { activeIntervals: 'activeInterval' },
  transition: { from: 'endpoint', to: 'endpoint' },
  ipvs: { director: 'director', realServers: 'realServer' },
  finding: { subjects: 'subjects' },
};

/** Top-level arrays written element by element rather than stringified whole. */
const STREAMED_KEYS: ReadonlySet<string> = new Set(['routers', 'findings']);

/** Per kind, its contract keys with the kind of their values, and each key's place in that order (to tell the others). */
interface KindLayout {
  keys: readonly { key: string; name: string; child: Kind | undefined }[];
  known: ReadonlyMap<string, number>;
}

function layoutOf(kind: Kind): KindLayout {
  const keys: readonly string[] = ORDER[kind];
  return {
    keys: keys.map((key) => ({ key, name: JSON.stringify(key), child: CHILDREN[kind]?.[key] })),
    known: new Map(keys.map((key, i) => [key, i])),
  };
}

const LAYOUTS = Object.fromEntries((Object.keys(ORDER) as Kind[]).map((kind) => [kind, layoutOf(kind)])) as unknown as Record<Kind, KindLayout>;

export function formatAuditJson(doc: AuditDocument): string {
  let text = '';
  for (const chunk of auditJsonChunks(doc)) text += chunk;
  return text;
}

/**
 * The document's text in pieces, in order, ending with the trailing newline. The document may be an AuditDocument or
 * one whose routers and findings are made while it is written (build-document.ts, auditDocumentStream): each router
 * and each finding is read from its iterable only when its turn comes and written once, keys in contract order and
 * lines at their final indentation, as JSON.stringify(…, null, 2) lays out the whole document (no ordered copy to
 * stringify and no re-indenting pass: that took a quarter of an audit of thousands of routers, issue #10).
 */
export function* auditJsonChunks(doc: AuditDocumentStream): Generator<string> {
  const record = doc as unknown as Record<string, unknown>;
  const keys = orderedKeys(record, 'doc');
  yield '{';
  let first = true;
  for (const key of keys) {
    const value = record[key];
    if (!isEmitted(value)) continue;
    yield `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    const kind = CHILDREN.doc?.[key];
    if (STREAMED_KEYS.has(key) && isIterable(value)) yield* arrayChunks(value, kind);
    else yield jsonText(value, kind, '  ');
  }
  yield first ? '}\n' : '\n}\n';
}

/** A top-level array, one element at a time, as JSON.stringify(…, null, 2) lays it out at depth 1. */
function* arrayChunks(items: Iterable<unknown>, kind: Kind | undefined): Generator<string> {
  let count = 0;
  for (const item of items) {
    yield `${count === 0 ? '[' : ','}\n    ${jsonText(item, kind, '    ')}`;
    count += 1;
  }
  yield count === 0 ? '[]' : '\n  ]';
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value;
}

/** What an object's key keeps: JSON has no undefined, function or symbol values. */
function isEmitted(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** Indentation strings by depth, made once. */
const INDENTS: string[] = [''];

function deeper(indent: string): string {
  const depth = indent.length >> 1;
  return (INDENTS[depth + 1] ??= `${indent}  `);
}

/**
 * The JSON text of one value whose first line starts at `indent` (see writeValue). A value whose objects already have
 * their keys in output order (build-document.ts and the finding sink build them so) is laid out by JSON.stringify, in
 * C++, without a piece per key and value: that was most of the time spent writing a document of thousands of routers
 * (issue #10). Anything else goes through writeValue, which reorders.
 */
function jsonText(value: unknown, kind: Kind | undefined, indent: string): string {
  if (inOutputOrder(value, kind)) return stringifiedAt(value, indent.length >> 1);
  const parts: string[] = [];
  writeValue(parts, value, kind, indent);
  return parts.join('');
}

/**
 * JSON.stringify(value, null, 2) as it lays the value out `depth` levels deep: the value wrapped in `depth` arrays,
 * whose brackets and first indentation are cut off again (`[\n  [\n    ` before it, `\n  ]\n]` after it, at depth 2).
 */
function stringifiedAt(value: unknown, depth: number): string {
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  return text.slice(depth * depth + 3 * depth, text.length - (depth * depth + depth));
}

/**
 * Whether JSON.stringify writes `value` exactly as writeValue would: every object's keys already in writeValue's
 * order (the contract's keys of its kind in their order, then the others in alphabetical order; index-like keys, which
 * both put first, are left to writeValue), no toJSON, and nothing JSON.stringify treats differently (bigints, which it
 * cannot write, functions and symbols, which both leave out, are left to writeValue too).
 */
function inOutputOrder(value: unknown, kind: Kind | undefined): boolean {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!inOutputOrder(value[i], kind)) return false;
        return true;
      }
      return objectInOutputOrder(value as Record<string, unknown>, kind);
    default:
      return false;
  }
}

function objectInOutputOrder(obj: Record<string, unknown>, kind: Kind | undefined): boolean {
  // for-in visits what Object.keys lists, in its order, without making an array per object, as long as nothing up the
  // prototype chain is enumerable: plain objects only.
  if (obj['toJSON'] !== undefined || Object.getPrototypeOf(obj) !== Object.prototype) return false;
  const layout = kind === undefined ? undefined : LAYOUTS[kind];
  let lastKnown = -1;
  let lastExtra: string | null = null;
  for (const key in obj) {
    const at = layout?.known.get(key);
    if (at !== undefined) {
      // A contract key after another key of no known kind, or before a contract key that precedes it.
      if (lastExtra !== null || at < lastKnown) return false;
      lastKnown = at;
      if (!inOutputOrder(obj[key], layout!.keys[at]!.child)) return false;
    } else {
      // Alphabetical (what extraKeys' sort gives); index-like keys ("10" before "9" numerically) fail here or above.
      if ((lastExtra !== null && !(lastExtra < key)) || isIndexKey(key)) return false;
      lastExtra = key;
      if (!inOutputOrder(obj[key], undefined)) return false;
    }
  }
  return true;
}

/**
 * Appends one value's text to `parts` as JSON.stringify(…, null, 2) writes it when its first line starts at `indent`:
 * objects with their keys in the contract's order for `kind`, non-finite numbers and anything else JSON cannot hold
 * (undefined, functions, symbols, bigints) as null in arrays and left out as object values. Pieces are collected and
 * joined once per router or finding: concatenating them one by one made a tree of millions of string pieces to collect.
 */
function writeValue(parts: string[], value: unknown, kind: Kind | undefined, indent: string): void {
  switch (typeof value) {
    case 'string':
      parts.push(JSON.stringify(value));
      return;
    case 'number':
      // JSON has no NaN/Infinity; JSON.stringify would write null anyway, say so explicitly.
      parts.push(Number.isFinite(value) ? String(value) : 'null');
      return;
    case 'boolean':
      parts.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) parts.push('null');
      else if (Array.isArray(value)) writeArray(parts, value, kind, indent);
      else writeObject(parts, value as Record<string, unknown>, kind, indent);
      return;
    default:
      parts.push('null');
  }
}

function writeArray(parts: string[], items: readonly unknown[], kind: Kind | undefined, indent: string): void {
  if (items.length === 0) {
    parts.push('[]');
    return;
  }
  const inner = deeper(indent);
  for (let i = 0; i < items.length; i++) {
    parts.push(i === 0 ? '[\n' : ',\n', inner);
    writeValue(parts, items[i], kind, inner);
  }
  parts.push('\n', indent, ']');
}

function writeObject(parts: string[], obj: Record<string, unknown>, kind: Kind | undefined, indent: string): void {
  const inner = deeper(indent);
  const layout = kind === undefined ? undefined : LAYOUTS[kind];
  const extra = extraKeys(obj, layout);
  const start = parts.length;
  // JSON.stringify writes integer-like keys first, in numeric order, whatever order the others come in.
  const indexKeys = extra === null ? null : takeIndexKeys(extra);
  if (indexKeys !== null) writeMembers(parts, start, obj, indexKeys, inner);
  if (layout !== undefined) {
    for (const { key, name, child } of layout.keys) {
      const v = obj[key];
      if (!isEmitted(v)) continue;
      parts.push(parts.length === start ? '{\n' : ',\n', inner, name, ': ');
      writeValue(parts, v, child, inner);
    }
  }
  if (extra !== null) writeMembers(parts, start, obj, extra, inner);
  if (parts.length === start) parts.push('{}');
  else parts.push('\n', indent, '}');
}

/** The members of `obj` under `keys` (values of no known kind), as writeObject writes them; `start` is where it began. */
function writeMembers(parts: string[], start: number, obj: Record<string, unknown>, keys: readonly string[], inner: string): void {
  for (const key of keys) {
    const v = obj[key];
    if (!isEmitted(v)) continue;
    parts.push(parts.length === start ? '{\n' : ',\n', inner, JSON.stringify(key), ': ');
    writeValue(parts, v, undefined, inner);
  }
}

/** The object's own keys that its kind does not list, in alphabetical order; null when there are none. */
function extraKeys(obj: Record<string, unknown>, layout: KindLayout | undefined): string[] | null {
  let extra: string[] | null = null;
  for (const key of Object.keys(obj)) {
    if (layout !== undefined && layout.known.has(key)) continue;
    (extra ??= []).push(key);
  }
  return extra === null ? null : extra.sort();
}

/** Removes the integer-like keys (array indices) from `keys` and returns them in numeric order; null when none. */
function takeIndexKeys(keys: string[]): string[] | null {
  if (!keys.some(isIndexKey)) return null;
  const indexKeys = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
  const rest = keys.filter((k) => !isIndexKey(k));
  keys.length = 0;
  keys.push(...rest);
  return indexKeys;
}

function isIndexKey(key: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;
}

/** Keys of `obj` in output order: the contract's keys of this kind first (present or not), then the others alphabetically. */
function orderedKeys(obj: Record<string, unknown>, kind: Kind): string[] {
  return [...ORDER[kind], ...(extraKeys(obj, LAYOUTS[kind]) ?? [])];
}
