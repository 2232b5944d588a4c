/**
 * Clock offset between two captures of one segment, from the frames both captured. A frame's fingerprint recurs when
 * the sender repeats itself byte for byte (a VRRPv2 advert over IPv6, three GARPs in a row), so one matching pair does
 * not fix the offset: every candidate offset taken from pairs of rare fingerprints is scored by how many frames it
 * matches, each match weighted by the inverse of its fingerprint's frequency, so a periodic advert shifted by one
 * interval scores no more than once while every unique frame (an IPv4 identification, a priority change, a GARP)
 * counts in full. The best candidate is then refined to the median difference of the frames it matched, and to a
 * drift when those differences grow along the capture (clocks without NTP).
 */

export interface TimedPrint {
  ts: number;
  /** The frame's fingerprint, or its fingerprintKey: only compared for equality. */
  print: string | number;
}

/**
 * How a capture's clock relates to the reference clock: `offsetS` (its clock minus the reference) at reference time
 * `anchorTs`, changing by `driftPpm` microseconds per second (clocks without NTP run apart by tens of ppm).
 */
export interface ClockModel {
  offsetS: number;
  driftPpm: number;
  anchorTs: number;
}

/** A timestamp of the capture, on the reference clock. */
export function toReference(clock: ClockModel, ts: number): number {
  const drift = clock.driftPpm * 1e-6;
  // Solve ref = ts - (offset + drift * (ref - anchor)) for ref.
  return (ts - clock.offsetS + drift * clock.anchorTs) / (1 + drift);
}

export interface OffsetEstimate extends ClockModel {
  /** Other capture's clock minus the reference clock (seconds) at `anchorTs`: subtract it from the other's timestamps. */
  offsetS: number;
  /** Frames matched at that offset. */
  matched: number;
  /** Median absolute residual of the matched frames after alignment (seconds). */
  residualS: number;
}

/** Fingerprints occurring at most this often (per capture pair product) give candidate offsets. */
const RARE_PRODUCT = 16;
/** Candidate offsets scored at most (the most frequent ones after bucketing by the match window). */
const MAX_CANDIDATES = 64;

function byPrint(frames: readonly TimedPrint[]): Map<string | number, number[]> {
  const m = new Map<string | number, number[]>();
  for (const f of frames) {
    let list = m.get(f.print);
    if (!list) {
      list = [];
      m.set(f.print, list);
    }
    list.push(f.ts);
  }
  for (const list of m.values()) list.sort((a, b) => a - b);
  return m;
}

/** Drift is fitted only from matches spread over at least this long (seconds), and used only from this size (ppm). */
const MIN_DRIFT_SPAN_S = 10;
const MIN_DRIFT_PPM = 1;

const constant = (offsetS: number): ClockModel => ({ offsetS, driftPpm: 0, anchorTs: 0 });

/**
 * Greedy one-to-one matching of two sorted timestamp lists under a clock model; calls `hit` with each pair's residual
 * (aligned other minus reference) and the reference timestamp.
 */
function matchSorted(
  ref: readonly number[],
  other: readonly number[],
  clock: ClockModel,
  windowS: number,
  hit: (residual: number, refTs: number) => void,
): void {
  let i = 0;
  for (const t of other) {
    const aligned = toReference(clock, t);
    while (i < ref.length && (ref[i] ?? 0) < aligned - windowS) i++;
    const r = ref[i];
    if (r !== undefined && Math.abs(r - aligned) <= windowS) {
      hit(aligned - r, r);
      i++;
    }
  }
}

/**
 * The clock difference of the matches as a line over reference time, robustly: the drift from the medians of the
 * earlier and the later half of the matches (one late frame moves neither), the offset as the median at their mean time.
 */
