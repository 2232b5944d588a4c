/**
 * `vrrp-inspect live eth0` (cap) on an observer in a namespace lab with two real keepalived nodes: the master stops,
 * the nodes are partitioned, and the event stream, the metrics, the final report, the exit code and the --write file
 * must all tell the story. Runs as root with keepalived installed (CI); skips with the reason elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capSkipReason } from '../helpers/cap-available.js';
import type { Lab } from '../../scripts/lab/index.js';
import { nodeConfig } from '../../scripts/lab/scenarios/common.js';
import { CLI, interrupt, killLive, liveLabSkipReason, startLive, startTwoNodeLab, type LiveProcess } from './live-lab.js';

const skip = (await liveLabSkipReason()) || (await capSkipReason());
if (skip) console.log(`live-keepalived: skipped: ${skip}`);

const N1 = '192.0.2.11';
const N2 = '192.0.2.12';

function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return undefined;
}

describe.skipIf(skip !== '')('live on a keepalived lab (default engine)', () => {
  it('reports the master change and the split-brain as they happen, in the metrics and in the final report', async () => {
    let lab: Lab | undefined;
    let live: LiveProcess | undefined;
    try {
      lab = await startTwoNodeLab();
      const obs = lab.member('obs');
      const port = 20000 + randomInt(20000);
      const written = join(lab.workDir, 'live.pcapng');
      live = startLive([
        'ip', 'netns', 'exec', obs.ns, process.execPath, CLI, 'live', 'eth0', '--format', 'jsonl',
        '--metrics', `127.0.0.1:${port}`, '--write', written,
      ]);
      const running = live;
      await running.waitForEvent((e) => e['event'] === 'router' && e['vrid'] === 51, 'the router event');

      // The master stops (keepalived sends priority 0): n2 takes over.
      await lab.stopKeepalived('n1', 'graceful');
      const change = await running.waitForEvent(
        (e) => e['event'] === 'master-change' && (e['to'] as { ip: string }).ip === N2,
        'the master change to n2',
      );
      expect(change).toMatchObject({ vrid: 51, from: { ip: N1 }, reason: 'priority-zero' });
      expect(typeof change['gapMs']).toBe('number');

      // n1 comes back and preempts; then the nodes cannot hear each other and both become master.
      await lab.startKeepalived('n1', nodeConfig('n1', { priority: 150, state: 'MASTER' }));
      await running.waitForEvent((e) => e['event'] === 'master-change' && (e['to'] as { ip: string }).ip === N1, 'n1 taking back over');
      await lab.partition(['n1', 'n2']);
      const split = await running.waitForEvent((e) => e['event'] === 'finding' && e['rule'] === 'split-brain', 'the split-brain finding');
      expect(split).toMatchObject({ severity: 'error', vrid: 51 });

      const metrics = spawnSync('ip', ['netns', 'exec', obs.ns, 'curl', '-sf', `http://127.0.0.1:${port}/metrics`], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      expect(metrics.status).toBe(0);
      const router = { intf: 'eth0', vrid: '51', family: 'ipv4' };
      expect(metricValue(metrics.stdout, 'vrrp_inspect_vrrp_active_masters', router)).toBe(2);
      expect(metricValue(metrics.stdout, 'vrrp_inspect_vrrp_failovers_total', router)).toBeGreaterThanOrEqual(2);
      expect(metricValue(metrics.stdout, 'vrrp_inspect_vrrp_priority', { ...router, speaker: N2 })).toBe(100);
      expect(metricValue(metrics.stdout, 'vrrp_inspect_findings_total', { rule: 'split-brain', severity: 'error' })).toBeGreaterThanOrEqual(1);
      expect(metrics.stdout).toMatch(/^vrrp_inspect_frames_total \d+$/m);

      // Ctrl-C: the summary event, the audit's exit status (1: an error-level finding).
      const code = await interrupt(running);
      expect(code).toBe(1);
      const summary = running.events.find((e) => e['event'] === 'summary') as {
        input: { format: string; frames: number; source: string };
        routers: { vrid: number; failovers: number }[];
        findings: { rule: string }[];
      };
      expect(summary).toBeDefined();
      expect(summary.input).toMatchObject({ format: 'live', source: 'eth0' });
      expect(summary.routers.find((r) => r.vrid === 51)?.failovers).toBeGreaterThanOrEqual(2);
      expect(summary.findings.map((f) => f.rule)).toContain('split-brain');
      expect(running.stderr()).toBe('');

      // Everything captured was written, and audit reads it back to the same conclusion.
      const audit = spawnSync(process.execPath, [CLI, 'audit', written, '--format', 'json'], { encoding: 'utf8', timeout: 30_000 });
      expect(audit.status).toBe(1);
      const doc = JSON.parse(audit.stdout) as typeof summary;
      expect(doc.input.frames).toBe(summary.input.frames);
      expect(doc.findings.map((f) => f.rule)).toContain('split-brain');
    } finally {
      killLive(live);
      await lab?.destroy();
    }
  }, 120_000);

  it('says in one line, exit 2, that an interface does not exist', async () => {
    const r = spawnSync(process.execPath, [CLI, 'live', 'vi-no-such-if0', '--duration', '1'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('vrrp-inspect: no such interface: vi-no-such-if0 (list capture devices with: vrrp-inspect live --interfaces)\n');
    expect(r.stdout).toBe('');
  });
});
