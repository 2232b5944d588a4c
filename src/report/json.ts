/**
 * `audit --format json`: the AuditDocument with the key order of docs/output-contract.md, 2-space indent and a trailing
 * newline. Keys are emitted in the contract's order whatever order the object was built in; fields added later (not in
 * the order lists) follow in alphabetical order, so the output is byte-identical across runs.
 */
import type { AuditDocument } from '../analysis/audit-document.js';

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

export function formatAuditJson(doc: AuditDocument): string {
  return `${JSON.stringify(orderValue(doc, 'doc'), null, 2)}\n`;
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
  const known: readonly string[] = kind === undefined ? [] : ORDER[kind];
  const extra = Object.keys(obj)
    .filter((k) => !known.includes(k))
    .sort();
  const out: { [key: string]: Json } = {};
  for (const key of [...known, ...extra]) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out[key] = orderValue(v, kind === undefined ? undefined : CHILDREN[kind]?.[key]);
  }
  return out;
}
