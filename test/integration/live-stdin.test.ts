/**
 * `tcpdump -U -w - | vrrp-inspect live -` on the observer of a two-node keepalived lab: the same analysis from a pcap
 * stream with the capture's own timestamps, stopped with Ctrl-C (SIGINT to the whole pipeline's process group).
 */
import { describe, expect, it } from 'vitest';
import type { Lab } from '../../scripts/lab/index.js';
import { CLI, interrupt, killLive, liveLabSkipReason, startLive, startTwoNodeLab, type LiveProcess } from './live-lab.js';

const skip = await liveLabSkipReason();
if (skip) console.log(`live-stdin: skipped: ${skip}`);

const N1 = '192.0.2.11';
const N2 = '192.0.2.12';

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

describe.skipIf(skip !== '')('live - reading tcpdump -U -w - on a keepalived lab', () => {
  it('streams the router and the master change, and ends with the report when interrupted', async () => {
    let lab: Lab | undefined;
    let live: LiveProcess | undefined;
    try {
      lab = await startTwoNodeLab();
      const obs = lab.member('obs');
      // The shell outlives Ctrl-C (a trap, not an ignore: its children still get SIGINT) and exits with live's status.
      const pipeline =
        `trap true INT; tcpdump -i eth0 -U -w - 'vrrp or arp or (vlan and (vrrp or arp))' 2>/dev/null | ` +
        `${shellQuote(process.execPath)} ${shellQuote(CLI)} live - --format jsonl; exit $?`;
      live = startLive(['ip', 'netns', 'exec', obs.ns, 'sh', '-c', pipeline]);
      const running = live;
      const router = await running.waitForEvent((e) => e['event'] === 'router', 'the router event');
      expect(router).toMatchObject({ vrid: 51, family: 'ipv4', version: 2, vips: ['192.0.2.100'], speaker: { ip: N1, priority: 150 } });

      // A crash of the master: no priority-0 advert, so n2 waits out the Master_Down_Interval.
      await lab.stopKeepalived('n1', 'hard');
      const change = await running.waitForEvent(
        (e) => e['event'] === 'master-change' && (e['to'] as { ip: string }).ip === N2,
        'the master change to n2',
      );
      expect(change).toMatchObject({ from: { ip: N1 }, reason: 'master-down' });
      // The stream's own timestamps: the gap is about the Master_Down_Interval of n2 (3 × 1 s + skew 0.61 s).
      expect(change['gapMs']).toBeGreaterThan(2500);
      expect(change['gapMs']).toBeLessThan(6000);

      const code = await interrupt(running);
      expect(code).toBe(0);
      const summary = running.events.find((e) => e['event'] === 'summary') as {
        input: { source: string; format: string; frames: number };
        routers: { vrid: number; failovers: number; master: { ip: string } | null; transitions: { reason: string }[] }[];
      };
      expect(summary).toBeDefined();
      expect(summary.input).toMatchObject({ source: 'stdin', format: 'live' });
      expect(summary.input.frames).toBeGreaterThan(3);
      const r51 = summary.routers.find((r) => r.vrid === 51);
      expect(r51?.failovers).toBe(1);
      expect(r51?.master?.ip).toBe(N2);
      expect(r51?.transitions.map((t) => t.reason)).toEqual(['master-down']);
    } finally {
      killLive(live);
      await lab?.destroy();
    }
  }, 120_000);
});
