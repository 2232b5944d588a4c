/**
 * Small deterministic PRNG (mulberry32), so generated files and chunkings are the same on every run. Apart from
 * capture-files.ts (which re-exports it) because that module needs vitest, and the fuzz worker thread runs without it.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
