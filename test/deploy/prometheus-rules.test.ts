/**
 * deploy/prometheus/vrrp-inspect.rules.yml: valid for Prometheus (promtool check rules), behaving as its unit tests say
 * (promtool test rules), built only on metric names the code exports, and every alert documented with a runbook page
 * that exists. Skips the promtool part with the reason when promtool (Debian package `prometheus`) is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { exportedMetricNames, metricNamesIn } from '../helpers/exported-metrics.js';
import { PROJECT_ROOT } from '../helpers/run-cli.js';

const DIR = join(PROJECT_ROOT, 'deploy/prometheus');
const RULES = join(DIR, 'vrrp-inspect.rules.yml');
const RULE_TESTS = join(DIR, 'vrrp-inspect.rules.test.yml');
const DOCS_BASE = 'https://github.com/vrrp-inspect/vrrp-inspect/blob/main/';

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const skip = promtool.error ? 'promtool not found (apt-get install prometheus)' : '';
if (skip) console.log(`prometheus-rules: promtool checks skipped: ${skip}`);

interface AlertRule {
  alert: string;
  expr: string;
  annotations: Record<string, string>;
}

/** The alerting rules, read line by line: every rule in this file keeps `expr` and each annotation on one line or a `>-` block. */
function alertRules(text: string): AlertRule[] {
  const rules: AlertRule[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = /^\s*- alert: (\S+)$/.exec(lines[i] ?? '');
    if (!start?.[1]) continue;
    const rule: AlertRule = { alert: start[1], expr: '', annotations: {} };
    for (let j = i + 1; j < lines.length && !/^\s*- alert:/.test(lines[j] ?? ''); j++) {
      const line = lines[j] ?? '';
      const expr = /^\s*expr: (.+)$/.exec(line);
      if (expr?.[1]) rule.expr = expr[1];
      const annotation = /^ {10}(summary|description|runbook_url): ?(.*)$/.exec(line);
      if (annotation?.[1]) rule.annotations[annotation[1]] = annotation[2] ?? '';
    }
    rules.push(rule);
  }
  return rules;
}

describe('Prometheus alerting rules', () => {
  const text = readFileSync(RULES, 'utf8');
  const rules = alertRules(text);

  it('cover split-brain, no master, flapping, error findings, drops and sensors that stopped reporting', () => {
    expect(rules.map((r) => r.alert)).toEqual([
      'VrrpSplitBrain',
      'VrrpNoMaster',
      'VrrpMasterFlapping',
      'VrrpInspectErrorFinding',
      'VrrpInspectCaptureDrops',
      'VrrpInspectSensorDown',
      'VrrpInspectSensorsAbsent',
      'VrrpInspectSensorBlind',
    ]);
    expect(text.match(/^\s*expr:/gm)).toHaveLength(rules.length);
  });

  it('select only metrics the code exports (and Prometheus\' up)', () => {
    const exported = exportedMetricNames();
    expect(exported.size).toBeGreaterThan(10);
    for (const r of rules) {
      const names = metricNamesIn(r.expr);
      expect(names, r.alert).not.toEqual([]);
      for (const n of names) expect(n === 'up' || exported.has(n), `${r.alert}: ${n}`).toBe(true);
    }
    // Metric names quoted in annotations too.
    for (const m of text.matchAll(/\bvrrp_inspect_[a-z0-9_]+/g)) expect(exported.has(m[0]), m[0]).toBe(true);
  });

  it('give every alert a summary, a description and a runbook page that exists', () => {
    const alertsDoc = readFileSync(join(PROJECT_ROOT, 'docs/alerts.md'), 'utf8');
    for (const r of rules) {
      expect(Object.keys(r.annotations).sort(), r.alert).toEqual(['description', 'runbook_url', 'summary']);
      const url = r.annotations['runbook_url'] ?? '';
      expect(url.startsWith(DOCS_BASE), r.alert).toBe(true);
      const [path = '', anchor] = url.slice(DOCS_BASE.length).split('#');
      // The error-finding alert names the page of the finding's rule: every rule must have one.
      const paths = path.includes('{{ $labels.rule }}') ? ALL_RULES.map((rule) => path.replace('{{ $labels.rule }}', rule.meta.id)) : [path];
      for (const p of paths) expect(existsSync(join(PROJECT_ROOT, p)), `${r.alert}: ${p}`).toBe(true);
      if (anchor !== undefined) {
        expect(path).toBe('docs/alerts.md');
        expect(alertsDoc).toContain(`\n## ${r.alert}\n`);
        expect(anchor).toBe(r.alert.toLowerCase());
      }
      expect(alertsDoc, r.alert).toContain(`| \`${r.alert}\` |`);
    }
  });

  it('have a unit test each', () => {
    const tests = readFileSync(RULE_TESTS, 'utf8');
    for (const r of rules) expect(tests, r.alert).toMatch(new RegExp(`alertname: ${r.alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels`));
  });

  it.skipIf(skip !== '')('pass promtool check rules', () => {
    const r = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout + r.stderr).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(r.status).toBe(0);
  });

  it.skipIf(skip !== '')('pass their promtool unit tests', () => {
    const r = spawnSync('promtool', ['test', 'rules', RULE_TESTS], { cwd: DIR, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
