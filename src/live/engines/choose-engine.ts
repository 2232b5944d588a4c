/**
 * Which program captures for `live <interfaces>`: `--engine auto|tcpdump|dumpcap|cap`. Auto takes the best one
 * installed: tcpdump (kernel timestamps, drop counts during the run through SIGUSR1, each frame delivered at once in
 * immediate mode), then dumpcap (kernel timestamps, drop counts when it stops, but no immediate mode: frames wait for
 * libpcap's 250 ms timeout, about 100 ms measured at idle; it runs without root through its file capabilities, so it
 * comes first for users who cannot give tcpdump the capture capability), then cap, the in-process fallback (arrival
 * timestamps, kernel drops unknown).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { findProgram } from './find-program.js';

export const ENGINES = ['tcpdump', 'dumpcap', 'cap'] as const;
export type EngineName = (typeof ENGINES)[number];
export type EngineRequest = EngineName | 'auto';

export interface EngineChoice {
  engine: EngineName;
  /** The program to run (null for cap, which is a Node module). */
  path: string | null;
}

export interface EngineEnvironment {
  find(name: string): string | null;
  /**
   * True when a program we start can capture without capabilities of its own: we run as root, or hold CAP_NET_RAW
   * as an ambient capability, which a child inherits (the systemd unit in deploy/ grants it so).
   */
  privileged: boolean;
}

/** CAP_NET_RAW, the capability that opening a packet socket needs (linux/capability.h). */
const CAP_NET_RAW = 13n;

/** True when CAP_NET_RAW is in this process's ambient set (`CapAmb` of /proc/self/status, a hex mask). */
export function ambientNetRaw(status: string): boolean {
  const m = /^CapAmb:\s*([0-9a-f]+)$/im.exec(status);
  return m !== null && ((BigInt(`0x${m[1] ?? '0'}`) >> CAP_NET_RAW) & 1n) === 1n;
}

function readProcStatus(): string {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return '';
  }
}

const defaultEnvironment = (): EngineEnvironment => ({
  find: (name) => findProgram(name),
  privileged: (typeof process.getuid === 'function' && process.getuid() === 0) || ambientNetRaw(readProcStatus()),
});

export function parseEngineRequest(text: string | undefined): EngineRequest {
  if (text === undefined || text === 'auto') return 'auto';
  if ((ENGINES as readonly string[]).includes(text)) return text as EngineName;
  throw new UsageError('bad-engine', `--engine must be auto, ${ENGINES.join(', ')}; got '${text}'`);
}

export function chooseEngine(request: EngineRequest, env: EngineEnvironment = defaultEnvironment()): EngineChoice {
  if (request === 'cap') return { engine: 'cap', path: null };
  if (request !== 'auto') {
    const path = env.find(request);
    if (path === null) {
      const pkg = request === 'dumpcap' ? 'wireshark-common' : 'tcpdump';
      throw new UsageError('engine-missing', `--engine ${request}: ${request} is not installed (apt-get install ${pkg}), or use --engine auto`);
    }
    return { engine: request, path };
  }
  // tcpdump delivers each frame at once; dumpcap cannot (see above), but only it captures for an unprivileged user.
  const order: Array<'tcpdump' | 'dumpcap'> = env.privileged ? ['tcpdump', 'dumpcap'] : ['dumpcap', 'tcpdump'];
  for (const engine of order) {
    const path = env.find(engine);
    if (path !== null) return { engine, path };
  }
  return { engine: 'cap', path: null };
}
