/**
 * pcapng timestamps are 64-bit tick counts in a per-interface resolution (`if_tsresol`). They are converted to whole
 * microseconds (sub-microsecond digits are truncated, as tcpdump prints them by default) with exact double arithmetic
 * on the two 32-bit halves, so that no BigInt is created per packet.
 */

const TWO_32 = 4_294_967_296;

/** 10^-r with r <= 6: ticks * 10^(6-r). */
const MULTIPLY = 0;
/** 10^-r with r > 6: floor(ticks / 10^(r-6)). */
const DIVIDE_DECIMAL = 1;
/** 2^-n: floor(ticks * 10^6 / 2^n). */
const BINARY = 2;

export interface TimestampScale {
  readonly kind: typeof MULTIPLY | typeof DIVIDE_DECIMAL | typeof BINARY;
  /** Multiply: 10^(6-r). DivideDecimal: first divisor (<= 10^11, exact in the limb division). */
  readonly factor: number;
  /** DivideDecimal: remaining power of ten divided after the first step (1 when none). Binary: n - 6. */
  readonly rest: number;
  /** `if_tsoffset` in microseconds (seconds added to every timestamp of the interface). */
  readonly offsetMicros: number;
}


/** Scale for an `if_tsresol` byte (default 6 = microseconds) and an `if_tsoffset` in seconds. */
export function timestampScale(tsresol = 6, offsetSeconds = 0): TimestampScale {
  const offsetMicros = offsetSeconds * 1e6;
  if (tsresol & 0x80) {
    return { kind: BINARY, factor: 1, rest: (tsresol & 0x7f) - 6, offsetMicros };
  }
  if (tsresol <= 6) return { kind: MULTIPLY, factor: 10 ** (6 - tsresol), rest: 1, offsetMicros };
  const divisorDigits = tsresol - 6;
  // The limb division is exact while remainder * 65536 + limb < 2^53, i.e. for divisors up to 10^11.
  const firstDigits = Math.min(divisorDigits, 11);
  return {
    kind: DIVIDE_DECIMAL,
    factor: 10 ** firstDigits,
    rest: 10 ** (divisorDigits - firstDigits),
    offsetMicros,
  };
}

/** floor((hi * 2^32 + lo) / divisor) for divisor <= 10^11, by long division over 16-bit limbs. */
function floorDivide64(hi: number, lo: number, divisor: number): number {
  let cur = hi >>> 16;
  let quotient = Math.floor(cur / divisor);
  let rem = cur - quotient * divisor;
  cur = rem * 65_536 + (hi & 0xffff);
  let digit = Math.floor(cur / divisor);
  rem = cur - digit * divisor;
  quotient = quotient * 65_536 + digit;
  cur = rem * 65_536 + (lo >>> 16);
  digit = Math.floor(cur / divisor);
  rem = cur - digit * divisor;
  quotient = quotient * 65_536 + digit;
  cur = rem * 65_536 + (lo & 0xffff);
  digit = Math.floor(cur / divisor);
  return quotient * 65_536 + digit;
}

/** floor(ticks * 10^6 / 2^n) with ticks = hi * 2^32 + lo, written as ticks * 15625 / 2^(n-6). */
function binaryToMicros(hi: number, lo: number, shift: number): number {
  let high = hi * 15_625;
  let low = lo * 15_625;
  const carry = Math.floor(low / TWO_32);
  high += carry;
  low -= carry * TWO_32;
  if (shift <= 0) return (high * TWO_32 + low) * 2 ** -shift;
  if (shift <= 32) return high * 2 ** (32 - shift) + Math.floor(low / 2 ** shift);
  return Math.floor(high / 2 ** (shift - 32));
}

/** Microseconds since the epoch for the 64-bit tick count `hi:lo` (unsigned 32-bit halves). */
export function ticksToMicros(hi: number, lo: number, scale: TimestampScale): number {
  let micros: number;
  switch (scale.kind) {
    case MULTIPLY:
      micros = (hi * TWO_32 + lo) * scale.factor;
      break;
    case DIVIDE_DECIMAL:
      micros = floorDivide64(hi, lo, scale.factor);
      // floor(floor(x / a) / b) == floor(x / (a * b)) for positive integers, so a huge divisor splits exactly.
      if (scale.rest !== 1) micros = Math.floor(micros / scale.rest);
      break;
    case BINARY:
      micros = binaryToMicros(hi, lo, scale.rest);
      break;
  }
  return micros + scale.offsetMicros;
}
