import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, resolveAnalysisOptions } from '../../src/cli/shared-options.js';
import { UsageError } from '../../src/errors.js';

const ids = new Set(['split-brain', 'equal-priority', 'advert-not-from-vmac']);

describe('resolveAnalysisOptions', () => {
  it('defaults to the keepalived profile and fail-on error', () => {
    const r = resolveAnalysisOptions({}, ids);
    expect(r.analysis.profile).toBe('keepalived');
    expect(r.failOn).toBe('error');
    expect(r.analysis.disabled.size).toBe(0);
  });

  it('takes rule selection and severities from the command line over the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-opts-'));
    const cfg = join(dir, 'c.json');
    writeFileSync(
      cfg,
      JSON.stringify({ profile: 'rfc', disable: ['equal-priority'], severity: { 'split-brain': 'warning' }, failOn: 'warning', guePorts: [6080], options: { masterFlapping: { changes: 5 } } }),
    );
    const r = resolveAnalysisOptions({ config: cfg, severity: ['split-brain=info'], guePort: ['7000'] }, ids);
    expect(r.analysis.profile).toBe('rfc');
    expect([...r.analysis.disabled]).toEqual(['equal-priority']);
    expect(r.analysis.severity.get('split-brain')).toBe('info');
    expect(r.failOn).toBe('warning');
    expect([...r.guePorts]).toEqual([6080, 7000]);
    expect(r.analysis.masterFlapping).toEqual({ changes: 5, windowS: 60 });
  });

  it('rejects unknown rules, levels, profiles and ports with a usage error', () => {
    expect(() => resolveAnalysisOptions({ disable: ['nope'] }, ids)).toThrow(UsageError);
    expect(() => resolveAnalysisOptions({ severity: ['split-brain=fatal'] }, ids)).toThrow(/error, warning or info/);
    expect(() => resolveAnalysisOptions({ severity: ['split-brain'] }, ids)).toThrow(/<rule-id>=/);
    expect(() => resolveAnalysisOptions({ profile: 'cisco' }, ids)).toThrow(/keepalived or rfc/);
    expect(() => resolveAnalysisOptions({ failOn: 'sometimes' }, ids)).toThrow(/never/);
    expect(() => resolveAnalysisOptions({ guePort: ['70000'] }, ids)).toThrow(/UDP port/);
  });

  it('rejects config files with unknown keys or bad JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-opts-'));
    writeFileSync(join(dir, 'a.json'), '{"profil": "rfc"}');
    writeFileSync(join(dir, 'b.json'), '{not json');
    expect(() => resolveAnalysisOptions({ config: join(dir, 'a.json') }, ids)).toThrow(/profil: unknown key/);
    expect(() => resolveAnalysisOptions({ config: join(dir, 'b.json') }, ids)).toThrow(/not valid JSON/);
    expect(() => resolveAnalysisOptions({ config: join(dir, 'missing.json') }, ids)).toThrow(/cannot read config file/);
  });
});

describe('exitCodeFor', () => {
  const findings = [{ severity: 'warning' as const }, { severity: 'info' as const }];
  it('follows --fail-on', () => {
    expect(exitCodeFor(findings, 'error')).toBe(0);
    expect(exitCodeFor(findings, 'warning')).toBe(1);
    expect(exitCodeFor(findings, 'info')).toBe(1);
    expect(exitCodeFor([{ severity: 'error' }], 'never')).toBe(0);
    expect(exitCodeFor([], 'info')).toBe(0);
  });
});
