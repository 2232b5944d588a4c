/**
 * The fleet setup end to end: real keepalived in the namespace lab, `vrrp-inspect live --metrics` in the observer
 * namespace, and a real Prometheus server (Debian's package) with deploy/prometheus/vrrp-inspect.rules.yml scraping it
 * every second. Partitioning the nodes must make VrrpSplitBrain fire (read through Prometheus' HTTP API), healing them
 * must resolve it, and stopping both nodes must make VrrpNoMaster fire. Every query of the Grafana dashboard runs on
 * that server too. Root only (it skips with the reason elsewhere).
 */
import { randomInt } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lab } from '../../scripts/lab/index.js';
import { metricNamesIn } from '../helpers/exported-metrics.js';
import { dashboardQueries, expandGrafanaVariables } from '../helpers/grafana-dashboard.js';
import { PROJECT_ROOT } from '../helpers/run-cli.js';
import { CLI, interrupt, killLive, liveLabSkipReason, startLive, startTwoNodeLab, type LiveProcess } from './live-lab.js';
import { PrometheusServer, prometheusSkipReason, type ApiAlert } from './prometheus-server.js';

const labSkip = await liveLabSkipReason();
const skip = labSkip || prometheusSkipReason();
if (skip) console.log(`fleet-prometheus: skipped: ${skip}`);
const setprivSkip = labSkip || (spawnSync('setpriv', ['--version']).error ? 'setpriv not found (util-linux)' : '');
if (setprivSkip) console.log(`fleet-prometheus: service privilege check skipped: ${setprivSkip}`);

const RULES = join(PROJECT_ROOT, 'deploy/prometheus/vrrp-inspect.rules.yml');
const SENSOR = 'lab-observer';

function isAlert(a: ApiAlert, name: string, state?: ApiAlert['state']): boolean {
  return a.labels['alertname'] === name && a.labels['vrid'] === '51' && (state === undefined || a.state === state);
}

