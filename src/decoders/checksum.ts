/** RFC 1071 Internet checksum pieces: 32-bit accumulation of 16-bit big-endian words, folded at the end. */

/** Adds `len` bytes from `o` to `sum` (an odd last byte is padded with a zero, as RFC 1071 says). */
export function sumBytes(b: Uint8Array, o: number, len: number, sum: number): number {
  const end = o + len;
  let i = o;
  for (; i + 1 < end; i += 2) sum += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  if (i < end) sum += (b[i] ?? 0) << 8;
  // Fold often enough that the accumulator stays an exact small integer.
  return (sum & 0xffff) + Math.floor(sum / 0x10000);
}

/** Folds a running sum to 16 bits (one's complement sum, not yet complemented). */
export function foldSum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** The checksum to write into a header whose checksum field was zero while summing. */
export function finishChecksum(sum: number): number {
  return ~foldSum(sum) & 0xffff;
}

/** True when a message that includes its own checksum field sums to 0xffff. */
export function sumIsValid(sum: number): boolean {
  return foldSum(sum) === 0xffff;
}

/** IPv4 pseudo-header (RFC 768 layout): src, dst, zero, protocol, length. */
export function ipv4PseudoSum(b: Uint8Array, srcOff: number, dstB: Uint8Array, dstOff: number, proto: number, len: number): number {
  let sum = sumBytes(b, srcOff, 4, 0);
  sum = sumBytes(dstB, dstOff, 4, sum);
  return sum + proto + len;
}

/** IPv6 pseudo-header (RFC 8200 §8.1): src, dst, 32-bit length, next header. */
export function ipv6PseudoSum(b: Uint8Array, srcOff: number, dstB: Uint8Array, dstOff: number, proto: number, len: number): number {
  let sum = sumBytes(b, srcOff, 16, 0);
  sum = sumBytes(dstB, dstOff, 16, sum);
  return sum + Math.floor(len / 0x10000) + (len & 0xffff) + proto;
}
