import { describe, expect, it } from 'vitest';
import { OldestFirstMap } from '../../src/analysis/oldest-first-map.js';

/** The same bounded map on a plain Map's insertion order (what rs-arp-for-vip did before): the reference. */
class Reference<K, V> {
  readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  set(key: K, value: V): void {
    if (!this.map.has(key) && this.map.size >= this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
  }
}

describe('OldestFirstMap', () => {
  it('drops the oldest key still present when a new key comes to a full map', () => {
    const m = new OldestFirstMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    m.delete('a');
    m.set('d', 4);
    expect(m.size).toBe(3);
    m.set('b', 20);
    m.set('e', 5);
    expect([m.get('a'), m.get('b'), m.get('c'), m.get('d'), m.get('e')]).toEqual([undefined, undefined, 3, 4, 5]);
    m.set('a', 6);
    expect([m.get('c'), m.get('d'), m.get('a')]).toEqual([undefined, 4, 6]);
  });

  it('keeps the order of a plain Map through long runs of sets, deletions and re-insertions', () => {
    const m = new OldestFirstMap<number, number>(50);
    const ref = new Reference<number, number>(50);
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 20_000; i++) {
      const key = next() % 400;
      if (next() % 3 === 0) {
        expect(m.delete(key)).toBe(ref.map.delete(key));
      } else {
        m.set(key, i);
        ref.set(key, i);
      }
      expect(m.size).toBe(ref.map.size);
    }
    for (let key = 0; key < 400; key++) expect(m.get(key)).toBe(ref.map.get(key));
  });
});
