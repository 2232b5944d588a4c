/**
 * The frames of one capture that the clock estimate looks at, in bounded memory: timestamp and fingerprint key of
 * every relevant frame up to SAMPLE_LIMIT, and past it the frames whose key is a multiple of 2^level, the level going
 * up (and the kept entries thinned) whenever the sample is full again. Every capture samples by the same rule, so a
 * frame two vantage points captured is in both samples or in neither, and all the repeats of one fingerprint stay
 * together (the estimate weighs a fingerprint by how often it recurs). A capture with fewer relevant frames than the
 * limit is estimated from all of them, exactly as before sampling existed.
 */
import type { TimedPrint } from './clock-offset.js';

/** Entries kept per capture: 16 bytes each, so 2 MiB; the estimate's own maps over them are transient. */
export const SAMPLE_LIMIT = 1 << 17;
/** Past this level a key with as many trailing zero bits is too rare to thin further: the sample stops growing. */
const MAX_LEVEL = 40;

export class ClockSample {
  private ts = new Float64Array(1024);
  private keys = new Float64Array(1024);
  private size = 0;
  /** Entries are kept when key % 2^level is 0. */
  level = 0;

  constructor(private readonly limit = SAMPLE_LIMIT) {}

  add(ts: number, key: number): void {
    if (key % 2 ** this.level !== 0) return;
    if (this.size === this.limit && this.level === MAX_LEVEL) return;
    if (this.size === this.ts.length) this.grow();
    this.ts[this.size] = ts;
    this.keys[this.size] = key;
    this.size++;
    while (this.size > this.limit && this.level < MAX_LEVEL) this.thin(this.level + 1);
    if (this.size > this.limit) this.size = this.limit;
  }

  /** The kept entries whose key is a multiple of 2^level (level at least this sample's own), in capture order. */
  prints(level = this.level): TimedPrint[] {
    const modulus = 2 ** level;
    const out: TimedPrint[] = [];
    for (let i = 0; i < this.size; i++) {
      const key = this.keys[i] as number;
      if (key % modulus === 0) out.push({ ts: this.ts[i] as number, print: key });
    }
    return out;
  }

  private thin(level: number): void {
    const modulus = 2 ** level;
    let kept = 0;
    for (let i = 0; i < this.size; i++) {
      const key = this.keys[i] as number;
      if (key % modulus !== 0) continue;
      this.ts[kept] = this.ts[i] as number;
      this.keys[kept] = key;
      kept++;
    }
    this.size = kept;
    this.level = level;
  }

  private grow(): void {
    const length = Math.min(this.ts.length * 2, this.limit + 1);
    const ts = new Float64Array(length);
    const keys = new Float64Array(length);
    ts.set(this.ts);
    keys.set(this.keys);
    this.ts = ts;
    this.keys = keys;
  }
}
