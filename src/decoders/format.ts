/**
 * Address and time text, built from precomputed tables. Called only for frames that are reported: the hot path
 * never formats anything.
 */

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const DEC: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

function hex2(v: number | undefined): string {
  return HEX2[(v ?? 0) & 0xff] as string;
}

function dec(v: number | undefined): string {
  return DEC[(v ?? 0) & 0xff] as string;
}

/**
 * Recently formatted addresses, by value: a capture repeats the same few hosts and routers, and a cached text is
 * both cheaper than formatting it again and already flat for whoever writes it out. Direct-mapped tables of fixed
 * size (a colliding address replaces the older one), so memory stays bounded with any number of hosts.
 */
const CACHE_BITS = 12;
const CACHE_SIZE = 1 << CACHE_BITS;
const ipv4Keys = new Int32Array(CACHE_SIZE);
const ipv4Texts: (string | undefined)[] = new Array<string | undefined>(CACHE_SIZE).fill(undefined);
const macKeysHigh = new Int32Array(CACHE_SIZE);
const macKeysLow = new Int32Array(CACHE_SIZE);
const macTexts: (string | undefined)[] = new Array<string | undefined>(CACHE_SIZE).fill(undefined);

function slot(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - CACHE_BITS);
}

/** A text whose characters are stored in one piece (a concatenation is flattened on its first character read). */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

/** `aa:bb:cc:dd:ee:ff`, lowercase. */
export function formatMac(b: Uint8Array, o: number): string {
  const high = (((b[o] ?? 0) << 8) | (b[o + 1] ?? 0)) | 0;
  const low = (((b[o + 2] ?? 0) << 24) | ((b[o + 3] ?? 0) << 16) | ((b[o + 4] ?? 0) << 8) | (b[o + 5] ?? 0)) | 0;
  const i = slot(low ^ Math.imul(high, 0x27d4eb2d));
  const cached = macTexts[i];
  if (cached !== undefined && macKeysLow[i] === low && macKeysHigh[i] === high) return cached;
  const text = flat(`${hex2(b[o])}:${hex2(b[o + 1])}:${hex2(b[o + 2])}:${hex2(b[o + 3])}:${hex2(b[o + 4])}:${hex2(b[o + 5])}`);
  macKeysHigh[i] = high;
  macKeysLow[i] = low;
  macTexts[i] = text;
  return text;
}

/** Link-layer addresses that are not 6 bytes long (SLL with another ARPHRD): colon-separated hex of `len` bytes. */
export function formatLinkAddress(b: Uint8Array, o: number, len: number): string {
  if (len === 6) return formatMac(b, o);
  let s = '';
  for (let i = 0; i < len; i++) s += (i === 0 ? '' : ':') + hex2(b[o + i]);
  return s;
}

