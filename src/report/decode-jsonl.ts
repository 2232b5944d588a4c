/**
 * `decode --format jsonl`: one JSON object per frame, byte for byte what `JSON.stringify(frame)` gives, written
 * straight into byte blocks.
 *
 * Why not `JSON.stringify`: on a capture of VRRP adverts, serialising and then UTF-8 encoding each line was most of
 * `decode`'s time (docs/performance.md). Here the keys and punctuation between two values are precomputed bytes,
 * integers are written as digits, and addresses, times and other plain ASCII texts are copied character by character
 * with a check for anything JSON would escape. Whatever is rare or irregular (decode errors, tunnels, ND, ICMP, CARP,
 * texts needing escapes, numbers that are not small integers) goes through `JSON.stringify` of that part only.
 *
 * The key order is the order in which the decoders insert the keys (which is what `JSON.stringify` follows), not the
 * order of the interfaces in frame-info.ts: test/report/decode-jsonl.test.ts compares every line with
 * `JSON.stringify` on generated and fuzzed frames and every fixture, and fails when a decoder changes its order.
 */
import { once } from 'node:events';
import type { ArpInfo, FrameInfo, IpInfo, L4Info, VrrpInfo } from '../decoders/frame-info.js';

/** A block is handed to the stream once it holds this much. */
const BLOCK_BYTES = 1 << 16;
/**
 * Room each part of a line makes before it writes (a part is a few fields; see `frame`): more than its keys, numbers
 * (at most 24 bytes each) and short texts can take. Longer pieces (each address of a list, long or escaped texts, the
 * parts left to JSON.stringify) make their own room.
 */
const PART_ROOM = 1 << 11;
/** Texts up to this long are copied without making room first (PART_ROOM counts them at this length). */
const FAST_TEXT_CHARS = 64;
/** A new block has room for the last line that crosses BLOCK_BYTES without growing. */
const BLOCK_ALLOC = BLOCK_BYTES + 4 * PART_ROOM;

/**
 * A constant piece of output (keys and punctuation between two values), as little-endian 32-bit words so that it is
 * copied four bytes per store. The last word is padded with spaces: `put` writes it whole, and whatever is written
 * next overwrites the padding (every part has PART_ROOM of room, so the padding never passes the block's end).
 */
interface Piece {
  words: Int32Array;
  length: number;
}

