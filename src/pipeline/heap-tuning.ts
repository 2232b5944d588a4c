/**
 * V8's heap settings for a long analysis (issue #10: peak memory at most 100 MiB on 5,000,000 frames). Per frame the
 * pipeline makes small objects that die at once, while the state it keeps grows slowly, so V8's defaults hold far more
 * memory than the analysis needs:
 * - the young generation doubles up to two 16 MiB halves as soon as scavenges see survivors, and objects that live a
 *   little longer than a scavenge (a rule's window, a replaced finding text) are then promoted in larger batches;
 *   kept at its first size instead;
 * - the old generation may grow to about 4x the live state before a full collection (17 MiB live grew to 72 MiB with
 *   50,000 ARP speakers); 2x instead.
 * Measured on 5M frames (shared 2-core machine, so CPU times are noisy): mixed 121 -> 73 MiB, arp-speakers 161 -> 91
 * MiB, CPU time within the noise. Process-wide and irreversible, so only a command about to read a large capture asks.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneHeapForLongAnalysis(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=100');
}
