/**
 * CPU time and memory of a process and its descendants, read from /proc (Linux): what a live run costs, engine
 * included. Sampled repeatedly, because children come and go and the memory peak is what matters.
 */
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  cpuS: number;
  rssKiB: number;
}

function readProc(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces: fields start after the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return { pid, ppid: Number(f[1]), comm, cpuS: (Number(f[11]) + Number(f[12])) / CLOCK_TICKS, rssKiB: rss ? Number(rss[1]) : 0 };
  } catch {
    return null;
  }
}

export interface TreeSample {
  /** CPU seconds (user + system) of every process in the tree, by command name. */
  cpuS: Record<string, number>;
  /** Resident memory, MiB, by command name. */
  rssMiB: Record<string, number>;
}

export function sampleTree(root: number): TreeSample {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readProc(Number(d)))
    .filter((p): p is ProcInfo => p !== null);
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) if (!inTree.has(p.pid) && inTree.has(p.ppid)) grew = inTree.add(p.pid) !== undefined;
  }
  const sample: TreeSample = { cpuS: {}, rssMiB: {} };
  for (const p of all) {
    if (!inTree.has(p.pid)) continue;
    sample.cpuS[p.comm] = (sample.cpuS[p.comm] ?? 0) + p.cpuS;
    sample.rssMiB[p.comm] = (sample.rssMiB[p.comm] ?? 0) + p.rssKiB / 1024;
  }
  return sample;
}

/** Samples a tree every `periodMs` until stopped: the last CPU times and the peak memory per command. */
export class TreeMonitor {
  private readonly timer: NodeJS.Timeout;
  readonly peakRssMiB: Record<string, number> = {};
  lastCpuS: Record<string, number> = {};

  constructor(
    private readonly root: number,
    periodMs = 250,
  ) {
    this.timer = setInterval(() => this.sample(), periodMs);
    this.timer.unref();
  }

  sample(): void {
    const s = sampleTree(this.root);
    if (Object.keys(s.cpuS).length > 0) this.lastCpuS = s.cpuS;
    for (const [k, v] of Object.entries(s.rssMiB)) this.peakRssMiB[k] = Math.max(this.peakRssMiB[k] ?? 0, v);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
