/** A binary min-heap by a numeric key: deadlines that ticks pop when due, without walking everything they track. */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly keyOf: (item: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** The smallest key, or +Infinity when empty. */
  peekKey(): number {
    const top = this.items[0];
    return top === undefined ? Number.POSITIVE_INFINITY : this.keyOf(top);
  }

  push(item: T): void {
    const heap = this.items;
    const key = this.keyOf(item);
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keyOf(heap[parent]!) <= key) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  pop(): T | undefined {
    const heap = this.items;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    const lastKey = this.keyOf(last);
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let best = lastKey;
      if (l < heap.length && this.keyOf(heap[l]!) < best) {
        m = l;
        best = this.keyOf(heap[l]!);
      }
      if (r < heap.length && this.keyOf(heap[r]!) < best) m = r;
      if (m === i) break;
      heap[i] = heap[m]!;
      i = m;
    }
    heap[i] = last;
    return top;
  }
}
