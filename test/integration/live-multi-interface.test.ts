/**
 * `vrrp-inspect live IF1 IF2` with every engine installed: in the lab's switch namespace, the bridge ports of n1 and n2
 * both carry the adverts, so each interface must show its own virtual router (keyed by interface), the master change
 * must be reported on both, and the report must name both interfaces.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { AuditDocument } from '../../src/analysis/audit-document.js';
import type { Lab } from '../../scripts/lab/index.js';
import { CLI, interrupt, killLive, liveLabSkipReason, startLive, startTwoNodeLab } from './live-lab.js';

const skip = await liveLabSkipReason();
if (skip) console.log(`live-multi-interface: skipped: ${skip}`);
const has = (p: string): boolean => spawnSync('sh', ['-c', `command -v ${p}`]).status === 0;
const CAP_BUILT = spawnSync(process.execPath, ['-e', "require('cap')"]).status === 0;
const engines = (['tcpdump', 'dumpcap', 'cap'] as const).filter((e) => (e === 'cap' ? CAP_BUILT : has(e)));

describe.skipIf(skip !== '')('live on two interfaces at once', () => {
  for (const engine of engines) {
    it(`${engine}: one router per interface, the takeover seen on both`, { timeout: 120_000 }, async () => {
      let lab: Lab | undefined;
      let live: ReturnType<typeof startLive> | undefined;
      try {
        lab = await startTwoNodeLab();
        live = startLive([
          'ip', 'netns', 'exec', lab.switchNs, process.execPath, CLI, 'live', 'p-n1', 'p-n2', '--engine', engine,
          '--format', 'jsonl', '--fail-on', 'never',
        ]);
        const running = live;
        const routerOn = (iface: number) => (e: Record<string, unknown>) => e['event'] === 'router' && e['iface'] === iface;
        await running.waitForEvent(routerOn(0), 'the router on p-n1');
        await running.waitForEvent(routerOn(1), 'the router on p-n2');
        await lab.stopKeepalived('n1', 'graceful');
        const changeOn = (key: string) => (e: Record<string, unknown>) =>
          e['event'] === 'master-change' && e['router'] === key && (e['to'] as { ip: string }).ip === '192.0.2.12';
        await running.waitForEvent(changeOn('0|untagged|ipv4|51'), 'the takeover on p-n1');
        await running.waitForEvent(changeOn('1|untagged|ipv4|51'), 'the takeover on p-n2');
        expect(await interrupt(running)).toBe(0);
        const summary = running.events.find((e) => e['event'] === 'summary') as unknown as AuditDocument;
        expect(summary.input.source).toBe('p-n1+p-n2');
        expect(summary.input.capture).toMatchObject({ engine, interfaces: ['p-n1', 'p-n2'] });
        expect(summary.routers.map((r) => [r.key, r.failovers])).toEqual([
          ['0|untagged|ipv4|51', 1],
          ['1|untagged|ipv4|51', 1],
        ]);
        // Frames of both interfaces are numbered in one sequence: no number twice.
        const frames = summary.routers.flatMap((r) => r.transitions.flatMap((t) => t.frames));
        expect(new Set(frames).size).toBe(frames.length);
      } finally {
        killLive(live);
        await lab?.destroy();
      }
    });
  }
});
