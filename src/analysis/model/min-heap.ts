/** A binary min-heap by a numeric key: deadlines that ticks pop when due, without walking everything they track. */
export class MinHeap<T> {
  private readonly items: T[] = [];
  /**
   * Each item's key, taken once when it is pushed (an item's key must not change while it is in the heap): comparing
   * plain numbers instead of calling `keyOf`, a call V8 cannot inline because every heap passes its own function.
   */
  private readonly keys: number[] = [];

  constructor(private readonly keyOf: (item: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** The smallest key, or +Infinity when empty. */
  peekKey(): number {
    return this.items.length === 0 ? Number.POSITIVE_INFINITY : this.keys[0]!;
  }

  push(item: T): void {
    const heap = this.items;
    const keys = this.keys;
    const key = this.keyOf(item);
    heap.push(item);
    keys.push(key);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      heap[i] = heap[parent]!;
      keys[i] = keys[parent]!;
      i = parent;
    }
    heap[i] = item;
    keys[i] = key;
  }

  pop(): T | undefined {
    const heap = this.items;
    const keys = this.keys;
    const top = heap[0];
    const last = heap.pop();
    const lastKey = keys.pop()!;
    if (heap.length === 0 || last === undefined) return top;
    const n = heap.length;
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
      heap[i] = heap[m]!;
      keys[i] = keys[m]!;
      i = m;
    }
    heap[i] = last;
    keys[i] = lastKey;
    return top;
  }
}
