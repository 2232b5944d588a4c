/**
 * Shared by the live integration tests: a two-node keepalived lab with an observer, the built CLI started inside the
 * observer's namespace, and its JSONL event stream collected line by line. Every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Lab, labAvailable, withTimeout, type LabOptions } from '../../scripts/lab/index.js';
import { nodeConfig } from '../../scripts/lab/scenarios/common.js';
import { CLI } from '../helpers/run-cli.js';

export { CLI };

/** Why the live integration tests cannot run here, or '' when they can. */
export async function liveLabSkipReason(): Promise<string> {
  const lab = await labAvailable(['ip', 'bridge', 'keepalived', 'tcpdump']);
  if (!lab.ok) return lab.reason;
  if (!existsSync(CLI)) return `${CLI} is missing: build first (npx tsc -p tsconfig.json)`;
  return '';
}

/** n1 (priority 150) and n2 (100) for VRID 51, VRRPv2, 1 s adverts, VIP 192.0.2.100; `hosts` adds plain hosts. */
export async function startTwoNodeLab(hosts: LabOptions['hosts'] = []): Promise<Lab> {
  const lab = await Lab.create({ nodes: 2, observer: true, hosts });
  try {
    await lab.startKeepalived('n1', nodeConfig('n1', { priority: 150, state: 'MASTER' }));
    await lab.startKeepalived('n2', nodeConfig('n2', { priority: 100 }));
    await lab.keepalived('n1').waitForLog(/Entering MASTER STATE/, 20_000);
  } catch (error) {
    await lab.destroy();
    throw error;
  }
  return lab;
}

export interface LiveProcess {
  child: ChildProcess;
  events: Record<string, unknown>[];
  /** Wall time (ms since the epoch) at which each event's line arrived, by index in `events`. */
  arrivals: number[];
  stderr(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  waitForEvent(predicate: (e: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** Starts `argv` (a shell pipeline when `shell` is set) in its own process group, so a signal reaches all of it as Ctrl-C would. */
export function startLive(argv: readonly string[]): LiveProcess {
  const [cmd, ...args] = argv;
  const child = spawn(cmd ?? 'false', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const events: Record<string, unknown>[] = [];
  const arrivals: number[] = [];
  let tail = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    tail += d;
    const lines = tail.split('\n');
    tail = lines.pop() ?? '';
    const now = Date.now();
    for (const l of lines) {
      if (!l.trim()) continue;
      events.push(JSON.parse(l) as Record<string, unknown>);
      arrivals.push(now);
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    events,
    arrivals,
    stderr: () => err,
    exited,
    async waitForEvent(predicate, what, timeoutMs = 30_000) {
      const found = await withTimeout(
        (async () => {
          for (;;) {
            const e = events.find(predicate);
            if (e) return e;
            if (child.exitCode !== null) throw new Error(`live exited (${child.exitCode}) before ${what}: ${err.trim()}`);
            await new Promise((r) => setTimeout(r, 100));
          }
        })(),
        timeoutMs,
        what,
      );
      return found;
    },
  };
}

/** SIGINT to the whole process group (what Ctrl-C does), then the exit code, bounded. */
export async function interrupt(live: LiveProcess, timeoutMs = 20_000): Promise<number | null> {
  if (live.child.pid !== undefined && live.child.exitCode === null) process.kill(-live.child.pid, 'SIGINT');
  return withTimeout(live.exited, timeoutMs, 'live to exit after SIGINT');
}

/** Last resort in `finally`: the whole group, hard. */
export function killLive(live: LiveProcess | undefined): void {
  if (!live || live.child.pid === undefined || live.child.exitCode !== null) return;
  try {
    process.kill(-live.child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
