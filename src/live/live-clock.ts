/**
 * The time that drives silence-based rules between frames (a master that stopped advertising, no GARP after a
 * takeover): without ticks they would only fire when the next frame arrives, which on a quiet segment may be never.
 *
 * - Interface capture stamps frames on arrival, so wall-clock time is capture time: tick with the wall clock.
 * - A stream (`live -`, e.g. tcpdump over ssh) carries the capturing host's timestamps, which may be skewed from ours or
 *   replayed from an old file. Ticking with our wall clock would then declare every master silent at once (or never).
 *   So the stream's own clock drives time: the last frame's timestamp plus the wall time elapsed since that frame
 *   arrived, which keeps advancing while the stream is quiet and needs no clock agreement between the two hosts.
 */
export interface LiveClock {
  /** A frame with capture time `ts` (seconds) was just handed to the pipeline. */
  noteFrame(ts: number): void;
  /** Current capture time in seconds, or null before the first frame (nothing to time out yet). */
  now(): number | null;
}

/** Seconds from a monotonic source (injectable for tests). */
export type MonotonicSeconds = () => number;

const monotonicSeconds: MonotonicSeconds = () => performance.now() / 1000;

export class WallClock implements LiveClock {
  private started = false;

  constructor(private readonly epochSeconds: () => number = () => Date.now() / 1000) {}

  noteFrame(): void {
    this.started = true;
  }

  now(): number | null {
    return this.started ? this.epochSeconds() : null;
  }
}

export class StreamClock implements LiveClock {
  private lastTs: number | null = null;
  private arrivedAt = 0;

  constructor(private readonly monotonic: MonotonicSeconds = monotonicSeconds) {}

  noteFrame(ts: number): void {
    // Time never moves backwards: a frame that waited longer in a buffer than an earlier one (or came out of order)
    // keeps the earlier reference, so the clock follows the least-delayed frame seen.
    const current = this.now();
    if (current !== null && ts < current) return;
    this.lastTs = ts;
    this.arrivedAt = this.monotonic();
  }

  now(): number | null {
    if (this.lastTs === null) return null;
    return this.lastTs + (this.monotonic() - this.arrivedAt);
  }
}
