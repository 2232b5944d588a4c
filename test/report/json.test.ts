import { describe, expect, it } from 'vitest';
import type { AuditDocument } from '../../src/analysis/audit-document.js';
import { auditJsonChunks, formatAuditJson } from '../../src/report/json.js';
import { allSamples, cleanFailover, splitBrain } from './samples.js';

/** The same data with every object's keys inserted in reverse order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).reverse()) out[k] = reverseKeys((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}

describe('formatAuditJson', () => {
  it('writes 2-space indented JSON with a trailing newline that parses back to the document', () => {
    const text = formatAuditJson(cleanFailover);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
    expect(JSON.parse(text)).toEqual(cleanFailover);
  });

  it('orders keys as the output contract shows them, whatever order the object was built in', () => {
    for (const doc of Object.values(allSamples)) {
      const reversed = reverseKeys(doc);
      expect(Object.keys(reversed)[0]).toBe('findings');
      expect(formatAuditJson(reversed)).toBe(formatAuditJson(doc));
    }
    const parsed = JSON.parse(formatAuditJson(reverseKeys(splitBrain))) as AuditDocument;
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'profile', 'input', 'stats', 'routers', 'ipvs', 'findings']);
    expect(Object.keys(parsed.input)).toEqual(['source', 'format', 'linkTypes', 'frames', 'firstTs', 'lastTs', 'warnings']);
    expect(Object.keys(parsed.routers[0] ?? {})).toEqual([
      'key', 'iface', 'vlan', 'family', 'vrid', 'version', 'vips', 'intervalMs', 'speakers', 'master', 'failovers', 'transitions', 'events',
    ]);
    expect(Object.keys(parsed.routers[0]?.speakers[0] ?? {}).slice(0, 7)).toEqual([
      'ip', 'mac', 'priorities', 'adverts', 'firstSeen', 'lastSeen', 'checksumVariant',
    ]);
    expect(Object.keys(parsed.routers[0]?.transitions[0] ?? {})).toEqual(['ts', 'from', 'to', 'reason', 'gapMs', 'expectedGapMs', 'frames']);
    expect(Object.keys(parsed.findings[0] ?? {})).toEqual([
      'rule', 'severity', 'title', 'message', 'router', 'vrid', 'vlan', 'family', 'subjects', 'firstTs', 'lastTs', 'frames', 'frameCount',
      'wiresharkFilter', 'remediation',
    ]);
  });

  it('is byte-identical across runs', () => {
    expect(formatAuditJson(splitBrain)).toBe(formatAuditJson(structuredClone(splitBrain)));
  });

  it('puts fields it does not know after the known ones, alphabetically, and keeps explicit nulls', () => {
    const doc = { ...cleanFailover, zeta: 1, alpha: { b: 2, a: 1 } } as unknown as AuditDocument;
    const keys = Object.keys(JSON.parse(formatAuditJson(doc)) as object);
    expect(keys.slice(-2)).toEqual(['alpha', 'zeta']);
    expect(formatAuditJson(doc)).toContain('"alpha": {\n    "a": 1,\n    "b": 2\n  }');
    expect(formatAuditJson(cleanFailover)).toContain('"from": null');
  });

  it('writes null for non-finite numbers and leaves out undefined optional fields', () => {
    const router = cleanFailover.routers[0];
    if (router === undefined) throw new Error('sample has a router');
    const doc: AuditDocument = {
      ...cleanFailover,
      routers: [{ ...router, transitions: [{ ...router.transitions[1]!, gapMs: Number.NaN }] }],
    };
    const parsed = JSON.parse(formatAuditJson(doc)) as AuditDocument;
    expect(parsed.routers[0]?.transitions[0]?.gapMs).toBeNull();
    expect('vlanStack' in (parsed.routers[0] ?? {})).toBe(false);
  });

  it('written piece by piece, is what JSON.stringify lays out for the whole ordered document', () => {
    const empty = { ...cleanFailover, routers: [], findings: [], ipvs: [] } as AuditDocument;
    const extra = { ...splitBrain, notJudged: [{ rule: 'missing-garp', router: null, reason: 'no ARP' }] } as AuditDocument;
    for (const doc of [...Object.values(allSamples), empty, extra]) {
      const text = formatAuditJson(doc);
      // JSON.parse keeps key order: stringifying the parsed text again must give the same bytes.
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect([...auditJsonChunks(doc)].join('')).toBe(text);
    }
    expect(formatAuditJson(empty)).toContain('"routers": [],');
  });

  it('reads routers and findings from their iterables one at a time, as the text is consumed', () => {
    const doc = splitBrain;
    let made = 0;
    function* counted<T>(items: readonly T[]): Generator<T> {
      for (const item of items) {
        made += 1;
        yield item;
      }
    }
    const lazy = { ...doc, routers: counted(doc.routers), findings: counted(doc.findings) };
    const chunks: string[] = [];
    for (const chunk of auditJsonChunks(lazy)) {
      chunks.push(chunk);
      // No element is made before the text before it was handed out.
      const written = chunks.join('');
      const opened = (written.match(/\n {4}\{/g) ?? []).length;
      expect(made).toBeLessThanOrEqual(opened + 1);
    }
    expect(made).toBe(doc.routers.length + doc.findings.length);
    expect(chunks.join('')).toBe(formatAuditJson(doc));
  });

  it('lays out what JSON.stringify would for values of no known kind: index-like keys, empty containers, odd values', () => {
    const router = cleanFailover.routers[0];
    if (router === undefined) throw new Error('sample has a router');
    // Inserted in alphabetical order, as keys of no known kind are written; JSON.stringify still puts '9' before '10'.
    const odd = {
      '10': 'ten',
      '9': [undefined, () => 1, Number.POSITIVE_INFINITY, -0, 'a"\\\n\u2028', { '01': true, '2': false, z: null }],
      a: { empty: {}, fn: () => 1, none: [], skipped: undefined },
      b: 1,
    };
    const doc = { ...cleanFailover, routers: [{ ...router, zz: odd }], extra: odd } as unknown as AuditDocument;
    const text = formatAuditJson(doc);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    const oddAt = (indent: string) => JSON.stringify(odd, null, 2).replaceAll('\n', `\n${indent}`);
    expect(text).toContain(`"extra": ${oddAt('  ')}`);
    expect(text).toContain(`"zz": ${oddAt('      ')}`);
  });

  it('gives the same bytes whether an element is already in output order (laid out by JSON.stringify) or not', () => {
    const router = cleanFailover.routers[0];
    if (router === undefined) throw new Error('sample has a router');
    const expected = formatAuditJson(cleanFailover);
    // Each of these objects has its keys out of output order somewhere, so its router is written key by key.
    const keyFirst = <T extends object>(key: keyof T & string, obj: T): T => ({ [key]: obj[key], ...obj });
    const moved = [
      { ...router, speakers: router.speakers.map((s) => keyFirst('mac', s)) },
      keyFirst('vips', router),
      { ...router, transitions: router.transitions.map((t) => keyFirst('frames', t)) },
    ];
    for (const r of moved) expect(formatAuditJson({ ...cleanFailover, routers: [r] })).toBe(expected);
    // Keys of no known kind: alphabetical after the contract's (in order or not), an object of no kind sorted too.
    const withExtras = (extra: Record<string, unknown>) => formatAuditJson({ ...cleanFailover, routers: [{ ...router, ...extra }] });
    expect(withExtras({ b: { y: 1, x: [2] }, a: 1 })).toBe(withExtras({ a: 1, b: { x: [2], y: 1 } }));
    // What JSON.stringify would write differently stays the writer's: toJSON is not called, a bigint is null.
    const odd = withExtras({ a: new Date(0), b: [10n] });
    expect(odd).toContain('"a": {},');
    expect(odd).toContain('"b": [\n        null\n      ]');
  });
});
