/**
 * One keepalived daemon in a lab namespace: `keepalived -n -l -D -G -P -f conf -p pid -r vrrp.pid`, run through
 * `ip netns exec` (which execs in place, so the spawned pid is keepalived's parent process). Its console log is kept
 * per node for the fixture notes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNetns, spawnLogged, type BackgroundProcess } from './exec.js';
import { sleep, waitFor, withTimeout } from './wait.js';

export type StopMode = 'graceful' | 'hard';

export class KeepalivedProcess {
  private stopped = false;

  private constructor(
    readonly member: string,
    readonly confFile: string,
    readonly pidFile: string,
    readonly vrrpPidFile: string,
    private readonly proc: BackgroundProcess,
  ) {}

  static async start(ns: string, member: string, workDir: string, configText: string): Promise<KeepalivedProcess> {
    const base = join(workDir, `keepalived-${member}`);
    const confFile = `${base}.conf`;
    const pidFile = `${base}.pid`;
    const vrrpPidFile = `${base}.vrrp.pid`;
    writeFileSync(confFile, configText);
    const argv = inNetns(ns, [
      'keepalived', '-n', '-l', '-D', '-G', '-P',
      '-f', confFile, '-p', pidFile, '-r', vrrpPidFile, '-c', `${base}.checkers.pid`, '-b', `${base}.bfd.pid`,
    ]);
    const proc = spawnLogged(argv, `${base}.log`);
    const k = new KeepalivedProcess(member, confFile, pidFile, vrrpPidFile, proc);
    try {
      await waitFor(() => k.vrrpPid() !== undefined || proc.child.exitCode !== null, {
        timeoutMs: 10_000,
        what: `keepalived VRRP child on ${member}`,
      });
      if (proc.child.exitCode !== null) throw new Error(`keepalived on ${member} exited at start: ${k.log().slice(-500)}`);
    } catch (err) {
      await k.stop('hard');
      throw err;
    }
    return k;
  }

  get logFile(): string {
    return this.proc.logFile;
  }

  get parentPid(): number | undefined {
    return this.proc.child.pid;
  }

  vrrpPid(): number | undefined {
    if (!existsSync(this.vrrpPidFile)) return undefined;
    const pid = Number.parseInt(readFileSync(this.vrrpPidFile, 'utf8').trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  }

  get running(): boolean {
    return !this.stopped && this.proc.child.exitCode === null && this.proc.child.signalCode === null;
  }

  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  /** Waits until the console log matches, e.g. /Entering MASTER STATE/. */
  async waitForLog(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    await waitFor(() => pattern.test(this.log()), { timeoutMs, what: `${pattern} in keepalived log of ${this.member}` });
  }

  /**
   * graceful: SIGTERM, keepalived sends its priority-0 advert and removes the VIPs.
   * hard: a crash. The parent is frozen first so it can neither respawn the VRRP child nor pass it a SIGTERM,
   * then both are SIGKILLed: no priority-0 advert, the VIP stays configured on the dead node.
   */
  async stop(mode: StopMode): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const parent = this.proc.child.pid;
    if (parent === undefined || this.proc.child.exitCode !== null) return;
    if (mode === 'graceful') {
      signal(parent, 'SIGTERM');
      try {
        await withTimeout(this.proc.exited, 10_000, `keepalived on ${this.member} to exit`);
        return;
      } catch {
        // fall through to a hard stop
      }
    }
    signal(parent, 'SIGSTOP');
    const child = this.vrrpPid();
    if (child !== undefined) signal(child, 'SIGKILL');
    signal(parent, 'SIGKILL');
    await withTimeout(this.proc.exited, 5_000, `keepalived on ${this.member} to die`);
    // The VRRP child is reparented and reaped elsewhere; give the kernel a moment to tear its sockets down.
    await sleep(50);
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
