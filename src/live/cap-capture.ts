/**
 * `live <iface>`: libpcap capture through cap, in a child process that streams pcap to us.
 *
 * Why a child: cap 0.2.1 asserts in its poll callback when the interface goes down or disappears
 * (`binding.cc: assert(status == 0)`), which aborts the whole process: no final report, no exit code. In a child, that
 * abort is only an exit we observe, and the parent still prints what it saw and a one-line error. The child also keeps
 * libpcap's own stderr chatter ("This may not actually work") out of the user's terminal, and its stream is read by the
 * same parser as `live -`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { LiveCaptureError, UsageError, type VrrpInspectError } from '../errors.js';
import { CAP_NOT_BUILT_MESSAGE } from './cap-binding.js';
import { bufferMiBFor } from './engines/capture-settings.js';
import type { CaptureChildConfig, ChildToParent, ParentToChild } from './capture-child-protocol.js';

const OPEN_TIMEOUT_MS = 15_000;
const STOP_KILL_MS = 3000;
/** Bytes of the child's stderr kept for --debug (native warnings, the assertion text). */
const STDERR_TAIL_BYTES = 4096;

export interface InterfaceCaptureOptions {
  device: string;
  /** The complete BPF filter (see bpf-filter.ts). */
  filter: string;
  /** The user's --filter, to blame it when libpcap rejects the expression. */
  userFilter?: string;
  /** Kernel capture buffer, MiB (default: bufferMiBFor, as for the other engines). */
  bufferMiB?: number;
}

export interface InterfaceCapture {
  readonly device: string;
  readonly linkType: number;
  /** The classic pcap stream written by the child; ends when the capture stops. */
  readonly stream: Readable;
  /** Asks the child to close the handle and end the stream. Idempotent. */
  stop(): void;
  /** Resolves when the child is gone: null when it stopped because we asked, else the error to report. */
  readonly ended: Promise<VrrpInspectError | null>;
  /** Frames the child discarded because this process read its stream too slowly (cumulative). */
  toolDrops(): number;
}

/** The child's entry point: the compiled `.js` next to this file, or the `.ts` source through tsx (tests). */
function childEntry(): { script: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./capture-child.js', import.meta.url));
  if (existsSync(js)) return { script: js, execArgv: [] };
  return { script: fileURLToPath(new URL('./capture-child.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
}

export async function startInterfaceCapture(options: InterfaceCaptureOptions): Promise<InterfaceCapture> {
  const { script, execArgv } = childEntry();
  const bufferMiB = options.bufferMiB ?? bufferMiBFor(undefined, options.userFilter !== undefined);
  const config: CaptureChildConfig = { device: options.device, filter: options.filter, bufferBytes: bufferMiB * 1024 * 1024 };
  const child = spawn(process.execPath, [...execArgv, script, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderrTail = (stderrTail + d).slice(-STDERR_TAIL_BYTES);
  });
  const exit = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: -1, signal: null }));
  });

  const first = await firstMessage(child, exit);
  if (first.type !== 'opened') {
    child.kill('SIGKILL');
    if (first.type !== 'error') {
      throw new LiveCaptureError(
        'capture-failed',
        `the capture process for ${options.device} ended before opening it (${first.type === 'exit' ? describeExit(first) : 'no open message'}): ` +
          `check that libpcap works here, e.g. tcpdump -i ${options.device}`,
        { cause: new Error(stderrTail) },
      );
    }
    throw openError(options, first.code, first.message);
  }

  let stopRequested = false;
  let toolDrops = 0;
  child.on('message', (message: ChildToParent) => {
    if (message.type === 'drops') toolDrops = message.tool;
  });
  const stream = child.stdout;
  if (!stream) throw new LiveCaptureError('capture-failed', 'the capture process has no output stream');
  const ended = exit.then((e) => (stopRequested ? null : interfaceDownError(options.device, e, stderrTail)));
  return {
    device: options.device,
    linkType: first.linkType,
    stream,
    stop() {
      // A child whose stream already ended stopped on its own: `ended` must still say why.
      if (stopRequested || stream.readableEnded) return;
      stopRequested = true;
      if (child.connected) child.send({ type: 'stop' } satisfies ParentToChild);
      else child.kill('SIGTERM');
      // A child stuck in libpcap must not keep us from printing the report.
      setTimeout(() => child.kill('SIGKILL'), STOP_KILL_MS).unref();
    },
    ended,
    toolDrops: () => toolDrops,
  };
}

