/**
 * A speaker's activity periods (runs of adverts with one priority), packed in a ring: start and end as two doubles and
 * the priority as one byte, 17 bytes a period in one buffer (4,080 speakers kept 64 periods each at 5,000,000 frames
 * of vrrp-speakers, issue #10). Beyond `max` periods the oldest two are merged into one (the first's start, the
 * second's end and priority), counted in `merged`.
 */
/** Most speakers of a long capture reach a few dozen periods: fewer regrowths (each a new buffer). */
const FIRST_CAPACITY = 16;

export interface ActivePeriod {
  start: number;
  end: number;
  priority: number;
}

export class PeriodLog {
  /** start, end per period (ring positions). */
  private times: Float64Array;
  /** priority per period, in the same buffer after the times. */
  private priorities: Uint8Array;
  private head = 0;
  private count = 0;
  /** Merges made by the bound. */
  merged = 0;

  constructor(private readonly max: number) {
    // Merging needs the two oldest and the new period apart.
    if (max < 3) throw new RangeError('PeriodLog keeps at least 3 periods');
    [this.times, this.priorities] = PeriodLog.buffers(FIRST_CAPACITY);
  }

  get length(): number {
    return this.count;
  }

  /** The latest period's end and priority (callers check `length` first). */
  lastEnd(): number {
    return this.times[this.position(this.count - 1) * 2 + 1]!;
  }

  lastPriority(): number {
    return this.priorities[this.position(this.count - 1)]!;
  }

  /** The latest period now ends at `ts`. */
  extend(ts: number): void {
    this.times[this.position(this.count - 1) * 2 + 1] = ts;
  }

  push(start: number, end: number, priority: number): void {
    if (this.count === this.max) {
      // The oldest two become one: the second keeps its end and priority and takes the first's start.
      const oldest = this.position(0);
      this.times[this.position(1) * 2] = this.times[oldest * 2]!;
      this.head = (this.head + 1) % this.capacity();
      this.count -= 1;
      this.merged += 1;
    } else if (this.count === this.capacity()) this.grow();
    const at = this.position(this.count);
    this.times[at * 2] = start;
    this.times[at * 2 + 1] = end;
    this.priorities[at] = priority;
    this.count += 1;
  }

  /** Oldest first, as new objects. */
  toArray(): ActivePeriod[] {
    const out: ActivePeriod[] = [];
    for (let i = 0; i < this.count; i++) {
      const at = this.position(i);
      out.push({ start: this.times[at * 2]!, end: this.times[at * 2 + 1]!, priority: this.priorities[at]! });
    }
    return out;
  }

  private capacity(): number {
    return this.priorities.length;
  }

  private position(i: number): number {
    return (this.head + i) % this.capacity();
  }

  /** Doubles the ring up to `max` periods, the oldest moved to the front. */
  private grow(): void {
    const [times, priorities] = PeriodLog.buffers(Math.min(this.max, this.capacity() * 2));
    for (let i = 0; i < this.count; i++) {
      const at = this.position(i);
      times[i * 2] = this.times[at * 2]!;
      times[i * 2 + 1] = this.times[at * 2 + 1]!;
      priorities[i] = this.priorities[at]!;
    }
    this.times = times;
    this.priorities = priorities;
    this.head = 0;
  }

  private static buffers(capacity: number): [Float64Array, Uint8Array] {
    const buffer = new ArrayBuffer(capacity * 17);
    return [new Float64Array(buffer, 0, capacity * 2), new Uint8Array(buffer, capacity * 16, capacity)];
  }
}
