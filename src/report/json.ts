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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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

export function formatAuditJson(doc: AuditDocument): string {
  let text = '';
  for (const chunk of auditJsonChunks(doc)) text += chunk;
  return text;
}

/**
 * The document's text in pieces, in order, ending with the trailing newline. The document may be an AuditDocument or
 * one whose routers and findings are made while it is written (build-document.ts, auditDocumentStream): each router
 * and each finding is read from its iterable only when its turn comes, ordered and stringified alone, and indented to
 * its depth in the document (JSON strings hold no raw newline, so re-indenting every line of an element is exact).
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
    else yield indented(JSON.stringify(orderValue(value, kind), null, 2), '  ');
  }
  yield first ? '}\n' : '\n}\n';
}

/** A top-level array, one element at a time, as JSON.stringify(…, null, 2) lays it out at depth 1. */
function* arrayChunks(items: Iterable<unknown>, kind: Kind | undefined): Generator<string> {
  let count = 0;
  for (const item of items) {
    yield `${count === 0 ? '[' : ','}\n    ${indented(JSON.stringify(orderValue(item, kind), null, 2), '    ')}`;
    count += 1;
  }
  yield count === 0 ? '[]' : '\n  ]';
}

function indented(text: string, prefix: string): string {
  return text.includes('\n') ? text.replaceAll('\n', `\n${prefix}`) : text;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value;
}

/** What orderObject keeps: JSON has no undefined, function or symbol values. */
function isEmitted(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function orderValue(value: unknown, kind: Kind | undefined): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  // JSON has no NaN/Infinity; JSON.stringify would write null anyway, say so explicitly.
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((v) => orderValue(v, kind));
  if (typeof value === 'object') return orderObject(value as Record<string, unknown>, kind);
  return null;
}

function orderObject(obj: Record<string, unknown>, kind: Kind | undefined): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const key of orderedKeys(obj, kind)) {
    const v = obj[key];
    if (!isEmitted(v)) continue;
    out[key] = orderValue(v, kind === undefined ? undefined : CHILDREN[kind]?.[key]);
  }
  return out;
}

/** The contract's keys of this kind first (present or not), then the object's other keys in alphabetical order. */
function orderedKeys(obj: Record<string, unknown>, kind: Kind | undefined): string[] {
  const known: readonly string[] = kind === undefined ? [] : ORDER[kind];
  const extra = Object.keys(obj)
    .filter((k) => !known.includes(k))
    .sort();
  return [...known, ...extra];
}
