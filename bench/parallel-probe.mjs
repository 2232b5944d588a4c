/**
 * What two cores give two JavaScript programs at once on this machine, whatever vrrp-inspect does: the ceiling for
 * auditing several captures on worker threads. The benchmark times one copy of this program alone and two copies at
 * once; two at once taking as long as one alone would mean the second core is free.
 *   alloc: makes short-lived objects and keeps a ring of 200,000 live ones (as an audit keeps its model while it
 *          decodes): bound by memory and the garbage collector.
 *   spin:  arithmetic in registers only: bound by the core.
 * Prints a checksum so that the work cannot be optimised away.
 * Usage: node bench/parallel-probe.mjs alloc|spin
 */
const kind = process.argv[2];
let sum = 0;
if (kind === 'alloc') {
  const ring = new Array(200_000);
  for (let i = 0; i < 2_500_000; i++) {
    const o = { a: i, b: `x${i & 1023}`, c: [i, i + 1] };
    ring[i % 200_000] = o;
    sum += o.c[1] & 7;
  }
} else if (kind === 'spin') {
  for (let i = 0; i < 100_000_000; i++) sum = (sum + i * 7) % 1_000_003;
} else {
  throw new Error('usage: node bench/parallel-probe.mjs alloc|spin');
}
process.stdout.write(`${sum}\n`);
