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

/**
 * How long a speaker may stay quiet and still count as advertising: two and a half intervals tolerates one lost
 * advert and jitter, and stays below the three intervals a backup waits before it takes over.
 */
export function silenceThresholdMs(intervalMs: number): number {
  return 2.5 * Math.max(intervalMs, 10);
}
