/** Opens one CLI input with the capture reader: a file by path, or stdin as a stream. */
import { readCapture } from '../capture/open-capture.js';
import type { CaptureSummary, FrameSink } from '../capture/raw-frame.js';
import type { CliInput } from './inputs.js';

export function readCliInput(input: CliInput, sink: FrameSink, signal?: AbortSignal): Promise<CaptureSummary> {
  const options = signal ? { signal } : {};
  return input.kind === 'stdin'
    ? readCapture({ kind: 'stream', stream: process.stdin, name: 'stdin' }, sink, options)
    : readCapture({ kind: 'file', path: input.path }, sink, options);
}
