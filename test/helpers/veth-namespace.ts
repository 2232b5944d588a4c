/**
 * A network namespace of its own holding a veth pair `va`/`vb`, both up: somewhere to open a live capture (and take
 * its interface away) without touching the host; no address is configured on it.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** Runs a command and throws with its stderr when it fails. */
export function sh(args: readonly string[]): void {
  const r = spawnSync(args[0] ?? '', args.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
}

/** Creates `<prefix>-<random>` with the veth pair up; the namespace is removed again if the pair cannot be made. */
export function vethNamespace(prefix: string): string {
  const ns = `${prefix}-${randomBytes(3).toString('hex')}`;
  sh(['ip', 'netns', 'add', ns]);
  try {
    sh(['ip', '-n', ns, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb']);
    sh(['ip', '-n', ns, 'link', 'set', 'va', 'up']);
    sh(['ip', '-n', ns, 'link', 'set', 'vb', 'up']);
  } catch (error) {
    removeNamespace(ns);
    throw error;
  }
  return ns;
}

/** Removes the namespace and its links (quietly: it may be gone already). */
export function removeNamespace(ns: string): void {
  spawnSync('ip', ['netns', 'del', ns]);
}
