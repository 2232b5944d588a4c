/**
 * Byte-level mutations of seed frames for the fuzz tests: bit flips, inserted and deleted bytes, cuts, runs of one
 * value, splices with another seed, and interesting 16-bit values where the headers are. Deterministic for a given
 * random source. Mutations are made in one reused buffer, so a million mutated frames allocate nothing per frame.
 */

/** Values that make header fields zero, all-ones, sign-bit or one. */
const INTERESTING_PAIRS: readonly (readonly [number, number])[] = [[0, 0], [0xff, 0xff], [0x80, 0x00], [0x00, 0x01]];
/** Most bytes one mutation can add: an insertion of 16 random bytes. Splices add at most a donor's length. */
const MAX_INSERT = 16;
const MAX_ROUNDS = 3;

export class FrameMutator {
  private buf: Uint8Array;
  private readonly maxDonor: number;

  /** `donors` are the frames a splice takes its tail from. */
  constructor(
    private readonly random: () => number,
    private readonly donors: readonly Uint8Array[],
  ) {
    this.maxDonor = donors.reduce((m, d) => Math.max(m, d.length), 0);
    this.buf = new Uint8Array(this.capacityFor(this.maxDonor));
  }

  /**
   * One to three mutations of `data` into the reused buffer; returns the mutated length. The bytes are
   * `buffer[0, length)`, valid until the next call; what lies beyond `length` is left over from earlier frames.
   */
  mutate(data: Uint8Array): number {
    if (this.buf.length < this.capacityFor(data.length)) this.buf = new Uint8Array(this.capacityFor(data.length));
    const out = this.buf;
    out.set(data);
    let len = data.length;
    const rounds = 1 + this.pick(MAX_ROUNDS);
    for (let r = 0; r < rounds; r++) {
      switch (this.pick(8)) {
        case 0:
        case 1: {
          for (let i = 1 + this.pick(8); i > 0 && len > 0; i--) out[this.pick(len)]! ^= 1 << this.pick(8);
          break;
        }
        case 2: {
          const at = this.pick(len + 1);
          const count = 1 + this.pick(MAX_INSERT);
          out.copyWithin(at + count, at, len);
          for (let k = 0; k < count; k++) out[at + k] = this.pick(256);
          len += count;
          break;
        }
        case 3: {
          const at = this.pick(len + 1);
          const end = Math.min(len, at + 1 + this.pick(16));
          out.copyWithin(at, end, len);
          len -= end - at;
          break;
        }
        case 4:
          len = this.pick(len + 1);
          break;
        case 5: {
          const any = this.pick(256);
          const choice = this.pick(3);
          const value = choice === 0 ? 0x00 : choice === 1 ? 0xff : any;
          const at = this.pick(len + 1);
          out.fill(value, at, Math.min(len, at + 1 + this.pick(8)));
          break;
        }
        case 6: {
          const other = this.donors[this.pick(this.donors.length)]!;
          const cut = this.pick(len + 1);
          const from = this.pick(other.length + 1);
          out.set(other.subarray(from), cut);
          len = cut + other.length - from;
          break;
        }
        default: {
          // Interesting values in the first 80 bytes, where the headers are.
          const at = this.pick(Math.min(len, 80) + 1);
          if (at + 1 < len) out.set(INTERESTING_PAIRS[this.pick(INTERESTING_PAIRS.length)]!, at);
        }
      }
    }
    return len;
  }

  /** The buffer `mutate` wrote into (replaced when a longer input needs more room). */
  get buffer(): Uint8Array {
    return this.buf;
  }

  /** A mutated copy of `data`, for callers that keep it (capture files under construction). */
  mutatedCopy(data: Uint8Array): Uint8Array {
    return this.buf.slice(0, this.mutate(data));
  }

  private pick(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** Room for the input grown by the largest insertion or splice in every round. */
  private capacityFor(inputLength: number): number {
    return inputLength + MAX_ROUNDS * (MAX_INSERT + this.maxDonor);
  }
}
