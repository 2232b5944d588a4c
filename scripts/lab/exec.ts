/**
 * Running commands for the lab: short commands are awaited and must succeed; long-running ones (keepalived,
 * tcpdump) are spawned with their output going to a log file. Nothing here writes to our own stdout/stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

export class LabCommandError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`lab command failed (${code ?? 'signal'}): ${argv.join(' ')}: ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'LabCommandError';
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Resolve instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

export function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return Promise.reject(new Error('run: empty argv'));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !opts.allowFailure) reject(new LabCommandError(argv, code, stderr));
      else resolve({ code, stdout, stderr });
    });
  });
}

/** argv prefix that runs a command inside a named network namespace. */
export function inNetns(ns: string, argv: readonly string[]): string[] {
  return ['ip', 'netns', 'exec', ns, ...argv];
}

export interface BackgroundProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or null when killed by a signal). */
  exited: Promise<number | null>;
  logFile: string;
}

/** Starts a long-running command with stdout and stderr appended to `logFile`. */
export function spawnLogged(argv: readonly string[], logFile: string): BackgroundProcess {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error('spawnLogged: empty argv');
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
    const exited = new Promise<number | null>((resolve) => {
      child.on('error', () => resolve(-1));
      child.on('exit', (code) => resolve(code));
    });
    return { child, exited, logFile };
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(fd);
  }
}
