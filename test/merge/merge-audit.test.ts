/**
 * `audit --merge` on the lab recordings with a capture on every node and on the observer (fixtures/pcaps/merge-*): the
 * one-way loss in the switch, the firewall drop on n2 and a clean failover. One capture of each is also moved by a few
 * seconds (by our writer and, as an independent tool, by Wireshark's editcap): the merge must find the offset and give
 * the same analysis.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditDocument } from '../../src/analysis/audit-document.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { readCapture } from '../../src/capture/open-capture.js';
import { writePcap } from '../../src/capture/capture-writer.js';
import { auditMerged } from '../../src/merge/merge-audit.js';
import { FIXTURE_PCAPS } from '../helpers/analyze-capture.js';
import { collectingSink, suiteTempDir } from '../helpers/capture-files.js';

const tmp = suiteTempDir('merge-');

function dir(scenario: string): string {
  return join(FIXTURE_PCAPS, `merge-${scenario}`);
}

/** obs, then n1 and n2 named after their addresses (their own captures). */
function merge(scenario: string, files: { obs?: string; n1?: string; n2?: string } = {}): Promise<AuditDocument> {
  const d = dir(scenario);
  const source = (name: string, path: string) => ({ name, source: path.split('/').pop() ?? path, input: { kind: 'file' as const, path } });
  return auditMerged(
    [
      source('obs', files.obs ?? join(d, 'obs.pcap')),
      source('192.0.2.11', files.n1 ?? join(d, 'n1.pcap')),
      source('192.0.2.12', files.n2 ?? join(d, 'n2.pcap')),
    ],
    { analysis: DEFAULT_ANALYSIS_OPTIONS, rules: ALL_RULES, guePorts: new Set() },
  );
}

/** A copy of a capture with every timestamp moved by `shiftS` seconds, and running `driftPpm` fast (our reader and writer). */
async function shifted(path: string, shiftS: number, name: string, driftPpm = 0): Promise<string> {
  const { frames, sink } = collectingSink();
  const summary = await readCapture({ kind: 'file', path }, sink);
  const start = frames[0]?.tsMicros ?? 0;
  const bytes = writePcap(
    frames.map((f) => ({
      tsMicros: f.tsMicros + Math.round(shiftS * 1e6 + (f.tsMicros - start) * driftPpm * 1e-6),
      data: f.data,
      wireLen: f.wireLen,
    })),
    { linkType: summary.linkTypes[0] ?? 1 },
  );
  return tmp.write(name, bytes);
}

