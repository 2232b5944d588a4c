/**
 * Buffered line output with backpressure: lines are joined into ~64 KiB writes (one syscall per block, not per
 * frame), and `drain()` lets the reader wait between chunks when the consumer (a pipe into jq) is slower than us.
 */
import { once } from 'node:events';

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
