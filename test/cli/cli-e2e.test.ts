/**
 * The built CLI as a user meets it: exit codes and one-line errors of the output contract, stdin, gzip, a capture
 * cut mid-record, and the `rules` catalogue.
 */
import { mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../../src/version.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { isOneCleanLine, runCli, PROJECT_ROOT } from '../helpers/run-cli.js';
import { HAVE_SHARED_PCAPS, sharedPcap, skipReasonShared } from '../helpers/shared-pcaps.js';

const tmp = mkdtempSync(join(tmpdir(), 'vi-cli-'));

describe('vrrp-inspect (built CLI)', () => {
  it('prints its version, the same as package.json', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
    const r = runCli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it.each([
    ['a missing file', ['audit', join(tmp, 'nope.pcap')], /no such file/],
    ['an unknown option', ['audit', '--frobnicate', 'x.pcap'], /unknown option/],
    ['a bad --fail-on', ['audit', '--fail-on', 'sometimes', 'x.pcap'], /--fail-on/],
    ['an unknown command', ['frobnicate'], /unknown command/],
  ])('exits 2 with one clean line for %s', (_what, args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(isOneCleanLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 with one clean line for a file that is not a capture, and for an empty file', () => {
    const garbage = join(tmp, 'garbage.pcap');
    writeFileSync(garbage, 'PK\u0003\u0004 this is a zip, not a capture');
    const empty = join(tmp, 'empty.pcap');
    writeFileSync(empty, '');
    for (const f of [garbage, empty]) {
      for (const cmd of ['decode', 'audit']) {
        const r = runCli([cmd, f]);
        expect(r.status, `${cmd} ${f}`).toBe(2);
        expect(isOneCleanLine(r.stderr), r.stderr).toBe(true);
        expect(r.stdout).toBe('');
      }
    }
  });

  it('exits 2 with one clean line when the file cannot be read', () => {
    if (process.getuid?.() === 0) {
      console.log('skipped permission check: running as root, which can read any file');
      return;
    }
    const f = join(tmp, 'secret.pcap');
    writeFileSync(f, 'x');
    chmodSync(f, 0);
    const r = runCli(['audit', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/permission denied/);
  });

  it('explains a rule and lists the catalogue', () => {
    const list = runCli(['rules']);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^split-brain\s+error\s+/m);
    expect(list.stdout.trim().split('\n').filter((l) => /^[a-z0-9-]+\s+(error|warning|info)\s/.test(l))).toHaveLength(ALL_RULES.length);
    const one = runCli(['rules', 'split-brain']);
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^# split-brain/);
    expect(one.stdout).toMatch(/## How to fix/);
    const bad = runCli(['rules', 'nope']);
    expect(bad.status).toBe(2);
    expect(isOneCleanLine(bad.stderr)).toBe(true);
  });

  describe.skipIf(!HAVE_SHARED_PCAPS)('on reference captures', () => {
    if (!HAVE_SHARED_PCAPS) console.log(skipReasonShared());
    const vrrpPcap = sharedPcap('tcpdump_vrrp.pcap');

    it('decodes from a file, from stdin and from gzip identically', () => {
      const bytes = readFileSync(vrrpPcap);
      const gz = join(tmp, 'vrrp.pcap.gz');
      writeFileSync(gz, gzipSync(bytes));
      const fromFile = runCli(['decode', vrrpPcap, '--format', 'jsonl']);
      const fromStdin = runCli(['decode', '-', '--format', 'jsonl'], { input: bytes });
      const fromGzip = runCli(['decode', gz, '--format', 'jsonl']);
      expect(fromFile.status).toBe(0);
      expect(fromFile.stdout.split('\n').length).toBeGreaterThan(50);
      expect(fromStdin.stdout).toBe(fromFile.stdout);
      expect(fromGzip.stdout).toBe(fromFile.stdout);
      const first = JSON.parse(fromFile.stdout.split('\n')[0] ?? '{}') as Record<string, unknown>;
      expect(Object.keys(first).slice(0, 8)).toEqual(['frame', 'ts', 'time', 'iface', 'linkType', 'capLen', 'wireLen', 'vlan']);
    });

    it('analyses a capture cut mid-record up to the cut and says where', () => {
      const bytes = readFileSync(vrrpPcap);
      const cut = join(tmp, 'cut.pcap');
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const full = runCli(['decode', vrrpPcap, '--format', 'jsonl']);
      const r = runCli(['decode', cut, '--format', 'jsonl']);
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines.length).toBeGreaterThan(10);
      expect(full.stdout.startsWith(r.stdout)).toBe(true);
      expect(r.stderr).toMatch(/warning: cut\.pcap: .*frame \d+.*offset \d+/);
      const audit = runCli(['audit', cut, '--format', 'json']);
      const doc = JSON.parse(audit.stdout) as { input: { warnings: { frame?: number }[]; frames: number } };
      expect(doc.input.warnings.length).toBe(1);
      expect(doc.input.warnings[0]?.frame).toBe(doc.input.frames + 1);
    });

    it('filters decode output by VRID and frame', () => {
      const r = runCli(['decode', vrrpPcap, '--format', 'jsonl', '--frame', '1-20']);
      const frames = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { frame: number }).frame);
      expect(frames.every((n) => n >= 1 && n <= 20)).toBe(true);
      const byVrid = runCli(['decode', vrrpPcap, '--format', 'jsonl', '--vrid', '43']);
      const vrids = byVrid.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { vrrp: { vrid: number } }).vrrp.vrid);
      expect(vrids.length).toBeGreaterThan(0);
      expect(new Set(vrids)).toEqual(new Set([43]));
    });

    it('writes the audit document as JSON, the same bytes on every run', () => {
      const a = runCli(['audit', vrrpPcap, '--format', 'json', '--fail-on', 'never']);
      const b = runCli(['audit', vrrpPcap, '--format', 'json', '--fail-on', 'never']);
      expect(a.status).toBe(0);
      expect(a.stdout).toBe(b.stdout);
      const doc = JSON.parse(a.stdout) as { schemaVersion: number; input: { source: string }; routers: unknown[] };
      expect(doc.schemaVersion).toBe(1);
      expect(doc.input.source).toBe('tcpdump_vrrp.pcap');
      expect(doc.routers.length).toBeGreaterThan(0);
      expect(a.stdout).not.toContain(PROJECT_ROOT);
    });
  });
});
