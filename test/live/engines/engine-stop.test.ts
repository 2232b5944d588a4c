/**
 * A signal may reach the capture program before `live` (systemd stops a unit by sending SIGTERM to every process of
 * its cgroup; pkill): a program stopped by a signal must end the run like a stop, with the report and the audit's
 * exit status, not as a failed capture. Opens a capture on a veth pair in a namespace of its own.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { removeNamespace, vethNamespace } from '../../helpers/veth-namespace.js';
import { findProgram } from '../../../src/live/engines/find-program.js';
import { CLI } from '../../helpers/run-cli.js';

const ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const engines = (['tcpdump', 'dumpcap'] as const).filter((e) => findProgram(e) !== null);
const reason = !ROOT ? 'needs root' : !existsSync(CLI) ? 'build first' : engines.length === 0 ? 'neither tcpdump nor dumpcap is installed' : '';
if (reason) console.log(`engine-stop: skipped: ${reason}`);

/** The child of `pid` running `program`, once there is one. */
async function childRunning(pid: number, program: string, timeoutMs = 20_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
        if (readFileSync(`/proc/${child}/comm`, 'utf8').trim() === program) return Number(child);
      }
    } catch {
      // not started yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${program} under ${pid} within ${timeoutMs} ms`);
}

describe.skipIf(reason !== '')('a capture program stopped by a signal', () => {
  for (const engine of engines) {
    it(`${engine}: a SIGTERM to it alone ends the run with the report, exit 0`, { timeout: 60_000 }, async () => {
      const ns = vethNamespace('vi-stp');
      try {
        // `ip netns exec` execs in place: the spawned pid is live's.
        const live = spawn('ip', ['netns', 'exec', ns, process.execPath, CLI, 'live', 'va', '--engine', engine, '--format', 'jsonl', '--fail-on', 'never'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        live.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        live.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const exited = new Promise<number | null>((resolve) => live.once('exit', (code) => resolve(code)));
        try {
          const program = await childRunning(live.pid ?? 0, engine);
          // dumpcap announces itself before it opens the interface: give it time to be capturing.
          await new Promise((r) => setTimeout(r, 1500));
          // What `systemctl stop` does when its SIGTERM reaches the program before live handles its own.
          process.kill(program, 'SIGTERM');
          expect(await exited).toBe(0);
        } finally {
          if (live.exitCode === null) live.kill('SIGKILL');
        }
        expect(stderr).toBe('');
        const summary = stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { event: string; input?: { capture?: { engine: string } } })
          .find((e) => e.event === 'summary');
        expect(summary?.input?.capture?.engine).toBe(engine);
      } finally {
        removeNamespace(ns);
      }
    });
  }
});
