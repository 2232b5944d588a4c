/**
 * tcpdump or dumpcap running in a lab namespace. `start` resolves once the tool reports that it is listening, so no
 * frame of the scenario is lost; `stop` sends SIGINT and waits for the file to be flushed and closed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { inNetns, spawnLogged, type BackgroundProcess } from './exec.js';
import { waitFor, withTimeout } from './wait.js';

export type CaptureTool = 'tcpdump' | 'dumpcap';

export interface CaptureOptions {
  tool?: CaptureTool;
  /** Interface inside the namespace, or `any` (tcpdump: Linux cooked capture). */
  iface: string;
  file: string;
  /** tcpdump `-y` data link type, e.g. LINUX_SLL2. */
  linkType?: string;
  /** Capture filter (BPF). */
  filter?: string;
  /** Stop after this many packets (tcpdump -c / dumpcap -c). */
  count?: number;
  logFile: string;
}

export class PacketCapture {
  private constructor(
    readonly file: string,
    private readonly proc: BackgroundProcess,
  ) {}

  static async start(ns: string, opts: CaptureOptions): Promise<PacketCapture> {
    const tool = opts.tool ?? 'tcpdump';
    const argv =
      tool === 'tcpdump'
        ? ['tcpdump', '-U', '-n', '-i', opts.iface, '-w', opts.file]
        : ['dumpcap', '-i', opts.iface, '-w', opts.file];
    if (opts.linkType !== undefined) argv.push('-y', opts.linkType);
    if (opts.count !== undefined) argv.push('-c', String(opts.count));
    if (opts.filter !== undefined) argv.push(...(tool === 'tcpdump' ? [opts.filter] : ['-f', opts.filter]));
    const proc = spawnLogged(inNetns(ns, argv), opts.logFile);
    const ready = tool === 'tcpdump' ? /listening on/ : /Capturing on/;
    const cap = new PacketCapture(opts.file, proc);
    try {
      await waitFor(
        () => {
          if (proc.child.exitCode !== null) throw new Error(`${tool} exited: ${cap.log()}`);
          return ready.test(cap.log());
        },
        { timeoutMs: 10_000, what: `${tool} on ${ns}/${opts.iface} to start` },
      );
    } catch (err) {
      await cap.stop();
      throw err;
    }
    return cap;
  }

  log(): string {
    return existsSync(this.proc.logFile) ? readFileSync(this.proc.logFile, 'utf8') : '';
  }

  get running(): boolean {
    return this.proc.child.exitCode === null && this.proc.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (this.running) this.proc.child.kill('SIGINT');
    try {
      await withTimeout(this.proc.exited, 10_000, `capture ${this.file} to stop`);
    } catch {
      this.proc.child.kill('SIGKILL');
      await this.proc.exited;
    }
  }
}
