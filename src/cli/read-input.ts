/** Opens one CLI input with the capture reader: a file by path, or stdin as a stream. */
import { createReadStream } from 'node:fs';
import { readCapture } from '../capture/open-capture.js';
import { READ_CHUNK_BYTES } from '../capture/capture-limits.js';
import type { CaptureSummary, FrameSink } from '../capture/raw-frame.js';
import type { CliInput } from './inputs.js';

/**
 * stdin through fd 0 with 1 MiB reads: process.stdin's 64 KiB chunks are 2-3x slower on a large capture, and a read on a
 * pipe still returns as soon as any bytes are there, so `tcpdump -U -w - | vrrp-inspect ...` sees frames at once.
 */
export function stdinStream(): NodeJS.ReadableStream {
  return createReadStream('', { fd: 0, highWaterMark: READ_CHUNK_BYTES, autoClose: false });
}

export function readCliInput(input: CliInput, sink: FrameSink, signal?: AbortSignal): Promise<CaptureSummary> {
  const options = signal ? { signal } : {};
  return input.kind === 'stdin'
    ? readCapture({ kind: 'stream', stream: stdinStream(), name: 'stdin' }, sink, options)
    : readCapture({ kind: 'file', path: input.path }, sink, options);
}
