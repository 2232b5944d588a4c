/** A binary min-heap by a numeric key: deadlines that ticks pop when due, without walking everything they track. */
export class MinHeap<T> {
  /**
   * Slots 0..count-1 hold the heap. The arrays never shrink: a heap that empties and refills at every tick (speakers'
   * silences, split-brain's claim ends) made V8 trim and regrow their backing stores with `pop` and `push`, a few MB
   * of garbage per million frames (issue #10). A slot past the end is cleared so that it holds no item.
   */
  private readonly items: (T | undefined)[] = [];
  /**
   * Each item's key, taken once when it is pushed (an item's key must not change while it is in the heap): comparing
   * plain numbers instead of calling `keyOf`, a call V8 cannot inline because every heap passes its own function.
   */
  private readonly keys: number[] = [];
  private count = 0;

  constructor(private readonly keyOf: (item: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** The smallest key, or +Infinity when empty. */
  peekKey(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : this.keys[0]!;
  }

  push(item: T): void {
    const heap = this.items;
    const keys = this.keys;
    const key = this.keyOf(item);
    let i = this.count;
    this.count += 1;
    if (i === heap.length) {
      heap.push(item);
      keys.push(key);
    }
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      heap[i] = heap[parent];
      keys[i] = keys[parent]!;
      i = parent;
    }
    heap[i] = item;
    keys[i] = key;
  }

  pop(): T | undefined {
    if (this.count === 0) return undefined;
    const heap = this.items;
    const keys = this.keys;
    const top = heap[0];
    const n = this.count - 1;
    this.count = n;
    const last = heap[n];
    const lastKey = keys[n]!;
    heap[n] = undefined;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let best = lastKey;
      if (l < n && keys[l]! < best) {
        m = l;
        best = keys[l]!;
      }
      if (r < n && keys[r]! < best) m = r;
      if (m === i) break;
      heap[i] = heap[m];
      keys[i] = keys[m]!;
      i = m;
    }
    heap[i] = last;
    keys[i] = lastKey;
    return top;
  }
}