function fitClock(common: readonly [number[], number[]][], clock: ClockModel, windowS: number): ClockModel {
  const pairs: { x: number; d: number }[] = [];
  for (const [r, o] of common) {
    matchSorted(r, o, clock, windowS, (residual, refTs) => {
      // The pair's own clock difference: the model's offset at that time plus what is left.
      const d = clock.offsetS + clock.driftPpm * 1e-6 * (refTs - clock.anchorTs) + residual * (1 + clock.driftPpm * 1e-6);
      pairs.push({ x: refTs, d });
    });
  }
  if (pairs.length < 4) return clock;
  pairs.sort((a, b) => a.x - b.x);
  const half = pairs.length >> 1;
  const early = pairs.slice(0, half);
  const late = pairs.slice(pairs.length - half);
  const dx = median(late.map((p) => p.x)) - median(early.map((p) => p.x));
  const span = (pairs[pairs.length - 1]?.x ?? 0) - (pairs[0]?.x ?? 0);
  const drift = span >= MIN_DRIFT_SPAN_S && dx > 0 ? (median(late.map((p) => p.d)) - median(early.map((p) => p.d))) / dx : 0;
  if (Math.abs(drift * 1e6) < MIN_DRIFT_PPM) return constant(median(pairs.map((p) => p.d)));
  const anchorTs = pairs.reduce((sum, p) => sum + p.x, 0) / pairs.length;
  return { offsetS: median(pairs.map((p) => p.d - drift * (p.x - anchorTs))), driftPpm: drift * 1e6, anchorTs };
}

export function estimateOffset(ref: readonly TimedPrint[], other: readonly TimedPrint[], windowS: number): OffsetEstimate | null {
  const refPrints = byPrint(ref);
  const otherPrints = byPrint(other);
  const common: [number[], number[]][] = [];
  for (const [print, ts] of otherPrints) {
    const r = refPrints.get(print);
    if (r) common.push([r, ts]);
  }
  if (common.length === 0) return null;

  // Candidates: differences between occurrences of rare fingerprints (or of the rarest one, if none is rare).
  let sources = common.filter(([r, o]) => r.length * o.length <= RARE_PRODUCT);
  if (sources.length === 0) {
    const rarest = [...common].sort((a, b) => a[0].length * a[1].length - b[0].length * b[1].length)[0];
    sources = rarest ? [rarest] : [];
  }
  const buckets = new Map<number, { offset: number; votes: number }>();
  for (const [r, o] of sources) {
    for (const tr of r) {
      for (const to of o) {
        const offset = to - tr;
        const key = Math.round(offset / windowS);
        const b = buckets.get(key);
        if (b) b.votes += 1;
        else buckets.set(key, { offset, votes: 1 });
      }
    }
  }
  const candidates = [...buckets.values()].sort((a, b) => b.votes - a.votes).slice(0, MAX_CANDIDATES);

  let best: { offset: number; score: number } | null = null;
  for (const c of candidates) {
    let score = 0;
    for (const [r, o] of common) {
      const weight = 1 / Math.max(r.length, o.length);
      matchSorted(r, o, constant(c.offset), windowS, () => {
        score += weight;
      });
    }
    // Ties go to the smaller offset: with nothing to tell shifts apart, assume the clocks agree best.
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && Math.abs(c.offset) < Math.abs(best.offset))) {
      best = { offset: c.offset, score };
    }
  }
  if (!best) return null;

  // Refine: the median difference of every match at the chosen offset, then a drift when the matches show one. Each
  // round matches again with the better model, so frames at the ends of a drifting capture join in.
  const residuals: number[] = [];
  for (const [r, o] of common) matchSorted(r, o, constant(best.offset), windowS, (res) => residuals.push(res));
  let clock = constant(best.offset + median(residuals));
  for (let round = 0; round < 3; round++) clock = fitClock(common, clock, windowS);
  const after: number[] = [];
  for (const [r, o] of common) matchSorted(r, o, clock, windowS, (res) => after.push(Math.abs(res)));
  return { ...clock, matched: after.length, residualS: median(after) };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
