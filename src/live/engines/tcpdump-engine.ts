/**
 * tcpdump as the capture engine: one process per interface (tcpdump captures on one), writing classic pcap with the
 * kernel's timestamps. `--immediate-mode` hands every frame to tcpdump as it arrives (without it, libpcap waits for a
 * full TPACKET block or its 1 s timeout) and `-U` writes it to the pipe at once: together they keep a takeover on
 * screen within milliseconds. SIGUSR1 makes tcpdump print its counters, so kernel drops are known during the run.
 */
import type { ProgramSpec } from './program-capture.js';

export interface SpawnedCaptureOptions {
  path: string;
  device: string;
  /** The complete BPF filter (bpf-filter.ts). */
  filter: string;
  userFilter?: string;
  snaplen: number;
  bufferMiB: number;
}

const DROPPED_BY_KERNEL = /(\d+) packets? dropped by kernel/;

export function tcpdumpSpec(options: SpawnedCaptureOptions): ProgramSpec {
  return {
    engine: 'tcpdump',
    path: options.path,
    args: [
      '-i', options.device,
      '-w', '-',
      '-U',
      '--immediate-mode',
      // -B is in KiB.
      '-B', String(options.bufferMiB * 1024),
      '-s', String(options.snaplen),
      '-n',
      options.filter,
    ],
    interfaces: [options.device],
    ...(options.userFilter !== undefined ? { userFilter: options.userFilter } : {}),
    startLine: /^tcpdump: listening on /,
    openGraceMs: 0,
    parseKernelDrops: parseTcpdumpDrops,
    countersSignal: 'SIGUSR1',
  };
}

/** "tcpdump: 10 packets captured, 12 packets received by filter, 2 packets dropped by kernel" (SIGUSR1) or "2 packets dropped by kernel" (at exit). */
export function parseTcpdumpDrops(line: string): number | null {
  const m = DROPPED_BY_KERNEL.exec(line);
  return m ? Number(m[1]) : null;
}