function bytes(text: string): Piece {
  const padded = Buffer.from(text.padEnd(Math.ceil(text.length / 4) * 4, ' '), 'latin1');
  const words = new Int32Array(padded.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = padded.readInt32LE(i * 4);
  return { words, length: text.length };
}

// Keys with the punctuation around them, as one piece per gap between two values.
const K_FRAME = bytes('{"frame":');
const K_TS = bytes(',"ts":');
const K_TIME = bytes(',"time":');
const K_IFACE = bytes(',"iface":');
const K_LINK_TYPE = bytes(',"linkType":');
const K_CAP_LEN = bytes(',"capLen":');
const K_WIRE_LEN = bytes(',"wireLen":');
const K_VLAN_EMPTY = bytes(',"vlan":[]');
const K_VLAN_OPEN = bytes(',"vlan":[');
const K_ETH_SRC = bytes(',"ethSrc":');
const K_ETH_DST = bytes(',"ethDst":');
const K_ETHER_TYPE = bytes(',"etherType":');
const K_IP = bytes(',"ip":{"version":');
const K_L4 = bytes(',"l4":{"proto":');
const K_ICMP = bytes(',"icmp":');
const K_VRRP = bytes(',"vrrp":{"version":');
const K_CARP = bytes(',"carp":');
const K_ARP = bytes(',"arp":{"op":');
const K_ND = bytes(',"nd":');
const K_TUNNEL = bytes(',"tunnel":');
const K_INNER = bytes(',"inner":');
const K_ERROR = bytes(',"error":');
const K_ERRORS = bytes(',"errors":');
const K_TRUNCATED = bytes(',"truncated":true');
const K_TRUNCATED_KEY = bytes(',"truncated":');
const K_SEEN_BY = bytes(',"seenBy":');

const K_SRC = bytes(',"src":');
const K_DST = bytes(',"dst":');
const K_TTL = bytes(',"ttl":');
const K_PROTO = bytes(',"proto":');
const K_FRAGMENT = bytes(',"fragment":');
const K_FRAGMENT_OFFSET = bytes(',"fragmentOffset":');
const K_MORE_FRAGMENTS = bytes(',"moreFragments":');
const K_ID = bytes(',"id":');
const K_TOS = bytes(',"tos":');

const K_SRC_PORT = bytes(',"srcPort":');
const K_DST_PORT = bytes(',"dstPort":');

const K_TYPE = bytes(',"type":');
const K_VRID = bytes(',"vrid":');
const K_PRIORITY = bytes(',"priority":');
const K_COUNT = bytes(',"count":');
const K_AUTH_TYPE = bytes(',"authType":');
const K_INTERVAL_MS = bytes(',"intervalMs":');
const K_CHECKSUM = bytes(',"checksum":');
const K_CHECKSUM_VALID = bytes(',"checksumValid":');
const K_CHECKSUM_VARIANT = bytes(',"checksumVariant":');
const K_CHECKSUM_STATUS = bytes(',"checksumStatus":');
const K_ADDRESSES = bytes(',"addresses":[');
const K_AUTH_DATA = bytes(',"authData":');
const K_CISCO_MD5 = bytes(',"ciscoMd5":');
const K_AUTH_DATA_BYTES = bytes(',"authDataBytes":');
const K_RESERVED = bytes(',"reserved":');
const K_TRAILING_BYTES = bytes(',"trailingBytes":');
const K_UNVOUCHED = bytes(',"unvouched":');

const K_SENDER_MAC = bytes(',"senderMac":');
const K_SENDER_IP = bytes(',"senderIp":');
const K_TARGET_MAC = bytes(',"targetMac":');
const K_TARGET_IP = bytes(',"targetIp":');
const K_GRATUITOUS = bytes(',"gratuitous":');
const K_ANNOUNCEMENT = bytes(',"announcement":');
const K_PROBE = bytes(',"probe":');

const TRUE = bytes('true');
const FALSE = bytes('false');
const NULL = bytes('null');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;
const DOT = 0x2e;
const ZERO = 0x30;

/**
 * 0-9999 as one little-endian word each (digits, then spaces) and their lengths: most numbers of a frame (TTL,
 * protocol, VRID, priority, lengths, VLAN ids, interval) are written with one store.
 */
const SMALL_NUMBERS = 10_000;
const SMALL_WORDS = new Int32Array(SMALL_NUMBERS);
const SMALL_LENGTHS = new Uint8Array(SMALL_NUMBERS);
for (let v = 0; v < SMALL_NUMBERS; v++) {
  const text = String(v);
  SMALL_WORDS[v] = Buffer.from(text.padEnd(4, ' '), 'latin1').readInt32LE(0);
  SMALL_LENGTHS[v] = text.length;
}

/**
 * The last text written for one field, as words (like a piece, quotes included): fields that usually repeat from one
 * frame to the next (VRRP's multicast destination and MAC, broadcast, checksum status and variant) are copied from it
 * when the text is the same, a word at a time instead of a character at a time.
 */
class RepeatedText {
  /** Nothing yet: no text equals it. */
  text: string | undefined = undefined;
  readonly words = new Int32Array(Math.ceil((FAST_TEXT_CHARS + 2) / 4));
  length = 0;
}

/** 000-999, zero-padded, as one little-endian word each (the fourth byte a space): a timestamp's fraction. */
const THREE_DIGIT_WORDS = new Int32Array(1000);
for (let v = 0; v < 1000; v++) THREE_DIGIT_WORDS[v] = Buffer.from(`${String(v).padStart(3, '0')} `, 'latin1').readInt32LE(0);

/** Largest whole number of microseconds whose `ts` (seconds) JSON prints as the plain decimal (see `ts`). */
const MAX_PLAIN_TS_MICROS = 2 ** 31 * 1e6;

/**
 * Writes frames as JSON Lines into blocks of about 64 KiB and hands each full block to `stream`. A block is never
 * touched again once written (a pipe or socket may still hold it), so each block is new; memory stays flat because
 * the caller waits for 'drain' (output.ts waitForDrain) between capture chunks.
 *
 * Every writer takes the position and returns the one after what it wrote. A line is written in parts of a few
 * fields each, so that V8 inlines the small writers (`put`, `uint`, `text`) into each part within its inlining budget
 * (one function for the whole line left most of them as calls). Each part first makes PART_ROOM of room.
 */
export class JsonlFrameWriter {
  private buf: Buffer = Buffer.allocUnsafeSlow(BLOCK_ALLOC);
  private view: DataView = viewOf(this.buf);
  private pos = 0;
  private blocked = false;
  /** The digits of the last timestamp's whole seconds (see `ts`). */
  private lastSeconds = -1;
  private readonly lastSecondsText = new Uint8Array(16);
  private lastSecondsLength = 0;

  private readonly lastEthDst = new RepeatedText();
  private readonly lastIpDst = new RepeatedText();
  private readonly lastChecksumVariant = new RepeatedText();
  private readonly lastChecksumStatus = new RepeatedText();
  private readonly lastTargetMac = new RepeatedText();

  constructor(private readonly stream: NodeJS.WritableStream) {}

  /** One frame and its newline. */
  frame(f: FrameInfo): void {
    let p = this.head(this.pos, f);
    p = this.link(p, f);
    if (f.ip !== undefined) p = this.ip(p, f.ip);
    if (f.l4 !== undefined) p = this.l4(p, f.l4);
    if (f.icmp !== undefined) p = this.json(this.put(p, K_ICMP), f.icmp);
    if (f.vrrp !== undefined) p = this.vrrp(p, f.vrrp);
    if (f.carp !== undefined) p = this.json(this.put(p, K_CARP), f.carp);
    if (f.arp !== undefined) p = this.arp(p, f.arp);
    if (f.nd !== undefined) p = this.json(this.put(p, K_ND), f.nd);
    if (f.tunnel !== undefined) p = this.json(this.put(p, K_TUNNEL), f.tunnel);
    if (f.inner !== undefined) p = this.json(this.put(p, K_INNER), f.inner);
    if (f.error !== undefined || f.errors !== undefined || f.truncated !== undefined || f.seenBy !== undefined) p = this.rest(p, f);
    p = this.room(p, 2);
    const buf = this.buf;
    buf[p] = CLOSE_BRACE;
    buf[p + 1] = NEWLINE;
    this.pos = p + 2;
    if (this.pos >= BLOCK_BYTES) this.flush();
  }

  flush(): void {
    if (this.pos === 0) return;
    const ok = this.stream.write(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafeSlow(BLOCK_ALLOC);
    this.view = viewOf(this.buf);
    this.pos = 0;
    if (!ok) this.blocked = true;
  }

  /** Flushes and resolves once the stream accepted what was written (immediately when it never pushed back). */
  async end(): Promise<void> {
    this.flush();
    if (!this.blocked) return;
    this.blocked = false;
    await once(this.stream, 'drain');
  }

  // The parts of a line, in the decoders' insertion order (decode-frame.ts buildFrameInfo, ip-payload.ts ipInfo,
  // transport.ts, vrrp.ts, arp.ts).

  /** `frame` to `time`. */
  private head(p: number, f: FrameInfo): number {
    p = this.room(p, PART_ROOM);
    p = this.uint(this.put(p, K_FRAME), f.frame);
    p = this.ts(this.put(p, K_TS), f.ts);
    return this.text(this.put(p, K_TIME), f.time);
  }

  /** `iface` to `etherType`. */
  private link(p: number, f: FrameInfo): number {
    p = this.room(p, PART_ROOM);
    p = this.uint(this.put(p, K_IFACE), f.iface);
    p = this.uint(this.put(p, K_LINK_TYPE), f.linkType);
    p = this.uint(this.put(p, K_CAP_LEN), f.capLen);
    p = this.uint(this.put(p, K_WIRE_LEN), f.wireLen);
    const vlan = f.vlan;
    if (vlan.length === 0) {
      p = this.put(p, K_VLAN_EMPTY);
    } else {
      p = this.put(p, K_VLAN_OPEN);
      for (let i = 0; i < vlan.length; i++) {
        // A comma and a number (at most 24 bytes, and a word's padding); a decoded frame has at most two tags.
        p = this.room(p, 32);
        if (i > 0) p = this.byte(p, COMMA);
        p = this.uint(p, vlan[i] as number);
      }
      p = this.byte(this.room(p, PART_ROOM), CLOSE_BRACKET);
    }
    if (f.ethSrc !== undefined) p = this.text(this.put(p, K_ETH_SRC), f.ethSrc);
    if (f.ethDst !== undefined) p = this.repeated(this.put(p, K_ETH_DST), f.ethDst, this.lastEthDst);
    if (f.etherType !== undefined) p = this.uint(this.put(p, K_ETHER_TYPE), f.etherType);
    return p;
  }

  private ip(p: number, ip: IpInfo): number {
    p = this.room(p, PART_ROOM);
    p = this.uint(this.put(p, K_IP), ip.version);
    p = this.text(this.put(p, K_SRC), ip.src);
    p = this.repeated(this.put(p, K_DST), ip.dst, this.lastIpDst);
    p = this.uint(this.put(p, K_TTL), ip.ttl);
    p = this.uint(this.put(p, K_PROTO), ip.proto);
    if (ip.fragment !== undefined || ip.fragmentOffset !== undefined || ip.moreFragments !== undefined) p = this.fragment(p, ip);
    if (ip.id !== undefined) p = this.uint(this.put(p, K_ID), ip.id);
    if (ip.tos !== undefined) p = this.uint(this.put(p, K_TOS), ip.tos);
    return this.byte(p, CLOSE_BRACE);
  }

  private fragment(p: number, ip: IpInfo): number {
    if (ip.fragment !== undefined) p = this.boolean(this.put(p, K_FRAGMENT), ip.fragment);
    if (ip.fragmentOffset !== undefined) p = this.uint(this.put(p, K_FRAGMENT_OFFSET), ip.fragmentOffset);
    if (ip.moreFragments !== undefined) p = this.boolean(this.put(p, K_MORE_FRAGMENTS), ip.moreFragments);
    return p;
  }

  private l4(p: number, l4: L4Info): number {
    p = this.room(p, PART_ROOM);
    p = this.uint(this.put(p, K_L4), l4.proto);
    if (l4.srcPort !== undefined) p = this.uint(this.put(p, K_SRC_PORT), l4.srcPort);
    if (l4.dstPort !== undefined) p = this.uint(this.put(p, K_DST_PORT), l4.dstPort);
    return this.byte(p, CLOSE_BRACE);
  }

  private vrrp(p: number, v: VrrpInfo): number {
    p = this.vrrpHead(p, v);
    p = this.vrrpChecksum(p, v);
    p = this.addresses(p, v.addresses);
    if (v.authData !== undefined || v.ciscoMd5 !== undefined || v.authDataBytes !== undefined || v.reserved !== undefined ||
      v.trailingBytes !== undefined || v.unvouched !== undefined) p = this.vrrpRest(p, v);
    return this.byte(p, CLOSE_BRACE);
  }

  /** `version` to `intervalMs`. */
  private vrrpHead(p: number, v: VrrpInfo): number {
    p = this.room(p, PART_ROOM);
    p = this.uint(this.put(p, K_VRRP), v.version);
    p = this.uint(this.put(p, K_TYPE), v.type);
    p = this.uint(this.put(p, K_VRID), v.vrid);
    p = this.uint(this.put(p, K_PRIORITY), v.priority);
    p = this.uint(this.put(p, K_COUNT), v.count);
    if (v.authType !== undefined) p = this.uint(this.put(p, K_AUTH_TYPE), v.authType);
    return this.uint(this.put(p, K_INTERVAL_MS), v.intervalMs);
  }

  /** `checksum` to `checksumStatus`. */
  private vrrpChecksum(p: number, v: VrrpInfo): number {
    p = this.room(p, PART_ROOM);
    p = this.text(this.put(p, K_CHECKSUM), v.checksum);
    p = this.boolean(this.put(p, K_CHECKSUM_VALID), v.checksumValid);
    p = this.put(p, K_CHECKSUM_VARIANT);
    p = v.checksumVariant === null ? this.put(p, NULL) : this.repeated(p, v.checksumVariant, this.lastChecksumVariant);
    return this.repeated(this.put(p, K_CHECKSUM_STATUS), v.checksumStatus, this.lastChecksumStatus);
  }

  /** An advert's address list: up to 255 addresses, so room is made for each. */
  private addresses(p: number, addresses: readonly string[]): number {
    p = this.put(this.room(p, PART_ROOM), K_ADDRESSES);
    for (let i = 0; i < addresses.length; i++) {
      // A comma and a short text (a longer one makes its own room).
      p = this.room(p, FAST_TEXT_CHARS + 8);
      if (i > 0) p = this.byte(p, COMMA);
      p = this.text(p, addresses[i] as string);
    }
    // Room again for what follows in the advert's part (the list may have used up what it made).
    return this.byte(this.room(p, PART_ROOM), CLOSE_BRACKET);
  }

  /** What only some adverts have. */
  private vrrpRest(p: number, v: VrrpInfo): number {
    p = this.room(p, PART_ROOM);
    if (v.authData !== undefined) p = this.text(this.put(p, K_AUTH_DATA), v.authData);
    if (v.ciscoMd5 !== undefined) p = this.json(this.put(p, K_CISCO_MD5), v.ciscoMd5);
    p = this.room(p, PART_ROOM);
    if (v.authDataBytes !== undefined) p = this.uint(this.put(p, K_AUTH_DATA_BYTES), v.authDataBytes);
    if (v.reserved !== undefined) p = this.uint(this.put(p, K_RESERVED), v.reserved);
    if (v.trailingBytes !== undefined) p = this.uint(this.put(p, K_TRAILING_BYTES), v.trailingBytes);
    if (v.unvouched !== undefined) p = this.json(this.put(p, K_UNVOUCHED), v.unvouched);
    return p;
  }

  private arp(p: number, a: ArpInfo): number {
    p = this.room(p, PART_ROOM);
    p = this.uint(this.put(p, K_ARP), a.op);
    p = this.text(this.put(p, K_SENDER_MAC), a.senderMac);
    p = this.text(this.put(p, K_SENDER_IP), a.senderIp);
    return this.arpTarget(p, a);
  }

  private arpTarget(p: number, a: ArpInfo): number {
    p = this.room(p, PART_ROOM);
    p = this.repeated(this.put(p, K_TARGET_MAC), a.targetMac, this.lastTargetMac);
    p = this.text(this.put(p, K_TARGET_IP), a.targetIp);
    p = this.boolean(this.put(p, K_GRATUITOUS), a.gratuitous);
    if (a.announcement !== undefined) p = this.boolean(this.put(p, K_ANNOUNCEMENT), a.announcement);
    if (a.probe !== undefined) p = this.boolean(this.put(p, K_PROBE), a.probe);
    return this.byte(p, CLOSE_BRACE);
  }

  /** The rare tail: decode errors, `truncated`, a merge's `seenBy`. */
  private rest(p: number, f: FrameInfo): number {
    p = this.room(p, PART_ROOM);
    if (f.error !== undefined) p = this.text(this.put(p, K_ERROR), f.error);
    if (f.errors !== undefined) p = this.json(this.put(p, K_ERRORS), f.errors);
    p = this.room(p, PART_ROOM);
    if (f.truncated === true) p = this.put(p, K_TRUNCATED);
    else if (f.truncated !== undefined) p = this.json(this.put(p, K_TRUNCATED_KEY), f.truncated);
    if (f.seenBy !== undefined) p = this.json(this.put(p, K_SEEN_BY), f.seenBy);
    return p;
  }

  // The small writers. They write into the block at hand within the room their part made; only `room` and `json`
  // (which makes its own) may replace the block, so everything is read through `this` after them.

  /** At least `n` bytes of room after `p`: the line so far is moved into a larger block if needed. */
  private room(p: number, n: number): number {
    if (p + n > this.buf.length) this.grow(p, n);
    return p;
  }

  private grow(p: number, n: number): void {
    const larger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, p + n));
    this.buf.copy(larger, 0, 0, p);
    this.buf = larger;
    this.view = viewOf(larger);
  }

  private byte(p: number, b: number): number {
    this.buf[p] = b;
    return p + 1;
  }

  private put(p: number, piece: Piece): number {
    const view = this.view;
    const words = piece.words;
    for (let i = 0; i < words.length; i++) view.setInt32(p + 4 * i, words[i] as number, true);
    return p + piece.length;
  }

  private boolean(p: number, v: boolean): number {
    if (v === true) return this.put(p, TRUE);
    if (v === false) return this.put(p, FALSE);
    return this.json(p, v);
  }

  /** A JSON string: copied as is when short and every character is printable ASCII other than `"` and `\`. */
  private text(p: number, s: string): number {
    const n = s.length;
    if (n > FAST_TEXT_CHARS) return this.json(p, s);
    const buf = this.buf;
    buf[p] = QUOTE;
    const at = p + 1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // One unsigned comparison for "printable ASCII" (0x20-0x7e), then the two characters JSON escapes among them.
      if (c - 0x20 >>> 0 > 0x5e || c === QUOTE || c === BACKSLASH) return this.json(p, s);
      buf[at + i] = c;
    }
    buf[at + n] = QUOTE;
    return at + n + 1;
  }

  /** A text that usually repeats: copied from `last` when it is the same, else written and kept there. */
  private repeated(p: number, s: string, last: RepeatedText): number {
    if (s === last.text) {
      const view = this.view;
      const words = last.words;
      const n = (last.length + 3) >> 2;
      for (let i = 0; i < n; i++) view.setInt32(p + 4 * i, words[i] as number, true);
      return p + last.length;
    }
    const end = this.text(p, s);
    const length = end - p;
    if (length <= FAST_TEXT_CHARS + 2) {
      // Read back whole words: the bytes after the text are written over next, as with a piece's padding.
      const view = this.view;
      const n = (length + 3) >> 2;
      for (let i = 0; i < n; i++) last.words[i] = view.getInt32(p + 4 * i, true);
      last.text = s;
      last.length = length;
    }
    return end;
  }

  /** Non-negative integers below 2^32 as digits; any other number as JSON.stringify writes it. */
  private uint(p: number, v: number): number {
    if (v >>> 0 !== v) return this.json(p, v);
    if (v >= SMALL_NUMBERS) return putDigits(this.buf, p, v);
    // The padding after the digits is overwritten by what comes next, as with a piece.
    this.view.setInt32(p, SMALL_WORDS[v] as number, true);
    return p + (SMALL_LENGTHS[v] as number);
  }

  /**
   * `ts` is whole microseconds divided by 1e6 (decode-frame.ts). Below 2^31 s a double's spacing is under 1e-6, so the
   * decimal with at most six fraction digits is the only one that reads back as this double: the shortest text, which
   * is what JSON prints. It is written from the integer microseconds, trailing zeros of the fraction dropped.
   */
  private ts(at: number, ts: number): number {
    const micros = Math.round(ts * 1e6);
    if (!(micros >= 0 && micros < MAX_PLAIN_TS_MICROS) || micros / 1e6 !== ts) return this.json(at, ts);
    const seconds = Math.floor(micros / 1e6);
    const frac = micros - seconds * 1e6;
    // Frames come many per second: the seconds' digits are kept from the last frame.
    if (seconds !== this.lastSeconds) {
      this.lastSecondsLength = putDigits(this.lastSecondsText, 0, seconds);
      this.lastSeconds = seconds;
    }
    const buf = this.buf;
    const length = this.lastSecondsLength;
    const text = this.lastSecondsText;
    for (let i = 0; i < length; i++) buf[at + i] = text[i] as number;
    const p = at + length;
    if (frac === 0) return p;
    // "." and the six digits as two zero-padded groups of three, then the fraction's trailing zeros dropped.
    const high = Math.floor(frac / 1000);
    const low = frac - high * 1000;
    const view = this.view;
    buf[p] = DOT;
    view.setInt32(p + 1, THREE_DIGIT_WORDS[high] as number, true);
    view.setInt32(p + 4, THREE_DIGIT_WORDS[low] as number, true);
    let digits = low === 0 ? 3 : 6;
    let last = low === 0 ? high : low;
    while (last % 10 === 0) {
      last /= 10;
      digits--;
    }
    return p + 1 + digits;
  }

  /** What JSON.stringify writes for a value (rare or irregular parts), at `p`. */
  private json(p: number, value: unknown): number {
    const text = JSON.stringify(value) ?? 'null';
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const max = text.length * 3;
    this.room(p, max + PART_ROOM);
    return p + this.buf.write(text, p, max, 'utf8');
  }
}

function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Decimal digits of a non-negative integer below 2^32 at `p`; returns the position after them. */
function putDigits(buf: Uint8Array, p: number, v: number): number {
  if (v < 10) {
    buf[p] = ZERO + v;
    return p + 1;
  }
  let digits = 1;
  for (let x = v; x >= 10; x = (x / 10) >>> 0) digits++;
  const end = p + digits;
  let x = v;
  for (let i = end - 1; i >= p; i--) {
    const q = (x / 10) >>> 0;
    buf[i] = ZERO + (x - q * 10);
    x = q;
  }
  return end;
}
