/**
 * Which tracked scripts, interfaces or files explain an advertised priority: keepalived adds a positive weight while
 * the tracked object is up and a negative weight while it is down (`reverse` swaps the two), and keeps the result in
 * 1..254; an instance configured with 255 (address owner) is never adjusted. A weight of 0 puts the instance in FAULT
 * instead, so it changes no priority.
 */
import type { ConfInstance, ConfTrack } from '../../keepalived/types.js';

/** At most this many weighted tracks are combined (2^12 subsets). */
const MAX_TRACKS = 12;

function upDelta(t: ConfTrack): number {
  return t.reverse ? Math.min(t.weight, 0) : Math.max(t.weight, 0);
}

function downDelta(t: ConfTrack): number {
  return t.reverse ? Math.max(t.weight, 0) : Math.min(t.weight, 0);
}

function clamp(p: number): number {
  return Math.max(1, Math.min(254, p));
}

/** The priority keepalived advertises when every tracked object is up. */
export function healthyPriority(inst: ConfInstance): number {
  if (inst.priority === 255) return 255;
  return clamp(inst.priority + inst.tracks.reduce((s, t) => s + upDelta(t), 0));
}

/**
 * The smallest set of tracked objects whose failure gives `advertised`, or null when no combination does (an old file
 * deployed, a reload not done, or a change at run time).
 */
export function explainPriority(inst: ConfInstance, advertised: number): ConfTrack[] | null {
  if (inst.priority === 255) return advertised === 255 ? [] : null;
  const weighted = inst.tracks.filter((t) => t.weight !== 0).slice(0, MAX_TRACKS);
  let best: ConfTrack[] | null = null;
  for (let mask = 0; mask < 1 << weighted.length; mask++) {
    let p = inst.priority;
    const down: ConfTrack[] = [];
    weighted.forEach((t, i) => {
      if (mask & (1 << i)) {
        p += downDelta(t);
        down.push(t);
      } else p += upDelta(t);
    });
    if (clamp(p) === advertised && (best === null || down.length < best.length)) best = down;
  }
  return best;
}

export function trackText(t: ConfTrack): string {
  return `track_${t.kind} ${t.name} (weight ${t.weight > 0 ? '+' : ''}${t.weight}${t.reverse ? ' reverse' : ''}, ${t.file}:${t.line})`;
}
