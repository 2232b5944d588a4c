/**
 * A map that drops its oldest entry (first set, among those still present) when it is full. A Map's own insertion
 * order would tell the oldest key, but V8 leaves deleted entries in its table until it rehashes, so taking the first
 * key after many deletions from the front walks over all of them: about 3.6 µs per eviction at 4,096 entries (issue
 * #10: rs-arp-for-vip buffers a claim for each of 50,000 ARP speakers). Here the order is a queue of the entries.
 */
interface Entry<K, V> {
  key: K;
  value: V;
}

/** Queue entries passed over or deleted before the queue is rebuilt without them. */
const SLACK = 1024;

export class OldestFirstMap<K, V> {
  private readonly entries = new Map<K, Entry<K, V>>();
  /** Entries in the order they were set; those no longer in `entries` are skipped and dropped in passing. */
  private queue: Entry<K, V>[] = [];
  private head = 0;
  /** Entries deleted but still queued. */
  private deleted = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  delete(key: K): boolean {
    if (!this.entries.delete(key)) return false;
    this.deleted += 1;
    if (this.deleted > this.entries.size + SLACK) this.rebuild();
    return true;
  }

  /** Sets a value; a new key makes room by dropping the oldest entry when the map is full (an existing key keeps its place). */
  set(key: K, value: V): void {
    const known = this.entries.get(key);
    if (known) {
      known.value = value;
      return;
    }
    if (this.entries.size >= this.capacity) this.dropOldest();
    const entry = { key, value };
    this.entries.set(key, entry);
    this.queue.push(entry);
  }

  private dropOldest(): void {
    while (this.head < this.queue.length) {
      const entry = this.queue[this.head++]!;
      if (this.entries.get(entry.key) === entry) {
        this.entries.delete(entry.key);
        break;
      }
      this.deleted -= 1;
    }
    if (this.head > SLACK && this.head * 2 > this.queue.length) this.rebuild();
  }

  private rebuild(): void {
    this.queue = this.queue.slice(this.head).filter((entry) => this.entries.get(entry.key) === entry);
    this.head = 0;
    this.deleted = 0;
  }
}