function toolAvailable(tool: string): boolean {
  try {
    execFileSync(tool, ['-h'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const rules = (doc: AuditDocument) => doc.findings.map((f) => f.rule).sort();
const point = (doc: AuditDocument, name: string) => doc.vantages!.points.find((p) => p.name === name)!;
const cell = (doc: AuditDocument, speaker: string, vantage: string) =>
  doc.vantages!.reception[0]!.speakers.find((s) => s.ip === speaker)!.vantages.find((c) => c.vantage === vantage)!;

/** The analysis without what depends on the clock of the shifted capture itself. */
function comparable(doc: AuditDocument): unknown {
  return {
    ...doc,
    input: { ...doc.input, source: '' },
    vantages: {
      ...doc.vantages,
      points: doc.vantages!.points.map((p) => ({
        ...p,
        source: '',
        offsetS: null,
        driftPpm: null,
        offsetAtTs: null,
        residualMs: null,
        firstTs: null,
        lastTs: null,
        view: null,
      })),
    },
  };
}

/** What the analysis says, without timestamps and frame numbers. */
function substance(doc: AuditDocument): unknown {
  return {
    stats: doc.stats,
    findings: doc.findings.map((f) => [f.rule, f.title, f.message, f.frameCount]),
    routers: doc.routers.map((r) => [r.key, r.failovers, r.master?.ip, r.speakers.map((s) => [s.ip, s.adverts, s.priorities])]),
    reception: doc.vantages!.reception.map((r) => r.speakers.map((s) => s.vantages.map((c) => [c.vantage, c.seen, c.total, c.missed.length]))),
  };
}

describe('audit --merge on the lab recordings', () => {
  it('one-way loss in the switch: advert-loss towards n2, split-brain caused on the path', async () => {
    const doc = await merge('path-loss');
    expect(rules(doc)).toEqual(['advert-loss', 'advert-not-from-vmac', 'split-brain']);
    const loss = doc.findings.find((f) => f.rule === 'advert-loss')!;
    expect(loss.title).toBe('Adverts of 192.0.2.11 lost towards 192.0.2.12');
    expect(loss.message).toContain("192.0.2.12's own capture has none of");
    expect(loss.message).toContain('while obs and 192.0.2.11 captured them');
    expect(loss.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    const splitBrain = doc.findings.find((f) => f.rule === 'split-brain')!;
    expect(splitBrain.message).toMatch(/192\.0\.2\.12's own capture has none of the \d+ adverts of 192\.0\.2\.11 sent during the overlap/);
    expect(splitBrain.message).toContain('lost on the path from 192.0.2.11 to 192.0.2.12');
    expect(splitBrain.message).not.toContain('dropped on the host');
    // n2's capture misses n1's adverts while the rule was loaded, and has all of them afterwards.
    const missed = cell(doc, '192.0.2.11', '192.0.2.12');
    expect(missed.missed).toHaveLength(1);
    expect(missed.seen).toBeGreaterThan(0);
    expect(missed.seen).toBeLessThan(missed.total);
    expect(cell(doc, '192.0.2.11', 'obs').share).toBe(1);
    expect(cell(doc, '192.0.2.12', '192.0.2.11').share).toBe(1);
    // Its own view: n2 advertised as master while it could not hear n1.
    const own = point(doc, '192.0.2.12').view[0]!.speakers.find((s) => s.ip === '192.0.2.12')!;
    expect(own.master).toHaveLength(1);
    expect(own.master[0]!.start).toBeGreaterThanOrEqual(missed.missed[0]!.start);
  });

  it('firewall drop on n2: no advert-loss, split-brain caused on the host', async () => {
    const doc = await merge('host-drop');
    expect(rules(doc)).toEqual(['advert-not-from-vmac', 'split-brain']);
    const splitBrain = doc.findings.find((f) => f.rule === 'split-brain')!;
    expect(splitBrain.message).toMatch(/192\.0\.2\.12's own capture has every one of the \d+ adverts of 192\.0\.2\.11 sent during the overlap/);
    expect(splitBrain.message).toContain('yet 192.0.2.12 stayed master: the adverts reach its NIC and are dropped on the host');
    expect(splitBrain.remediation).toContain('On 192.0.2.12: accept VRRP in the host firewall');
    for (const s of doc.vantages!.reception[0]!.speakers) for (const c of s.vantages) expect(c.share, `${s.ip} at ${c.vantage}`).toBe(1);
  });

  it('clean failover: every frame seen by every vantage point, one master at a time, no advert-loss', async () => {
    const doc = await merge('failover');
    expect(rules(doc)).toEqual(['advert-not-from-vmac']);
    expect(doc.routers[0]!.failovers).toBe(1);
    for (const p of doc.vantages!.points) {
      expect(p.onlyHere).toBe(0);
      expect(p.relevant).toBe(doc.input.frames);
    }
  });

  it('reads a stream (stdin) as it reads a file, from a private copy that no folder lists', async () => {
    const d = dir('path-loss');
    const privateTmp = mkdtempSync(join(tmpdir(), 'vi-merge-spool-'));
    const before = process.env['TMPDIR'];
    process.env['TMPDIR'] = privateTmp;
    try {
      const fromStream = await auditMerged(
        [
          { name: 'obs', source: 'obs.pcap', input: { kind: 'file', path: join(d, 'obs.pcap') } },
          { name: '192.0.2.11', source: 'n1.pcap', input: { kind: 'file', path: join(d, 'n1.pcap') } },
          { name: '192.0.2.12', source: 'n2.pcap', input: { kind: 'stream', stream: createReadStream(join(d, 'n2.pcap')), name: 'stdin' } },
        ],
        { analysis: DEFAULT_ANALYSIS_OPTIONS, rules: ALL_RULES, guePorts: new Set() },
      );
      expect(fromStream).toEqual(await merge('path-loss'));
      expect(readdirSync(privateTmp)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = before;
      rmSync(privateTmp, { recursive: true, force: true });
    }
  });

  it('counts each frame once: the merge has as many frames as the observer when it saw everything', async () => {
    const doc = await merge('host-drop');
    expect(doc.input.frames).toBe(point(doc, 'obs').relevant);
    expect(doc.stats.vrrp).toBe(doc.routers[0]!.speakers.reduce((n, s) => n + s.adverts, 0));
  });

  for (const [scenario, node, shift] of [['path-loss', 'n2', 3.25], ['host-drop', 'n1', -4.8], ['failover', 'n2', 2.125]] as const) {
    it(`${scenario}: undoes a clock ${shift > 0 ? 'ahead' : 'behind'} by ${Math.abs(shift)} s on ${node}`, async () => {
      const plain = await merge(scenario);
      const moved = await shifted(join(dir(scenario), `${node}.pcap`), shift, `${scenario}-${node}.pcap`);
      const doc = await merge(scenario, { [node]: moved });
      const name = node === 'n1' ? '192.0.2.11' : '192.0.2.12';
      expect(point(doc, name).offsetS).toBeCloseTo(shift + (point(plain, name).offsetS ?? 0), 5);
      expect(comparable(doc)).toEqual(comparable(plain));
    });
  }

  it('undoes a clock that also drifts: 1.5 s ahead, gaining 10 ms per second on n2', async () => {
    // Over the 20 s capture n2's clock gains 0.2 s more: beyond the match window with a constant offset.
    const plain = await merge('path-loss');
    const moved = await shifted(join(dir('path-loss'), 'n2.pcap'), 1.5, 'path-loss-n2-drift.pcap', 10_000);
    const doc = await merge('path-loss', { n2: moved });
    // Within 0.1 %: the captures' own timestamps differ by some microseconds (sender vs receiver side).
    expect(Math.abs(point(doc, '192.0.2.12').driftPpm! - 10_000)).toBeLessThan(10);
    expect(point(doc, '192.0.2.12').matched).toBe(point(plain, '192.0.2.12').matched);
    // The drift is known to some ppm, so frames a few microseconds apart may swap places: the same analysis, not the same bytes.
    expect(substance(doc)).toEqual(substance(plain));
  });

  it('finds a shift of exactly one advert interval, where IPv6 adverts repeat byte for byte', async () => {
    // VRRPv3 over IPv6 has no IP identification: a periodic advert matches itself one interval later, so only the rare
    // frames (first adverts, the priority-0 advert, unsolicited NAs) tell 1 s from 0 s.
    const original = join(FIXTURE_PCAPS, 'v3-ipv6.pcap');
    const moved = await shifted(original, 1, 'v3-ipv6-plus-1s.pcap');
    const doc = await auditMerged(
      [
        { name: 'a', source: 'v3-ipv6.pcap', input: { kind: 'file', path: original } },
        { name: 'b', source: 'moved.pcap', input: { kind: 'file', path: moved } },
      ],
      { analysis: DEFAULT_ANALYSIS_OPTIONS, rules: ALL_RULES, guePorts: new Set() },
    );
    expect(point(doc, 'b').offsetS).toBeCloseTo(1, 6);
    expect(point(doc, 'b').onlyHere).toBe(0);
    expect(doc.input.frames).toBe(point(doc, 'a').relevant);
  });

  it('merges a capture that shares no frame with the others unaligned, and says so', async () => {
    const doc = await auditMerged(
      [
        { name: 'v4', source: 'obs.pcap', input: { kind: 'file', path: join(dir('failover'), 'obs.pcap') } },
        { name: 'v6', source: 'v3-ipv6.pcap', input: { kind: 'file', path: join(FIXTURE_PCAPS, 'v3-ipv6.pcap') } },
      ],
      { analysis: DEFAULT_ANALYSIS_OPTIONS, rules: ALL_RULES, guePorts: new Set() },
    );
    expect(point(doc, 'v6').offsetS).toBeNull();
    expect(point(doc, 'v6').matched).toBe(0);
    expect(point(doc, 'v6').onlyHere).toBe(point(doc, 'v6').relevant);
    expect(doc.routers.map((r) => r.family).sort()).toEqual(['ipv4', 'ipv6']);
    expect(doc.findings.filter((f) => f.rule === 'advert-loss')).toEqual([]);
    // Left out of the reception matrix: lacking what it never could have seen says nothing about loss.
    for (const r of doc.vantages!.reception) for (const s of r.speakers) expect(s.vantages.find((c) => c.vantage === 'v6')!.total, s.ip).toBe(0);
  });

  it.skipIf(!toolAvailable('tshark'))('agrees with tshark: the finding filters select, and the matrix counts what each capture has', async () => {
    const doc = await merge('path-loss');
    const count = (file: string, filter: string): number =>
      execFileSync('tshark', ['-n', '-r', join(dir('path-loss'), file), '-Y', filter], { encoding: 'utf8' }).split('\n').filter((l) => l.trim() !== '').length;
    const loss = doc.findings.find((f) => f.rule === 'advert-loss')!;
    // The filter selects by content (merged frame numbers name no frame of one file): n1's adverts, in every capture.
    expect(loss.wiresharkFilter).not.toContain('frame.number');
    const n1AtN2 = cell(doc, '192.0.2.11', '192.0.2.12');
    expect(count('obs.pcap', loss.wiresharkFilter)).toBe(n1AtN2.total);
    expect(count('n2.pcap', loss.wiresharkFilter)).toBe(n1AtN2.seen);
    for (const f of doc.findings) expect(count('obs.pcap', f.wiresharkFilter), f.rule).toBeGreaterThan(0);
  });

  it.skipIf(!toolAvailable('editcap'))('undoes a shift applied by editcap (Wireshark), on the reference capture too', async () => {
    const plain = await merge('path-loss');
    const out = join(tmp.dir, 'obs-editcap.pcap');
    execFileSync('editcap', ['-t', '-6.5', join(dir('path-loss'), 'obs.pcap'), out]);
    expect(readFileSync(out).length).toBeGreaterThan(24);
    const doc = await merge('path-loss', { obs: out });
    // The observer is the reference: the nodes' captures are now 6.5 s ahead of it.
    expect(point(doc, '192.0.2.11').offsetS).toBeCloseTo(6.5, 4);
    expect(point(doc, '192.0.2.12').offsetS).toBeCloseTo(6.5, 4);
    expect(rules(doc)).toEqual(rules(plain));
    expect(doc.findings.map((f) => f.message)).toEqual(plain.findings.map((f) => f.message));
  });
});
