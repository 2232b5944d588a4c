/**
 * Removal by name prefix: kills every process inside the matching namespaces (keepalived, tcpdump, arping), then
 * deletes the namespaces, which destroys their veths and bridges. Used by Lab.destroy for its own prefix, and by
 * `npx tsx scripts/lab/cleanup-cli.ts` for stale labs left by a crashed run.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './exec.js';
import { LAB_PREFIX_ROOT } from './names.js';
import { sleep } from './wait.js';

/** Namespaces whose name starts with `<prefix>-`. */
export async function labNamespaces(prefix: string): Promise<string[]> {
  const out = (await run(['ip', 'netns', 'list'], { allowFailure: true })).stdout;
  return out
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(`${prefix}-`));
}

async function pidsIn(ns: string): Promise<number[]> {
  const out = (await run(['ip', 'netns', 'pids', ns], { allowFailure: true })).stdout;
  return out.split(/\s+/).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The lab's work directory (configs, pid files, logs); Lab.destroy removes it unless asked to keep it. */
export function labWorkDir(prefix: string): string {
  return join(tmpdir(), `vrrp-inspect-lab-${prefix}`);
}

export async function cleanupPrefix(prefix: string, opts: { removeWorkDir?: boolean } = {}): Promise<string[]> {
  const namespaces = await labNamespaces(prefix);
  for (let round = 0; round < 20; round++) {
    let alive = 0;
    for (const ns of namespaces) {
      const pids = await pidsIn(ns);
      alive += pids.length;
      pids.forEach(kill);
    }
    if (alive === 0) break;
    await sleep(100);
  }
  for (const ns of namespaces) await run(['ip', 'netns', 'del', ns], { allowFailure: true });
  if (opts.removeWorkDir) rmSync(labWorkDir(prefix), { recursive: true, force: true });
  return namespaces;
}

/** Every lab namespace on the machine (`vi` + 4 hex digits + `-`): only for stale leftovers, it also ends other runs' labs. */
export async function cleanupAllLabs(): Promise<string[]> {
  const out = (await run(['ip', 'netns', 'list'], { allowFailure: true })).stdout;
  const prefixes = new Set(
    out
      .split('\n')
      .map((l) => new RegExp(`^(${LAB_PREFIX_ROOT}[0-9a-f]{4})-`).exec(l)?.[1])
      .filter((p): p is string => p !== undefined),
  );
  const removed: string[] = [];
  for (const p of prefixes) removed.push(...(await cleanupPrefix(p, { removeWorkDir: true })));
  return removed;
}
