/** Opens one CLI input with the capture reader: a file by path, or stdin as a stream. */
import { createReadStream } from 'node:fs';
import { readCapture, type ReadCaptureOptions } from '../capture/open-capture.js';
import { CaptureFormatError } from '../errors.js';
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

/**
 * Reads one input to its end. A capture whose every frame is unreadable (cut inside its first record, a first record
 * of 4 GB, a corrupt section header) is unreadable input, exit 2, like a file that is not a capture at all; a valid
 * capture that simply holds no frame is not.
 */
export async function readCliInput(input: CliInput, sink: FrameSink, options: ReadCaptureOptions = {}): Promise<CaptureSummary> {
  const summary =
    input.kind === 'stdin'
      ? await readCapture({ kind: 'stream', stream: stdinStream(), name: 'stdin' }, sink, options)
      : await readCapture({ kind: 'file', path: input.path }, sink, options);
  const problem = summary.warnings[0];
  if (summary.frames === 0 && summary.endedEarly && problem !== undefined) {
    throw new CaptureFormatError('no-frame-read', `no frame could be read from ${input.name}: ${problem.message}`);
  }
  return summary;
}
