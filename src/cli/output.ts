/**
 * Buffered line output with backpressure: lines are joined into ~64 KiB writes (one syscall per block, not per
 * frame), and `drain()` lets the reader wait between chunks when the consumer (a pipe into jq) is slower than us.
 */
import { once } from 'node:events';
import { fileErrorMessage, systemErrorCode } from '../system-errors.js';

const FLUSH_AT = 1 << 16;

export class LineWriter {
  private parts: string[] = [];
  private size = 0;
  private blocked = false;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  line(text: string): void {
    this.parts.push(text);
    this.size += text.length + 1;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    this.parts.push('');
    const ok = this.stream.write(this.parts.join('\n'));
    this.parts = [];
    this.size = 0;
    if (!ok) this.blocked = true;
  }

  /** Resolves once the stream accepted what was written (immediately when it never pushed back). */
  async drain(): Promise<void> {
    if (!this.blocked) return;
    this.blocked = false;
    await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    this.flush();
    await this.drain();
  }
}

/**
 * The capture reader's back-pressure hook for an output stream: while the stream holds more than it wants (a slow
 * pipe reader), the reader waits for 'drain' before its next chunk, so memory stays flat whatever the reader does.
 */
export function waitForDrain(stream: NodeJS.WritableStream): () => Promise<void> | undefined {
  const writable = stream as NodeJS.WritableStream & { writableNeedDrain?: boolean };
  return () => (writable.writableNeedDrain === true ? once(stream, 'drain').then(() => undefined) : undefined);
}

/**
 * Ends the process on an output error. A reader that closed the pipe (`| head`) is not an error: the run ends quietly
 * with the status so far, as other Unix tools do (they die of SIGPIPE). Anything else (ENOSPC, ENOBUFS, EIO) is one
 * line on stderr and exit 2, never a stack.
 */
export function outputErrorExit(error: unknown): never {
  if (systemErrorCode(error) === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  process.stderr.write(`vrrp-inspect: ${fileErrorMessage('write', 'the output', error)}\n`);
  process.exit(2);
}
