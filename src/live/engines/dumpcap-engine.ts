/**
 * dumpcap (Wireshark's capture program) as the capture engine: one process for every interface, writing pcapng with
 * one interface block per interface and the kernel's timestamps. When it stops it writes an interface statistics block
 * per interface with libpcap's drop count, which `live` reads from the stream like `live -` does. Debian installs it
 * with file capabilities, so members of the `wireshark` group capture without root.
 */
import type { ProgramSpec } from './program-capture.js';
import type { SpawnedCaptureOptions } from './tcpdump-engine.js';

/** After "Capturing on", dumpcap opens the interfaces; a failure exits within milliseconds (see ProgramSpec). */
const OPEN_GRACE_MS = 300;

export function dumpcapSpec(
  options: Omit<SpawnedCaptureOptions, 'device' | 'snaplen'> & { devices: readonly string[]; snaplen: (device: string) => number },
): ProgramSpec {
  // Filter, snaplen and buffer are per-interface options: they follow each -i.
  const perInterface = options.devices.flatMap((device) => [
    '-i', device,
    '-f', options.filter,
    '-s', String(options.snaplen(device)),
    // -B is in MiB.
    '-B', String(options.bufferMiB),
  ]);
  return {
    engine: 'dumpcap',
    path: options.path,
    args: [...perInterface, '-w', '-', '-q'],
    interfaces: [...options.devices],
    ...(options.userFilter !== undefined ? { userFilter: options.userFilter } : {}),
    startLine: /^Capturing on /,
    openGraceMs: OPEN_GRACE_MS,
    // dumpcap's drops come from the statistics blocks in its stream, not from stderr.
    parseKernelDrops: () => null,
  };
}
