/**
 * deploy/grafana/vrrp-inspect.json: every query selects only metrics the code exports, with labels those metrics have,
 * and parses as PromQL (promtool, on a throw-away recording-rule file). The integration test runs the same queries on a
 * real Prometheus scraping a live sensor (test/integration/fleet-prometheus.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportedMetricNames, metricNamesIn } from '../helpers/exported-metrics.js';
import { allPanels, dashboardQueries, expandGrafanaVariables, readDashboard } from '../helpers/grafana-dashboard.js';
import { createLiveMetrics } from '../../src/live/live-metrics.js';
import type { LiveView } from '../../src/live/live-session.js';

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const skip = promtool.error ? 'promtool not found (apt-get install prometheus)' : '';
if (skip) console.log(`grafana-dashboard: PromQL syntax check skipped: ${skip}`);

/** Labels every scraped series gets from Prometheus (job, instance) or from --metrics-sensor-label (sensor). */
const TARGET_LABELS = ['job', 'instance', 'sensor'];

function labelNamesByMetric(): Map<string, string[]> {
  const view = { source: 'eth0', now: null, frames: 0, drops: 0, routers: [], openFindings: [],
    capture: { engine: 'tcpdump', interfaces: ['eth0'], drops: 0, kernelDrops: 0, toolDrops: 0 },
    stats: { frames: 0, vrrp: 0, arp: 0, nd: 0, ipvs: 0, undecodable: 0 } } satisfies LiveView;
  const { registry } = createLiveMetrics(() => view, { sensor: 'test' });
  const byName = new Map<string, string[]>();
  for (const m of registry.getMetricsAsArray()) {
    byName.set(m.name, [...((m as unknown as { labelNames: string[] }).labelNames ?? []), ...TARGET_LABELS]);
  }
  byName.set('up', TARGET_LABELS);
  return byName;
}

describe('Grafana dashboard', () => {
  const dashboard = readDashboard();
  const queries = dashboardQueries(dashboard);

  it('shows masters per router, failovers, priorities, findings, drops and frames per second', () => {
    const used = new Set(queries.flatMap((q) => metricNamesIn(q.expr)));
    for (const name of [
      'vrrp_inspect_vrrp_active_masters',
      'vrrp_inspect_vrrp_state',
      'vrrp_inspect_vrrp_failovers_total',
      'vrrp_inspect_vrrp_priority',
      'vrrp_inspect_findings_open',
      'vrrp_inspect_findings_total',
      'vrrp_inspect_capture_drops_total',
      'vrrp_inspect_frames_total',
      'vrrp_inspect_build_info',
    ]) {
      expect(used, name).toContain(name);
    }
  });

  it('queries only metrics the code exports, with labels those metrics carry', () => {
    const exported = exportedMetricNames();
    const labels = labelNamesByMetric();
    expect(queries.length).toBeGreaterThan(15);
    for (const q of queries) {
      const names = metricNamesIn(q.expr);
      expect(names, `${q.where}: ${q.expr}`).not.toEqual([]);
      const allowed = new Set(names.flatMap((n) => labels.get(n) ?? []));
      for (const n of names) expect(n === 'up' || exported.has(n), `${q.where}: ${n}`).toBe(true);
      // Label matchers, by/without clauses and legend placeholders.
      const used = [
        ...[...q.expr.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)\s*"/g)].map((m) => m[1]),
        ...[...q.expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((m) => (m[1] ?? '').split(',').map((s) => s.trim())),
        ...[...q.legendFormat.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]),
      ];
      for (const l of used) expect(allowed.has(l ?? ''), `${q.where}: label ${l} in ${q.expr}`).toBe(true);
    }
  });

  it('is a valid dashboard model: unique panel ids, every panel placed and bound to the datasource variable', () => {
    const panels = allPanels(dashboard.panels) as { id: number; type: string; gridPos?: object; datasource?: { uid: string } }[];
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      expect(p.gridPos, String(p.id)).toBeDefined();
      if (p.type !== 'row') expect(p.datasource?.uid, String(p.id)).toBe('${datasource}');
    }
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'job', 'instance', 'intf', 'vrid']);
    expect(dashboard['uid']).toBe('vrrp-inspect-fleet');
  });

  it.skipIf(skip !== '')('parses as PromQL with every variable expanded (promtool)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrp-inspect-dashboard-'));
    try {
      const rules = queries.map((q, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(expandGrafanaVariables(q.expr))}\n`);
      const file = join(dir, 'dashboard.rules.yml');
      writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join('')}`);
      const r = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8', timeout: 30_000 });
      expect(r.stdout + r.stderr).toContain(`SUCCESS: ${queries.length} rules found`);
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
