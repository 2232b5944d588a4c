/**
 * The young generation of a long analysis (issue #10). Per frame the pipeline makes small objects that die at once;
 * the state it keeps grows slowly. V8 still doubles its young generation up to two 16 MiB halves as soon as scavenges
 * see survivors, and objects that live a little longer than a scavenge (a rule's window, a replaced finding text) are
 * then promoted in larger batches: peak memory grew by 15-30 MiB at 1,000,000 frames for no speed (1M frames, medians
 * of 3 on a shared 2-core machine: mixed 85 -> 72 MiB, 50,000 ARP speakers 128 -> 96 MiB, same CPU time). Kept at its
 * first size instead. Process-wide and irreversible, so only a command that is about to read a large capture asks.
 */
import { setFlagsFromString } from 'node:v8';

export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
