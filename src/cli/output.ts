/**
 * Buffered line output with backpressure: lines (text, or JSON values encoded to bytes) are joined into ~64 KiB writes (one syscall per block, not per
 * frame), and `drain()` lets the reader wait between chunks when the consumer (a pipe into jq) is slower than us.
 */
import { once } from 'node:events';
import { fileErrorMessage, systemErrorCode } from '../system-errors.js';
import { JsonByteWriter } from '../report/json-bytes.js';

const FLUSH_AT = 1 << 16;

/** Writes blocks to a stream and remembers when the stream asked us to wait. */
abstract class BlockOutput {
  private blocked = false;

  constructor(protected readonly stream: NodeJS.WritableStream) {}

  /** Writes what is pending as one block. */
  abstract flush(): void;

  protected writeBlock(block: string | Uint8Array): void {
    if (!this.stream.write(block)) this.blocked = true;
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

export class LineWriter extends BlockOutput {
  private parts: string[] = [];
  private size = 0;

  line(text: string): void {
    this.parts.push(text);
    this.size += text.length + 1;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    this.parts.push('');
    this.writeBlock(this.parts.join('\n'));
    this.parts = [];
    this.size = 0;
  }
}

/** JSON lines, encoded by `writeLine` straight into ~64 KiB blocks of bytes. */
export class JsonLineWriter<T> extends BlockOutput {
  private readonly json = new JsonByteWriter(FLUSH_AT);

  constructor(
    stream: NodeJS.WritableStream,
    private readonly writeLine: (w: JsonByteWriter, value: T) => void,
  ) {
    super(stream);
  }

  line(value: T): void {
    this.writeLine(this.json, value);
    if (this.json.length >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.json.length > 0) this.writeBlock(this.json.take());
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