type ChildExit = { code: number | null; signal: NodeJS.Signals | null };
type FirstMessage = ChildToParent | ({ type: 'exit' } & ChildExit);

function firstMessage(child: ChildProcess, exit: Promise<ChildExit>): Promise<FirstMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new LiveCaptureError('capture-timeout', `libpcap did not open the interface within ${OPEN_TIMEOUT_MS / 1000} s`));
    }, OPEN_TIMEOUT_MS);
    child.once('message', (message: ChildToParent) => {
      clearTimeout(timer);
      resolve(message);
    });
    void exit.then((e) => {
      clearTimeout(timer);
      resolve({ type: 'exit', ...e });
    });
  });
}

function describeExit(e: ChildExit): string {
  return e.signal ? `signal ${e.signal}` : `exit code ${e.code ?? '?'}`;
}

/** libpcap's open/activate/compile message → what the user should do. */
export function openError(options: InterfaceCaptureOptions, code: string, message: string): VrrpInspectError {
  const device = options.device;
  if (code === 'cap-not-built') return new LiveCaptureError('cap-not-built', CAP_NOT_BUILT_MESSAGE);
  if (/no such device/i.test(message)) {
    return new LiveCaptureError(
      'no-such-interface',
      `no such interface: ${device} (list capture devices with: vrrp-inspect live --interfaces)`,
    );
  }
  if (/permission|not permitted|EPERM|EACCES/i.test(message)) {
    return new LiveCaptureError(
      'capture-permission',
      `no permission to capture on ${device} (${message}): run as root, or give node CAP_NET_RAW and CAP_NET_ADMIN: ` +
        'sudo setcap cap_net_raw,cap_net_admin=eip "$(readlink -f "$(command -v node)")"',
    );
  }
  if (/not up/i.test(message)) {
    return new LiveCaptureError('interface-down', `interface ${device} is down: bring it up (ip link set ${device} up) and run again`);
  }
  if (options.userFilter !== undefined && /syntax|parse|invalid|unknown|illegal|expression|not supported/i.test(message)) {
    return new UsageError('bad-filter', `--filter '${options.userFilter}' is not a valid capture filter: ${message} (see man pcap-filter)`);
  }
  return new LiveCaptureError('capture-failed', `cannot capture on ${device}: ${message}`);
}

/** The child ended on its own after the interface was open: libpcap lost the interface. */
export function interfaceDownError(
  device: string,
  exit: ChildExit,
  stderrTail = '',
): VrrpInspectError {
  const state = interfaceState(device);
  // The exit status (often SIGABRT from libpcap's child) explains nothing a user can act on: it goes to --debug.
  const fix: Record<typeof state, string> = {
    missing: `interface ${device} disappeared during the capture; when it is back (see vrrp-inspect live --interfaces), run live again`,
    down: `interface ${device} went down during the capture; bring it up (ip link set ${device} up) and run live again`,
    up: `the capture on ${device} stopped by itself; run live again (add --debug to see why)`,
    unknown: `the capture on ${device} stopped by itself; check the interface and run live again (add --debug to see why)`,
  };
  return new LiveCaptureError(
    'interface-down',
    `${fix[state]}; the report covers what was captured until then`,
    { cause: new Error(`capture child ended with ${describeExit(exit)}${stderrTail ? `: ${stderrTail}` : ''}`) },
  );
}

function interfaceState(device: string): 'missing' | 'down' | 'up' | 'unknown' {
  if (!/^[\w.:@-]+$/.test(device)) return 'unknown';
  const dir = `/sys/class/net/${device}`;
  if (!existsSync('/sys/class/net')) return 'unknown';
  if (!existsSync(dir)) return 'missing';
  try {
    const state = readFileSync(`${dir}/operstate`, 'utf8').trim();
    return state === 'down' ? 'down' : 'up';
  } catch {
    return 'unknown';
  }
}
