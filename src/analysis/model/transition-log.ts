/**
 * A router's latest master changes, packed: six numbers a transition in one Float64Array ring instead of an object with
 * a frames array (about 150 bytes a transition as objects; 2,040 flapping routers kept 130,000 of them, 19 MiB, at
 * 5,000,000 frames, issue #10). Rules get the change as a `Transition` object in the master-change event; the log is
 * read back as objects only for the document.
 */
import type { TransitionReason } from '../audit-document.js';
import type { Speaker, Transition } from './types.js';

/** Numbers per transition: ts, gapMs, expectedGapMs, the old master's frame, the new master's frame, who and why. */
const FIELDS = 6;
const REASONS: readonly TransitionReason[] = ['priority-zero', 'master-down', 'preempt', 'unknown'];
/** Speaker numbers and the reason share one number: (from + 1) * 2^21 + to, times 4, plus the reason (exact below 2^53). */
const SPEAKER_SPAN = 2 ** 21;
const FIRST_CAPACITY = 8;

export class TransitionLog {
  private rows: Float64Array;
  /** Ring position of the oldest kept transition. */
  private head = 0;
  private count = 0;
  /** Transitions pushed out by `max` (the document's `transitions-dropped`). */
  dropped = 0;
  /** The router's speakers as numbered in the rows, in the order they first changed master. */
  private readonly speakers: Speaker[] = [];
  private readonly numbers = new Map<Speaker, number>();

  constructor(private readonly max: number) {
    this.rows = new Float64Array(Math.min(FIRST_CAPACITY, max) * FIELDS);
  }

  get length(): number {
    return this.count;
  }

  push(t: Transition): void {
    if (this.count === this.max) {
      this.head = (this.head + 1) % this.max;
      this.count -= 1;
      this.dropped += 1;
    } else if (this.count * FIELDS === this.rows.length) this.grow();
    const capacity = this.rows.length / FIELDS;
    const at = ((this.head + this.count) % capacity) * FIELDS;
    const rows = this.rows;
    const twoFrames = t.frames.length > 1;
    rows[at] = t.ts;
    rows[at + 1] = t.gapMs ?? Number.NaN;
    rows[at + 2] = t.expectedGapMs ?? Number.NaN;
    rows[at + 3] = twoFrames ? t.frames[0]! : Number.NaN;
    rows[at + 4] = t.frames[twoFrames ? 1 : 0]!;
    const from = t.from === null ? 0 : this.numberOf(t.from) + 1;
    rows[at + 5] = (from * SPEAKER_SPAN + this.numberOf(t.to)) * 4 + REASONS.indexOf(t.reason);
    this.count += 1;
  }

  /** Oldest first, as new objects (the log keeps numbers only). */
  *[Symbol.iterator](): IterableIterator<Transition> {
    const capacity = this.rows.length / FIELDS;
    for (let i = 0; i < this.count; i++) yield this.at(((this.head + i) % capacity) * FIELDS);
  }

  private at(at: number): Transition {
    const rows = this.rows;
    const who = rows[at + 5]!;
    const reason = REASONS[who % 4]!;
    const speakers = Math.floor(who / 4);
    const from = Math.floor(speakers / SPEAKER_SPAN);
    const fromFrame = rows[at + 3]!;
    const gapMs = rows[at + 1]!;
    const expectedGapMs = rows[at + 2]!;
    return {
      ts: rows[at]!,
      from: from === 0 ? null : this.speakers[from - 1]!,
      to: this.speakers[speakers % SPEAKER_SPAN]!,
      reason,
      gapMs: Number.isNaN(gapMs) ? null : gapMs,
      expectedGapMs: Number.isNaN(expectedGapMs) ? null : expectedGapMs,
      frames: Number.isNaN(fromFrame) ? [rows[at + 4]!] : [fromFrame, rows[at + 4]!],
    };
  }

  private numberOf(speaker: Speaker): number {
    let n = this.numbers.get(speaker);
    if (n === undefined) {
      n = this.speakers.length;
      this.speakers.push(speaker);
      this.numbers.set(speaker, n);
    }
    return n;
  }

  /** Doubles the ring up to `max` rows, the oldest moved to the front. */
  private grow(): void {
    const capacity = Math.min(this.max, (this.rows.length / FIELDS) * 2);
    const rows = new Float64Array(capacity * FIELDS);
    const old = this.rows;
    const oldCapacity = old.length / FIELDS;
    for (let i = 0; i < this.count; i++) {
      const at = ((this.head + i) % oldCapacity) * FIELDS;
      for (let f = 0; f < FIELDS; f++) rows[i * FIELDS + f] = old[at + f]!;
    }
    this.rows = rows;
    this.head = 0;
  }
}
