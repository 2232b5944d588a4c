/**
 * RFC timer formulas (RFC 3768 §6.1, RFC 5798 §6.1; design/protocol-reference.md §1.7), in milliseconds.
 * v2 skew does not depend on the interval; v3 skew scales with the Master_Adver_Interval.
 */
export function skewMs(version: number, priority: number, intervalMs: number): number {
  const p = Math.min(Math.max(priority, 0), 255);
  return version === 3 ? ((256 - p) * intervalMs) / 256 : ((256 - p) * 1000) / 256;
}

export function masterDownIntervalMs(version: number, priority: number, intervalMs: number): number {
  return 3 * intervalMs + skewMs(version, priority, intervalMs);
}

/** What the silence rule needs to know about a speaker. */
export interface TimedSpeaker {
  version: number;
  lastPriority: number;
  intervalMs: number;
}

/**
 * How long a master may stay silent and still be master: a master stays master until it sends priority 0 or stays
 * silent for Master_Down_Interval (RFC 3768 §6.4.2, RFC 5798 §6.4.2). Computed with the speaker's own priority: that is
 * the earliest moment a backup of lower priority may take over. The one threshold for "silent" in the whole analysis.
 */
export function masterSilenceMs(speaker: TimedSpeaker): number {
  return masterDownIntervalMs(speaker.version, speaker.lastPriority, Math.max(speaker.intervalMs, 10));
}
