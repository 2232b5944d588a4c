/**
 * Clock offset between two captures of one segment, from the frames both captured. A frame's fingerprint recurs when
 * the sender repeats itself byte for byte (a VRRPv2 advert over IPv6, three GARPs in a row), so one matching pair does
 * not fix the offset: every candidate offset taken from pairs of rare fingerprints is scored by how many frames it
 * matches, each match weighted by the inverse of its fingerprint's frequency, so a periodic advert shifted by one
 * interval scores no more than once while every unique frame (an IPv4 identification, a priority change, a GARP)
 * counts in full. The best candidate is then refined to the median difference of the frames it matched.
 */

export interface TimedPrint {
  ts: number;
  print: string;
}

export interface OffsetEstimate {
  /** Other capture's clock minus the reference clock (seconds): subtract it from the other's timestamps. */
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

function byPrint(frames: readonly TimedPrint[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
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

/** Greedy one-to-one matching of two sorted timestamp lists at an offset; calls `hit` with each pair's residual. */
function matchSorted(ref: readonly number[], other: readonly number[], offset: number, windowS: number, hit: (residual: number) => void): void {
  let i = 0;
  for (const t of other) {
    const aligned = t - offset;
    while (i < ref.length && (ref[i] ?? 0) < aligned - windowS) i++;
    const r = ref[i];
    if (r !== undefined && Math.abs(r - aligned) <= windowS) {
      hit(aligned - r);
      i++;
    }
  }
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
      matchSorted(r, o, c.offset, windowS, () => {
        score += weight;
      });
    }
    // Ties go to the smaller offset: with nothing to tell shifts apart, assume the clocks agree best.
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && Math.abs(c.offset) < Math.abs(best.offset))) {
      best = { offset: c.offset, score };
    }
  }
  if (!best) return null;

  // Refine: the median residual of every match at the chosen offset.
  const residuals: number[] = [];
  for (const [r, o] of common) matchSorted(r, o, best.offset, windowS, (res) => residuals.push(res));
  const offsetS = best.offset + median(residuals);
  const after: number[] = [];
  for (const [r, o] of common) matchSorted(r, o, offsetS, windowS, (res) => after.push(Math.abs(res)));
  return { offsetS, matched: after.length, residualS: median(after) };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
