/**
 * The JSON Lines writer of `decode --format jsonl` must write exactly `JSON.stringify(frame)` and a newline: on every
 * frame of the fixtures and crafted seeds, on thousands of mutations of them (the decoders' real key order and
 * values), on generated frames with values the decoders never make (escapes, non-ASCII, lone surrogates, fractions,
 * NaN, huge numbers, long lists) and on any timestamp; and across block boundaries, without touching a block it has
 * handed to the stream.
 */
import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import type { FrameInfo, IpInfo, VrrpInfo } from '../../src/decoders/frame-info.js';
import { JsonlFrameWriter } from '../../src/report/decode-jsonl.js';
import { FrameMutator } from '../helpers/frame-mutator.js';
import { LINK_TYPES, loadSeedFrames } from '../helpers/fuzz-harness.js';
import { rawFrame } from '../helpers/frame-builder.js';
import { seededRandom } from '../helpers/seeded-random.js';

/** A stream that keeps what it was given, and a copy of it taken at the time, to see later changes to a block. */
class CollectingStream extends EventEmitter {
  readonly chunks: Uint8Array[] = [];
  readonly copies: Buffer[] = [];
  constructor(private readonly accept = true) {
    super();
  }
  write(chunk: Uint8Array): boolean {
    this.chunks.push(chunk);
    this.copies.push(Buffer.from(chunk));
    return this.accept;
  }
  text(): string {
    return Buffer.concat(this.copies).toString('utf8');
  }
}

function written(frames: readonly FrameInfo[]): string {
  const stream = new CollectingStream();
  const writer = new JsonlFrameWriter(stream as unknown as NodeJS.WritableStream);
  for (const f of frames) writer.frame(f);
  writer.flush();
  return stream.text();
}

function expected(frames: readonly FrameInfo[]): string {
  return frames.map((f) => `${JSON.stringify(f)}\n`).join('');
}

/** Timestamps a capture can claim (fuzz-harness EXTREME_TS and ordinary ones with every fraction length). */
const TIMESTAMPS = [0, 1, 999_999, 1_000_000, -1, 1_764_098_262_079_837, 1_764_098_262_079_800, 1_764_098_262_000_000, 2 ** 31 * 1e6 - 1,
  2 ** 31 * 1e6, 2 ** 53, -(2 ** 63), 2 ** 63, 2 ** 64, 8.64e18, 1e21, 1_764_098_262_079_837.5];