export function formatIpv4(b: Uint8Array, o: number): string {
  return formatIpv4Uint(((b[o] ?? 0) << 24) | ((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0));
}

export function formatIpv4Uint(v: number): string {
  const key = v | 0;
  const i = slot(key);
  const cached = ipv4Texts[i];
  if (cached !== undefined && ipv4Keys[i] === key) return cached;
  const text = flat(`${dec(v >>> 24)}.${dec(v >>> 16)}.${dec(v >>> 8)}.${dec(v)}`);
  ipv4Keys[i] = key;
  ipv4Texts[i] = text;
  return text;
}

export function readUint32(b: Uint8Array, o: number): number {
  return (((b[o] ?? 0) << 24) | ((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0)) >>> 0;
}

/** RFC 5952: lowercase, no leading zeros, the longest run (≥ 2) of zero groups compressed (leftmost on a tie). */
export function formatIpv6(b: Uint8Array, o: number): string {
  let bestStart = -1;
  let bestLen = 0;
  let runStart = -1;
  for (let g = 0; g < 8; g++) {
    const zero = (b[o + 2 * g] ?? 0) === 0 && (b[o + 2 * g + 1] ?? 0) === 0;
    if (zero) {
      if (runStart < 0) runStart = g;
      const len = g - runStart + 1;
      if (len > bestLen) {
        bestLen = len;
        bestStart = runStart;
      }
    } else {
      runStart = -1;
    }
  }
  // IPv4-mapped (::ffff:a.b.c.d) keeps the dotted quad, as RFC 5952 §5 recommends.
  if (bestStart === 0 && bestLen === 5 && b[o + 10] === 0xff && b[o + 11] === 0xff) {
    return `::ffff:${formatIpv4(b, o + 12)}`;
  }
  if (bestLen < 2) bestStart = -1;
  let s = '';
  for (let g = 0; g < 8; g++) {
    if (g === bestStart) {
      s += '::';
      g += bestLen - 1;
      continue;
    }
    const word = ((b[o + 2 * g] ?? 0) << 8) | (b[o + 2 * g + 1] ?? 0);
    if (s !== '' && !s.endsWith(':')) s += ':';
    s += word.toString(16);
  }
  return s;
}

/** `0x` and four lowercase hex digits. */
export function formatHex16(v: number): string {
  return `0x${hex2(v >>> 8)}${hex2(v)}`;
}

/** Lowercase hex of `len` bytes, no separators. */
export function formatHexBytes(b: Uint8Array, o: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += hex2(b[o + i]);
  return s;
}

/** What a time outside the calendar range shows instead of a date (decode's `time`, report columns). */
export const TIME_OUT_OF_RANGE = 'out-of-range';

/**
 * JavaScript dates span ±8.64e15 ms around the epoch (years -271821..275760), while a pcapng timestamp may claim any
 * 64-bit tick count (and any offset): such a frame is kept and its time shown as out of range, never thrown on.
 */
const MAX_DATE_MICROS = 8.64e18;

/** Whether `tsMicros` has a calendar date (see MAX_DATE_MICROS). */
export function timeInRange(tsMicros: number): boolean {
  return Number.isFinite(tsMicros) && Math.abs(tsMicros) < MAX_DATE_MICROS - 1e6;
}

/** The `YYYY-MM-DDTHH:MM:SS.` prefix of the last second formatted: adverts arrive many per second, Date is slow. */
let cachedSecond = Number.NaN;
let cachedPrefix = '';
/** `000` to `999`: the six fraction digits are two of these. */
const DIGITS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * ISO 8601 UTC with six fractional digits, computed from integer microseconds so none is lost; years outside
 * 0000..9999 use the expanded form (`+294247-01-10T...`), times without a date give TIME_OUT_OF_RANGE. The one
 * calendar formatter: every date or clock the tool prints is cut from this text.
 */
export function formatIsoMicros(tsMicros: number): string {
  if (!timeInRange(tsMicros)) return TIME_OUT_OF_RANGE;
  const micros = Math.round(tsMicros);
  const seconds = Math.floor(micros / 1e6);
  const frac = micros - seconds * 1e6;
  if (seconds !== cachedSecond) {
    const base = new Date(seconds * 1000).toISOString();
    cachedPrefix = base.slice(0, base.length - 4);
    cachedSecond = seconds;
  }
  const millis = Math.floor(frac / 1000);
  return `${cachedPrefix}${DIGITS3[millis] as string}${DIGITS3[frac - millis * 1000] as string}Z`;
}

/** `HH:MM:SS.ffffff` of an ISO text from formatIsoMicros (whatever the year's width), or TIME_OUT_OF_RANGE. */
export function isoTimeOfDay(iso: string): string {
  const t = iso.indexOf('T');
  return t < 0 ? TIME_OUT_OF_RANGE : iso.slice(t + 1, iso.length - 1);
}

/** `YYYY-MM-DD` of an ISO text from formatIsoMicros, or TIME_OUT_OF_RANGE. */
export function isoDate(iso: string): string {
  const t = iso.indexOf('T');
  return t < 0 ? TIME_OUT_OF_RANGE : iso.slice(0, t);
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Text that came from a capture, made safe for a terminal: control characters (C0, DEL and C1, whose CSI 0x9b a
 * terminal obeys like ESC [) become `\xNN`, so no byte of a capture can clear the screen or set the window title.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL_CHARS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Capture text between double quotes, unambiguous: `\` and `"` escaped too (a password may hold either). */
export function quoteCaptureText(text: string): string {
  return `"${escapeControls(text.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
}
