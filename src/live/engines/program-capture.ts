/**
 * `live` through a capture program (tcpdump, dumpcap): the program opens the interfaces with libpcap, stamps frames with
 * the kernel's receive time and writes a capture stream to its stdout, which `live` reads with the same parser as
 * `live -`. Its stderr says when it is listening, why it could not open an interface, and how many frames the kernel
 * dropped (tcpdump on SIGUSR1 and when it stops; dumpcap writes them into the stream as pcapng statistics blocks).
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { LiveCaptureError, type VrrpInspectError } from '../../errors.js';
import { interfaceDownError, openError } from '../cap-capture.js';

const OPEN_TIMEOUT_MS = 15_000;
const STOP_KILL_MS = 3000;
const STDERR_TAIL_BYTES = 4096;

export interface ProgramSpec {
  engine: 'tcpdump' | 'dumpcap';
  path: string;
  args: string[];
  interfaces: readonly string[];
  /** The user's --filter, to blame it when the program rejects the expression. */
  userFilter?: string;
  /** True once stderr shows the program is capturing (or about to: see `openGraceMs`). */
  startLine: RegExp;
  /**
   * dumpcap announces "Capturing on" before it opens the interfaces and writes nothing to stdout until the first frame:
   * after its start line, a program still running this much later has opened them (failures exit within milliseconds).
   */
  openGraceMs: number;
  /** Cumulative kernel drops from one stderr line, or null when the line does not carry them. */
  parseKernelDrops(line: string): number | null;
  /** A signal that makes the program print its counters without stopping (tcpdump: SIGUSR1). */
  countersSignal?: NodeJS.Signals;
}

export interface ProgramCapture {
  readonly stream: Readable;
  stop(): void;
  /** Null when it stopped because we asked; else the error to report (interface gone, program died). */
  readonly ended: Promise<VrrpInspectError | null>;
  /** Kernel drops from the program's stderr (cumulative), null while it has said nothing. */
  kernelDrops(): number | null;
  /** Asks the program for its counters (no-op for programs without a counters signal). */
  requestCounters(): void;
}

type Exit = { code: number | null; signal: NodeJS.Signals | null };

export async function startProgramCapture(spec: ProgramSpec): Promise<ProgramCapture> {
  // Its own process group: a Ctrl-C meant for `live` must not stop the program before `live` asks it to. A signal
  // may still reach it first (systemd stops a unit by signalling every process of its cgroup; pkill): see `ended`.
  const child = spawn(spec.path, spec.args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const exit = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: -1, signal: null }));
  });
  void exit.then(() => process.off('exit', killOnExit));
  const stream = child.stdout;
  if (!stream) throw new LiveCaptureError('capture-failed', `${spec.engine} has no output stream`);

  let stderrTail = '';
  let kernelDrops: number | null = null;
  let started = false;
  let onStarted: (() => void) | undefined;
  let partial = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_BYTES);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const drops = spec.parseKernelDrops(line);
      if (drops !== null) kernelDrops = drops;
      if (!started && spec.startLine.test(line)) {
        started = true;
        onStarted?.();
      }
    }
  });

  const where = spec.interfaces.join(', ');
  const openErrorOptions = { device: where, filter: '', ...(spec.userFilter !== undefined ? { userFilter: spec.userFilter } : {}) };
  let onSettled: (() => void) | undefined;
  const opened = await new Promise<'open' | Exit | 'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), OPEN_TIMEOUT_MS);
    const done = (value: 'open' | Exit | 'timeout'): void => {
      clearTimeout(timer);
      resolve(value);
    };
    onStarted = () => setTimeout(() => done('open'), spec.openGraceMs);
    if (started) onStarted();
    // A first frame proves the capture is open whatever stderr said.
    const onReadable = (): void => {
      if (stream.readableLength > 0) done('open');
    };
    stream.on('readable', onReadable);
    void exit.then(done);
    onSettled = () => stream.off('readable', onReadable);
  });
  onSettled?.();
  if (opened !== 'open') {
    child.kill('SIGKILL');
    if (opened === 'timeout') {
      throw new LiveCaptureError('capture-timeout', `${spec.engine} did not open ${where} within ${OPEN_TIMEOUT_MS / 1000} s`);
    }
    if ((opened.code === -1 || opened.code === 127) && stderrTail === '') {
      throw new LiveCaptureError('capture-failed', `cannot run ${spec.path}: install it or choose another --engine`);
    }
    throw openError(openErrorOptions, 'open-failed', programMessage(spec.engine, stderrTail));
  }

  let stopRequested = false;
  // The counters a program prints as it exits may still be in the pipe when 'exit' fires: the end waits for stderr.
  const stderrDone = new Promise<void>((resolve) => {
    if (!child.stderr || child.stderr.destroyed) resolve();
    child.stderr?.once('close', () => resolve());
  });
  const ended = exit.then(async (e) => {
    await stderrDone;
    if (stopRequested) return null;
    // Exit 0 having said nothing but its counters: a signal stopped it (systemd stopping the unit signals every
    // process of it, maybe the program before us), as ours would. dumpcap also exits 0 when its interface
    // disappears, but says so.
    if (e.code === 0 && e.signal === null && complaintLines(spec.engine, stderrTail).length === 0) return null;
    // A program slow to fail (a loaded machine) may exit after the open grace: a complaint the user can act on (no such
    // interface, permission, filter) is reported as such; anything else is the capture stopping under us.
    const complaint = openError(openErrorOptions, 'open-failed', programMessage(spec.engine, stderrTail));
    return complaint.code === 'capture-failed' ? interfaceDownError(spec.interfaces[0] ?? where, e, stderrTail) : complaint;
  });
  return {
    stream,
    kernelDrops: () => kernelDrops,
    requestCounters() {
      if (spec.countersSignal && child.exitCode === null && !stopRequested) child.kill(spec.countersSignal);
    },
    stop() {
      // A program whose stream already ended stopped on its own: `ended` must still say why.
      if (stopRequested || stream.readableEnded) return;
      stopRequested = true;
      // SIGINT: both programs flush, write their final counters (stderr, pcapng statistics blocks) and exit.
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), STOP_KILL_MS).unref();
    },
    ended,
  };
}

/** The program's complaint as one line, without its name prefix and the blank lines of dumpcap's hints. */
export function programMessage(engine: string, stderr: string): string {
  return complaintLines(engine, stderr).join(' ') || `${engine} exited`;
}

/**
 * Counters a program prints on SIGUSR1 or as it stops: tcpdump's "10 packets captured, 12 packets received by
 * filter, 2 packets dropped by kernel" (one line, or three at exit), dumpcap's "Packets captured: 10" and
 * "Packets received/dropped on interface 'eth0': 12/2 (...)".
 */
const COUNTER_LINE = /^(\d+ packets? (captured|received by filter|dropped by kernel)|Packets captured:|Packets received\/dropped on interface )/i;

/** What the program said beyond its start lines and its counters, one entry per line, its name prefix removed. */
function complaintLines(engine: string, stderr: string): string[] {
  return (
    stderr
      .split('\n')
      .map((l) => l.trim().replace(new RegExp(`^${engine}:\\s*`), ''))
      .filter((l) => l !== '' && !/^(Capturing on|listening on|File:|See the User's Guide)/i.test(l))
      // dumpcap quotes the whole filter, which is mostly our default: the user's part is named by the caller.
      .map((l) => l.replace(/^Invalid capture filter ".*" for interface '[^']*'\.\s*/, ''))
      .filter((l) => l !== '' && !COUNTER_LINE.test(l))
  );
}
