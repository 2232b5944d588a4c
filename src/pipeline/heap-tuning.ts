/**
 * V8's heap settings for a long analysis (issue #10: peak memory at most 100 MiB on 5,000,000 frames). Per frame the
 * pipeline makes small objects that die at once, while the state it keeps grows slowly, so V8's defaults hold far more
 * memory than the analysis needs:
 * - the young generation doubles up to two 16 MiB halves while scavenges see survivors; its growth is stopped at two
 *   4 MiB halves. (Stopping it at its first size, 1 MiB, saved 8 MiB more but tripled the scavenges' time: ten times
 *   as many, each copying the state that lives a few seconds. `--max-semi-space-size` would be the direct way, but V8
 *   reads it only at start-up; the growth factor it reads whenever it would grow.)
 * - the old generation may grow to about 4x the live state before a full collection (17 MiB live grew to 72 MiB with
 *   50,000 ARP speakers); 1.5x instead (`--heap-growing-percent=50`: at 100, i.e. 2x, 5,000,000 frames of 50,000 ARP
 *   speakers peaked at 98-102 MiB, at 50 at 90-92 MiB, the same time within the noise).
 * Process-wide and irreversible, so only a command about to read a large capture asks.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** Both halves of the young generation together, where its growth stops. */
const YOUNG_GENERATION_BYTES = 8 * 1024 * 1024;

export function tuneHeapForLongAnalysis(): void {
  setFlagsFromString('--heap-growing-percent=50');
  // V8 grows the young generation only during a scavenge: look after each collection until it is large enough (a timer
  // asking every few ms cost 1% of an audit whose young generation never got there).
  const observer = new PerformanceObserver(() => {
    const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (young === undefined || young.space_size >= YOUNG_GENERATION_BYTES) {
      setFlagsFromString('--semi-space-growth-factor=1');
      observer.disconnect();
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}
