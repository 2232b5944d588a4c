/**
 * JSON text written straight into bytes: what `JSON.stringify(value)` would give, UTF-8 encoded, without building the
 * string first. `decode --format jsonl` prints one line per relevant frame; stringifying each FrameInfo and then
 * encoding the joined lines to UTF-8 was most of its time. This writer walks the object itself (so it follows the
 * decoders' key order without a second list of fields that could drift), copies ASCII strings byte by byte and
 * formats integers and decode timestamps without creating a string.
 *
 * Scope: plain data as the decoders build it (objects without toJSON, arrays, strings, numbers, booleans, null).
 * As with JSON.stringify, symbol keys and properties whose value is undefined, a function or a symbol are left out
 * of objects and become `null` in arrays. Anything rarer (a string to escape or with non-ASCII characters, a number
 * that is not an integer or a timestamp, a bigint, an object with toJSON) is handed to JSON.stringify itself, so the
 * two cannot disagree. test/report/json-bytes.test.ts compares them on random values and on decoded frames.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const ZERO = 0x30;
const NEWLINE = 0x0a;
const TRUE = Uint8Array.of(0x74, 0x72, 0x75, 0x65);
const FALSE = Uint8Array.of(0x66, 0x61, 0x6c, 0x73, 0x65);
const NULL = Uint8Array.of(0x6e, 0x75, 0x6c, 0x6c);

/** Decimal timestamps up to this many seconds take the fast path (see writeNumber). */
const FAST_FRACTION_LIMIT = 4e9;

export class JsonByteWriter {
  private buf: Buffer;
  private pos = 0;

  /** `capacity` is where the caller means to flush; the buffer grows past it only for one very large value. */
  constructor(private readonly capacity = 1 << 16) {
    this.buf = Buffer.allocUnsafe(capacity + 1024);
  }

  /** Bytes written since the last take(). */
  get length(): number {
    return this.pos;
  }

  /**
   * The bytes written so far, in a buffer of their own (a stream may keep it until written): writing continues in a
   * fresh one.
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.capacity + 1024);
    this.pos = 0;
    return out;
  }

  /** `JSON.stringify(value)` followed by a newline: one line of JSONL. */
  line(value: unknown): void {
    this.value(value);
    this.newline();
  }

  newline(): void {
    this.reserve(1);
    this.buf[this.pos++] = NEWLINE;
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes + 1024));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Bytes that are JSON already (punctuation, a key and its colon). */
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i] as number;
    this.pos = p;
  }

  /** Text JSON.stringify produced (the rare cases): UTF-8, as the stream would have encoded it. */
  private text(json: string): void {
    this.reserve(json.length * 3);
    this.pos += this.buf.write(json, this.pos, 'utf8');
  }

  /** Any JSON value, as JSON.stringify writes it. */
  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.bytes(v ? TRUE : FALSE);
        return;
      case 'object':
        if (v === null) this.bytes(NULL);
        else if (Array.isArray(v)) this.array(v);
        else if (typeof (v as { toJSON?: unknown }).toJSON === 'function') this.text(JSON.stringify(v));
        else this.object(v as Record<string, unknown>);
        return;
      default:
        // undefined, functions and symbols only reach here inside an array (objects skip them): JSON says null.
        // A bigint makes JSON.stringify throw, as it should.
        this.text(JSON.stringify(v) ?? 'null');
    }
  }

  private object(o: Record<string, unknown>): void {
    this.reserve(1);
    this.buf[this.pos++] = 0x7b;
    let first = true;
    // for-in walks the enumerable string keys in JSON.stringify's order: the own ones of a plain object, which
    // inherits none (checking each key with hasOwnProperty measured 10% of the writer's time).
    for (const key in o) {
      const v = o[key];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      if (!first) {
        this.reserve(1);
        this.buf[this.pos++] = COMMA;
      }
      first = false;
      this.string(key);
      this.reserve(1);
      this.buf[this.pos++] = COLON;
      this.value(v);
    }
    this.reserve(1);
    this.buf[this.pos++] = 0x7d;
  }

  private array(a: readonly unknown[]): void {
    this.reserve(1);
    this.buf[this.pos++] = 0x5b;
    for (let i = 0; i < a.length; i++) {
      if (i > 0) {
        this.reserve(1);
        this.buf[this.pos++] = COMMA;
      }
      this.value(a[i]);
    }
    this.reserve(1);
    this.buf[this.pos++] = 0x5d;
  }

  /** Printable ASCII is copied as is; a string needing any escape or encoding goes to JSON.stringify. */
  string(s: string): void {
    const n = s.length;
    this.reserve(n + 2);
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    buf[p++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
        this.pos = start;
        this.text(JSON.stringify(s));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = QUOTE;
    this.pos = p;
  }

  /**
   * Integers 0..2^32-1 and timestamps with at most six decimals (FrameInfo.ts, `round(micros) / 1e6`) are written
   * digit by digit; everything else as JSON.stringify writes it. For 1 <= v < 4e9 the spacing of doubles is below
   * 1e-6, so the decimal with six or fewer fraction digits that maps to v is unique, hence the shortest one, which is
   * what ECMAScript's Number::toString prints (checked against String(v) on random values in the tests).
   */
  number(v: number): void {
    if (v >>> 0 === v) {
      this.unsigned(v);
      return;
    }
    if (v >= 1 && v < FAST_FRACTION_LIMIT) {
      const micros = Math.round(v * 1e6);
      if (micros / 1e6 === v) {
        const seconds = Math.floor(micros / 1e6);
        this.unsigned(seconds);
        let frac = (micros - seconds * 1e6) | 0;
        if (frac === 0) return;
        let digits = 6;
        while (frac % 10 === 0) {
          frac = (frac / 10) | 0;
          digits--;
        }
        this.reserve(digits + 1);
        const buf = this.buf;
        buf[this.pos] = 0x2e;
        let p = this.pos + digits;
        this.pos = p + 1;
        for (let i = 0; i < digits; i++) {
          const q = (frac / 10) | 0;
          buf[p--] = ZERO + frac - q * 10;
          frac = q;
        }
        return;
      }
    }
    this.text(JSON.stringify(v));
  }

  private unsigned(v: number): void {
    const digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6 : decimalDigits(v);
    this.reserve(digits);
    const buf = this.buf;
    let p = this.pos + digits - 1;
    this.pos += digits;
    if (v <= 0x7fffffff) {
      // int32 arithmetic: V8 divides integers much faster than doubles.
      let n = v | 0;
      do {
        const q = (n / 10) | 0;
        buf[p--] = ZERO + n - q * 10;
        n = q;
      } while (n > 0);
      return;
    }
    do {
      const d = v % 10;
      buf[p--] = ZERO + d;
      v = (v - d) / 10;
    } while (v > 0);
  }
}

function decimalDigits(v: number): number {
  let digits = 7;
  for (let t = v; t >= 1e7; t = Math.floor(t / 10)) digits++;
  return digits;
}

/** The bytes of a piece of JSON text known in advance (ASCII): a key with its quotes and colon, punctuation. */
export function jsonBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