describe('decode JSON Lines writer', () => {
  it('writes what JSON.stringify writes for every seed frame and 20,000 mutations of them, on every link type', async () => {
    const seeds = await loadSeedFrames();
    const options = createDecodeOptions({ all: true, showSecrets: true, guePorts: new Set([6080]) });
    const random = seededRandom(0x15_0a_d0_01);
    const mutator = new FrameMutator(random, seeds.map((s) => s.data));
    const frames: FrameInfo[] = [];
    const decode = (data: Uint8Array, linkType: number, i: number): void => {
      // One frame in ten cut by snaplen (capLen < wireLen: `truncated`).
      const capLen = i % 10 === 9 ? Math.floor(random() * (data.length + 1)) : data.length;
      const raw = rawFrame(data, { linkType, index: i + 1, tsMicros: TIMESTAMPS[i % TIMESTAMPS.length]!, iface: i % 3, capLen, wireLen: data.length });
      const f = decodeFrame(raw, options);
      if (f) frames.push(f);
    };
    seeds.forEach((s, i) => decode(s.data, s.linkType, i));
    for (let i = 0; i < 20_000; i++) {
      const seed = seeds[Math.floor(random() * seeds.length)]!;
      const len = mutator.mutate(seed.data);
      const linkType = random() < 0.9 ? seed.linkType : LINK_TYPES[Math.floor(random() * LINK_TYPES.length)]!;
      decode(mutator.buffer.subarray(0, len), linkType, i);
    }
    // Every part of the writer is reached: the rare parts are there too.
    for (const key of ['vrrp', 'arp', 'nd', 'carp', 'tunnel', 'inner', 'icmp', 'l4', 'errors', 'truncated'] as const) {
      expect(frames.some((f) => f[key] !== undefined), key).toBe(true);
    }
    expect(frames.some((f) => f.vlan.length > 0 && f.vrrp?.authData !== undefined)).toBe(true);
    expect(written(frames)).toBe(expected(frames));
  });

  it('writes any timestamp as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 2 ** 31 * 1e6 + 10 }), fc.maxSafeNat(), fc.double()), (micros) => {
        const f = frameWith({ ts: Math.round(micros) / 1e6 });
        const g = frameWith({ ts: micros });
        expect(written([f, g])).toBe(expected([f, g]));
      }),
      { numRuns: 20_000 },
    );
  });

  it('writes values the decoders never make as JSON.stringify does (escapes, non-ASCII, fractions, NaN, long texts)', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', 'é', 'x'.repeat(64), 'y'.repeat(65), 'z'.repeat(5000)),
    );
    const number = fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constantFrom(2 ** 32, 2 ** 32 - 1, -0, Number.NaN, Infinity, 1e21));
    const frame = fc.record({
      ts: number, time: text, numbers: fc.array(number, { minLength: 20, maxLength: 20 }), vlan: fc.array(number, { maxLength: 3 }),
      texts: fc.array(text, { minLength: 12, maxLength: 12 }), addresses: fc.array(text, { maxLength: 300 }),
      flags: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    }).map((r) => {
      const n = (i: number): number => r.numbers[i]!;
      const t = (i: number): string => r.texts[i]!;
      const ip: IpInfo = { version: 4, src: t(0), dst: t(1), ttl: n(0), proto: n(1) };
      if (r.flags[0]) Object.assign(ip, { fragment: r.flags[1], fragmentOffset: n(2), moreFragments: r.flags[2] });
      if (r.flags[3]) Object.assign(ip, { id: n(3), tos: n(4) });
      const vrrp: VrrpInfo = r.flags[4]
        ? { version: n(5), type: n(6), vrid: n(7), priority: n(8), count: n(9), intervalMs: n(10), checksum: t(2), checksumValid: r.flags[5]!, checksumVariant: null, checksumStatus: 'invalid', addresses: r.addresses }
        : { version: n(5), type: n(6), vrid: n(7), priority: n(8), count: n(9), authType: n(11), intervalMs: n(10), checksum: t(2), checksumValid: r.flags[5]!, checksumVariant: 'v2', checksumStatus: 'valid', addresses: r.addresses };
      if (r.flags[6]) Object.assign(vrrp, { authData: t(3), ciscoMd5: { type: 254, length: n(12), senderIp: t(4), sequence: n(13) }, authDataBytes: n(14), reserved: n(15), trailingBytes: n(16), unvouched: ['addresses', 'auth'] });
      const f = frameWith({ ts: r.ts, time: r.time, frame: n(17), iface: n(18), linkType: n(19), vlan: r.vlan });
      if (r.flags[7]) Object.assign(f, { ethSrc: t(5), ethDst: t(6), etherType: n(0) });
      Object.assign(f, { ip, l4: r.flags[8] ? { proto: n(1), srcPort: n(2), dstPort: n(3) } : { proto: n(1) } });
      if (r.flags[9]) f.vrrp = vrrp;
      else f.arp = { op: n(5), senderMac: t(7), senderIp: t(8), targetMac: t(9), targetIp: t(10), gratuitous: r.flags[10]!, ...(r.flags[11] ? { announcement: true, probe: false } : {}) };
      if (r.flags[12]) Object.assign(f, { error: t(11), errors: [{ layer: 'vrrp', code: t(11), message: t(11) }] });
      if (r.flags[13]) f.truncated = true;
      if (r.flags[14]) f.seenBy = [{ vantage: n(6), frame: n(7) }];
      return f;
    });
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 4 }), (frames) => {
        // Twice, so that texts kept from the frame before (repeated fields) are used too.
        expect(written([...frames, ...frames])).toBe(expected([...frames, ...frames]));
      }),
      { numRuns: 3000 },
    );
  });

  it('hands over blocks of about 64 KiB, never changes one it handed over, and grows a block for a long line', () => {
    const long = frameWith({ frame: 7 });
    long.vrrp = {
      version: 3, type: 1, vrid: 1, priority: 100, count: 255, intervalMs: 1000, checksum: '0x0000', checksumValid: false, checksumVariant: null,
      checksumStatus: 'invalid', addresses: Array.from({ length: 255 }, (_, i) => `2001:db8:ffff:ffff:ffff:ffff:ffff:${i.toString(16)}`),
    };
    long.error = 'e'.repeat(70_000);
    const frames = Array.from({ length: 3000 }, (_, i) => (i === 1500 ? long : frameWith({ frame: i + 1, vlan: [i % 4095] })));
    const stream = new CollectingStream();
    const writer = new JsonlFrameWriter(stream as unknown as NodeJS.WritableStream);
    for (const f of frames) writer.frame(f);
    writer.flush();
    expect(stream.text()).toBe(expected(frames));
    expect(stream.chunks.length).toBeGreaterThan(3);
    stream.chunks.forEach((chunk, i) => {
      expect(Buffer.compare(Buffer.from(chunk), stream.copies[i]!), `block ${i}`).toBe(0);
      // Every block ends with a whole line, and only the one with the long line is much above 64 KiB.
      expect(chunk[chunk.length - 1]).toBe(0x0a);
      if (!Buffer.from(chunk).includes('"frame":7,')) expect(chunk.length).toBeLessThan(70_000);
    });
  });

  it('writes long lists of long texts ending anywhere in a block', () => {
    // Address lists of 64-character texts (the longest copied without making room first), 1 to 300 of them, so that
    // lines end at many places relative to the end of a block and to the room each part made.
    const frames = Array.from({ length: 400 }, (_, i) => {
      const f = frameWith({ frame: i + 1 });
      f.vrrp = {
        version: 2, type: 1, vrid: 1, priority: 100, count: 1, authType: 0, intervalMs: 1000, checksum: '0x0000', checksumValid: false,
        checksumVariant: null, checksumStatus: 'invalid',
        addresses: Array.from({ length: 1 + ((i * 37) % 300) }, (_, k) => `${k}`.padStart(64 - (i % 3), 'a')),
      };
      return f;
    });
    expect(written(frames)).toBe(expected(frames));
  });

  it('waits at the end for a stream that pushed back to drain', async () => {
    const stream = new CollectingStream(false);
    const writer = new JsonlFrameWriter(stream as unknown as NodeJS.WritableStream);
    writer.frame(frameWith({}));
    let ended = false;
    const end = writer.end().then(() => (ended = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toBe(false);
    stream.emit('drain');
    await end;
    expect(stream.text()).toBe(expected([frameWith({})]));
  });
});

/** A frame in the decoder's key order (decode-frame.ts buildFrameInfo), with the given top-level values. */
function frameWith(v: Partial<Pick<FrameInfo, 'frame' | 'ts' | 'time' | 'iface' | 'linkType' | 'vlan'>>): FrameInfo {
  return {
    frame: v.frame ?? 1,
    ts: v.ts ?? 1_764_098_262.079837,
    time: v.time ?? '2025-11-25T19:17:42.079837Z',
    iface: v.iface ?? 0,
    linkType: v.linkType ?? 1,
    capLen: 60,
    wireLen: 60,
    vlan: v.vlan ?? [],
  };
}
