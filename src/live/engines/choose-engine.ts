/**
 * Which program captures for `live <interfaces>`: `--engine auto|tcpdump|dumpcap|cap`. Auto takes the best one
 * installed: tcpdump (kernel timestamps, drop counts during the run through SIGUSR1), then dumpcap (kernel timestamps,
 * drop counts when it stops; runs without root through its file capabilities, so it comes first for other users), then
 * cap, the in-process fallback (arrival timestamps, kernel drops unknown).
 */
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
  /** True when running as root (a capture program then needs no capabilities of its own). */
  root: boolean;
}

const defaultEnvironment = (): EngineEnvironment => ({
  find: (name) => findProgram(name),
  root: typeof process.getuid === 'function' && process.getuid() === 0,
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
  const order: Array<'tcpdump' | 'dumpcap'> = env.root ? ['tcpdump', 'dumpcap'] : ['dumpcap', 'tcpdump'];
  for (const engine of order) {
    const path = env.find(engine);
    if (path !== null) return { engine, path };
  }
  return { engine: 'cap', path: null };
}
