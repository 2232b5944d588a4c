/**
 * How many lanes (this thread and worker threads) `audit` of several captures uses when --jobs is not given.
 *
 * One per two cores: one auditing thread keeps about two busy, because V8 compiles its hot code on background threads
 * (about 40% of the CPU time of eight 200,000-frame captures on one lane), and every other lane is a new V8 isolate that
 * compiles the same code again: on two cores a second lane made eight such captures slower, not faster
 * (docs/performance.md, "Several captures on worker threads").
 *
 * And no more lanes than the captures' size pays for: a worker costs its start (a thread, an isolate, the bundles:
 * about 65 ms of CPU and 110 ms of wall time, measured on eight 57-frame fixtures) and a warm-up of the JIT of its own,
 * so each lane must have enough bytes to audit for that to be repaid. 32 MiB is about 90,000 frames of the benchmark's
 * mix, some 0.3 s of a cold audit: three times a worker's start.
 */
import { statSync } from 'node:fs';
import type { CliInput } from '../inputs.js';

export const MIN_BYTES_PER_LANE = 32 * 1024 * 1024;

/** The default lane count for `cores` cores and the files' sizes in bytes (standard input is not among them). */
export function defaultLanes(cores: number, fileBytes: readonly number[]): number {
  const total = fileBytes.reduce((sum, bytes) => sum + bytes, 0);
  const byCores = Math.floor(cores / 2);
  const bySize = Math.floor(total / MIN_BYTES_PER_LANE);
  return Math.max(1, Math.min(byCores, bySize, fileBytes.length));
}

/**
 * The size of each input in bytes, null for standard input. A file that cannot be stat'ed counts as empty here: its
 * audit reports the error in its turn.
 */
export function inputSizes(inputs: readonly CliInput[]): (number | null)[] {
  return inputs.map((input) => {
    if (input.kind !== 'file') return null;
    try {
      return statSync(input.path).size;
    } catch {
      return 0;
    }
  });
}

/** The sizes of the file inputs only (what defaultLanes weighs). */
export function fileSizesOf(sizes: readonly (number | null)[]): number[] {
  return sizes.filter((size): size is number => size !== null);
}

/**
 * The order in which the lanes take the inputs (indexes into them): standard input first (only this thread can read
 * it, and its size is unknown), then the files from the largest down, equal sizes in the order given. The longest
 * audits start first, so that no lane is still on a large capture long after the others ran out of work (a large
 * capture given last would otherwise start when the small ones are done). The output keeps the order given.
 */
export function largestFirst(sizes: readonly (number | null)[]): number[] {
  const rank = (i: number): number => sizes[i] ?? Number.POSITIVE_INFINITY;
  return sizes.map((_, i) => i).sort((a, b) => rank(b) - rank(a) || a - b);
}