describe.skipIf(skip !== '')('a real Prometheus with the alerting rules, scraping live on a keepalived lab', () => {
  it('fires VrrpSplitBrain on a partition, resolves it when healed, fires VrrpNoMaster when every node stops', async () => {
    let lab: Lab | undefined;
    let live: LiveProcess | undefined;
    let prometheus: PrometheusServer | undefined;
    try {
      lab = await startTwoNodeLab();
      const obs = lab.member('obs');
      const metricsPort = 20000 + randomInt(20000);
      live = startLive([
        'ip', 'netns', 'exec', obs.ns, process.execPath, CLI, 'live', 'eth0', '--format', 'jsonl',
        '--metrics', `127.0.0.1:${metricsPort}`, '--sensor', SENSOR,
      ]);
      const running = live;
      const router = await running.waitForEvent((e) => e['event'] === 'router' && e['vrid'] === 51, 'the router event');
      expect(router['sensor']).toBe(SENSOR);

      const health = spawnSync('ip', ['netns', 'exec', obs.ns, 'curl', '-s', '-w', ' %{http_code}', `http://127.0.0.1:${metricsPort}/healthz`], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      expect(health.stdout).toMatch(/^ok: capturing on eth0, \d+ frames\n 200$/);

      prometheus = await PrometheusServer.start({
        ns: obs.ns,
        port: 40000 + randomInt(20000),
        ruleFiles: [RULES],
        jobs: { 'vrrp-inspect': [`127.0.0.1:${metricsPort}`] },
        interval: '1s',
      });
      const prom = prometheus;
      await prom.waitFor(() => prom.query('vrrp_inspect_vrrp_active_masters{vrid="51"} == 1').length === 1, 'one master scraped', 30_000);
      expect(prom.query('up{job="vrrp-inspect"}')[0]?.value[1]).toBe('1');
      expect(prom.query(`vrrp_inspect_build_info{sensor="${SENSOR}"}`)).toHaveLength(1);
      const rules = prom.api<{ groups: { name: string; rules: { name: string; health: string }[] }[] }>('/api/v1/rules');
      const loaded = rules.data.groups.flatMap((g) => g.rules);
      expect(loaded.length).toBeGreaterThanOrEqual(8);
      for (const r of loaded) expect(r.health, r.name).not.toBe('err');
      expect(prom.alerts().filter((a) => isAlert(a, 'VrrpSplitBrain'))).toEqual([]);

      // The nodes stop hearing each other: n2 becomes master too; the alert is pending, then firing.
      await lab.partition(['n1', 'n2']);
      const firing = await prom.waitFor(() => prom.alerts().find((a) => isAlert(a, 'VrrpSplitBrain', 'firing')), 'VrrpSplitBrain to fire', 90_000);
      expect(firing.labels).toMatchObject({ alertname: 'VrrpSplitBrain', severity: 'critical', job: 'vrrp-inspect', intf: 'eth0', family: 'ipv4' });
      expect(firing.annotations['summary']).toBe('Split-brain: 2 masters for VRID 51 (ipv4, untagged) on eth0');
      expect(firing.annotations['runbook_url']).toMatch(/\/docs\/rules\/split-brain\.md$/);
      // The tool's own split-brain finding is open too, and alerted as an error finding.
      const finding = await prom.waitFor(
        () => prom.alerts().find((a) => isAlert(a, 'VrrpInspectErrorFinding') && a.labels['rule'] === 'split-brain'),
        'VrrpInspectErrorFinding for split-brain on VRID 51',
        30_000,
      );
      expect(finding.annotations['summary']).toMatch(/^1 open split-brain finding\(s\) at error severity for VRID 51 \(ipv4, untagged\) on eth0, seen by 127\.0\.0\.1:\d+$/);

      // Every dashboard query runs; those on metrics this sensor exports return data.
      const scraped = new Set(prom.api<string[]>('/api/v1/label/__name__/values').data);
      for (const q of dashboardQueries()) {
        const expr = expandGrafanaVariables(q.expr);
        const result = prom.query(expr);
        if (metricNamesIn(q.expr).every((n) => scraped.has(n))) expect(result.length, `${q.where}: ${expr}`).toBeGreaterThan(0);
      }
      expect(prom.query(expandGrafanaVariables(dashboardQueries().find((q) => q.where === 'Split-brain routers')?.expr ?? ''))[0]?.value[1]).toBe('1');

      // Healed: n2 hears n1's higher priority and yields; the alert resolves (leaves the API's list).
      await lab.heal(['n1', 'n2']);
      await prom.waitFor(() => !prom.alerts().some((a) => isAlert(a, 'VrrpSplitBrain')), 'VrrpSplitBrain to resolve', 60_000);
      expect(prom.query('vrrp_inspect_vrrp_active_masters{vrid="51"}')[0]?.value[1]).toBe('1');

      // Every node stops: nobody advertises for longer than any backup waits.
      await lab.stopKeepalived('n1', 'hard');
      await lab.stopKeepalived('n2', 'hard');
      const noMaster = await prom.waitFor(() => prom.alerts().find((a) => isAlert(a, 'VrrpNoMaster', 'firing')), 'VrrpNoMaster to fire', 60_000);
      expect(noMaster.annotations['summary']).toMatch(/^No master for VRID 51 \(ipv4, untagged\) on eth0: silent for \d+/);

      // Ctrl-C: the summary names the sensor too; exit 1 (an error-level finding was seen).
      const code = await interrupt(running);
      expect(code).toBe(1);
      const summary = running.events.find((e) => e['event'] === 'summary');
      expect(summary?.['sensor']).toBe(SENSOR);
      expect(running.events.every((e) => e['sensor'] === SENSOR)).toBe(true);
      expect(running.stderr()).toBe('');
    } finally {
      killLive(live);
      await prometheus?.stop();
      await lab?.destroy();
    }
  }, 300_000);

  it.skipIf(setprivSkip !== '')('captures as the service runs it: an unprivileged user with only the unit\'s ambient capabilities', async () => {
    const unit = readFileSync(join(PROJECT_ROOT, 'deploy/systemd/vrrp-inspect@.service'), 'utf8');
    const ambient = /^AmbientCapabilities=(.+)$/m.exec(unit)?.[1]?.split(/\s+/) ?? [];
    expect(ambient.sort()).toEqual(['CAP_NET_ADMIN', 'CAP_NET_RAW']);
    const caps = ambient.map((c) => `+${c.slice('CAP_'.length).toLowerCase()}`).join(',');
    let lab: Lab | undefined;
    try {
      lab = await startTwoNodeLab();
      const obs = lab.member('obs');
      // What systemd does for DynamicUser + AmbientCapabilities + CapabilityBoundingSet + NoNewPrivileges.
      const asService = (withCaps: boolean) =>
        spawnSync(
          'ip',
          [
            'netns', 'exec', obs.ns, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--no-new-privs',
            `--inh-caps=-all${withCaps ? `,${caps}` : ''}`, `--ambient-caps=-all${withCaps ? `,${caps}` : ''}`,
            `--bounding-set=-all${withCaps ? `,${caps}` : ''}`,
            process.execPath, CLI, 'live', 'eth0', '--format', 'jsonl', '--duration', '3', '--sensor', SENSOR,
          ],
          { encoding: 'utf8', timeout: 60_000 },
        );
      const ok = asService(true);
      expect(ok.stderr).toBe('');
      const events = ok.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(events.find((e) => e['event'] === 'router')).toMatchObject({ sensor: SENSOR, vrid: 51 });
      expect(events.at(-1)?.['event']).toBe('summary');

      const denied = asService(false);
      expect(denied.status).toBe(2);
      expect(denied.stderr).toMatch(/^vrrp-inspect: no permission to capture on eth0 .*\n$/);
    } finally {
      await lab?.destroy();
    }
  }, 120_000);
});
