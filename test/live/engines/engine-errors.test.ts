/**
 * The capture programs' failures as `live` reports them: one line on stderr, exit 2, whatever the engine. Opens no
 * capture (the interface does not exist, or the filter does not compile before anything is captured).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { removeNamespace, sh, vethNamespace } from '../../helpers/veth-namespace.js';
import { findProgram } from '../../../src/live/engines/find-program.js';
import { CLI } from '../../helpers/run-cli.js';

const ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const engines = (['tcpdump', 'dumpcap'] as const).filter((e) => findProgram(e) !== null);
const CAP_BUILT = spawnSync(process.execPath, ['-e', "require('cap')"]).status === 0;
const reason = !ROOT ? 'needs root' : !existsSync(CLI) ? 'build first' : engines.length === 0 ? 'neither tcpdump nor dumpcap is installed' : '';
if (reason) console.log(`engine-errors: skipped: ${reason}`);

function live(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'live', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stderr: r.stderr };
}

describe.skipIf(reason !== '')('capture program errors', () => {
  for (const engine of engines) {
    it(`${engine}: a missing interface and a bad --filter are one line each, exit 2`, () => {
      const missing = live(['vrrp-inspect-no-such-if0', '--engine', engine, '--duration', '5']);
      expect(missing.status).toBe(2);
      expect(missing.stderr.trim()).toBe(
        'vrrp-inspect: no such interface: vrrp-inspect-no-such-if0 (list capture devices with: vrrp-inspect live --interfaces)',
      );
      const filter = live(['lo', '--engine', engine, '--filter', 'foo bar', '--duration', '5']);
      expect(filter.status).toBe(2);
      expect(filter.stderr.trim().split('\n')).toHaveLength(1);
      expect(filter.stderr).toMatch(/^vrrp-inspect: --filter 'foo bar' is not a valid capture filter: .*syntax error.*\(see man pcap-filter\)$/m);
    });
  }
});

describe.skipIf(reason !== '')('an interface that disappears during the capture', () => {
  for (const engine of [...engines, ...(CAP_BUILT ? (['cap'] as const) : [])]) {
    it(`${engine}: exit 2 and one line saying so, not a quiet end`, { timeout: 60_000 }, async () => {
      const ns = vethNamespace('vi-eng');
      try {
        const child = spawn('ip', ['netns', 'exec', ns, process.execPath, CLI, 'live', 'va', '--engine', engine, '--format', 'jsonl'], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        // Long enough for the engine to have opened the interface even on a busy machine.
        await new Promise((r) => setTimeout(r, 4000));
        sh(['ip', '-n', ns, 'link', 'del', 'va']);
        expect(await exited).toBe(2);
        expect(stderr.trim()).toMatch(/^vrrp-inspect: interface va disappeared during the capture; when it is back .*; the report covers what was captured until then$/);
        expect(stderr.trim().split('\n')).toHaveLength(1);
      } finally {
        removeNamespace(ns);
      }
    });
  }
});
