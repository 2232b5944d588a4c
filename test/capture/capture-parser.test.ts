import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CaptureParserOptions, createCaptureParser } from '../../src/capture/capture-parser.js';
import type { CaptureSummary } from '../../src/capture/raw-frame.js';
import { CaptureFormatError } from '../../src/errors.js';
import {
  type CopiedFrame,
  PcapngBuilder,
  chunked,
  collectingSink,
  frameBytes,
  gzip,
  pcapRecord,
  sampleFrames,
  writePcap,
} from '../helpers/capture-files.js';

interface Outcome {
  frames: CopiedFrame[];
  summary: CaptureSummary | null;
  error: string | null;
}

/**
 * Feeds `chunks` the way readCapture does with files: through one scratch buffer that is overwritten after every push,
 * so a parser that kept a reference to a chunk would deliver garbage.
 */
function parse(chunks: readonly Uint8Array[], options: CaptureParserOptions = {}): Outcome {
  const { frames, sink } = collectingSink();
  const parser = createCaptureParser(sink, 'test.cap', options);
  const scratch = new Uint8Array(Math.max(1, ...chunks.map((c) => c.length)));
  try {
    for (const chunk of chunks) {
      scratch.set(chunk);
      parser.push(scratch.subarray(0, chunk.length));
      scratch.fill(0xee);
    }
    return { frames, summary: parser.end(), error: null };
  } catch (error) {
    return { frames, summary: null, error: error instanceof Error ? error.message : String(error) };
  }
}

const T0 = 1_764_098_258_000_000n;

function richPcapng(): Buffer {
  const b = new PcapngBuilder()
    .section({ bigEndian: true })
    .interface({ linkType: 1, snaplen: 128 })
    .interface({ linkType: 113, tsresol: 9 });
  sampleFrames(12, { seed: 5, maxLength: 300 }).forEach((f, i) =>
    b.enhanced({ iface: i % 2, ticks: i % 2 ? BigInt(f.tsMicros) * 1000n + 999n : BigInt(f.tsMicros), data: f.data }),
  );
  b.simple(frameBytes(50, 200), 400).custom(frameBytes(0, 30)).block(0x77, frameBytes(0, 90));
  b.section({ bigEndian: false }).interface({ linkType: 0, tsresol: 0x80 | 20 });
  sampleFrames(8, { seed: 6 }).forEach((f) => b.obsolete({ ticks: BigInt(f.tsMicros), data: f.data }));
  b.enhanced({ ticks: T0, data: new Uint8Array(5000) });
  return b.bytes();
}

const inputs: Record<string, Buffer> = {
  'pcap little-endian µs': writePcap(sampleFrames(30, { seed: 1, maxLength: 400 }), { linkType: 1 }),
  'pcap big-endian ns': writePcap(sampleFrames(30, { seed: 2 }), { linkType: 113, bigEndian: true, nanosecond: true }),
  'pcapng, several sections and block kinds': richPcapng(),
  'pcap cut inside a record': writePcap(sampleFrames(10, { seed: 3 }), { linkType: 1 }).subarray(0, -17),
  'pcapng cut inside a block': richPcapng().subarray(0, -41),
  'pcap with an oversized record': (() => {
    const bad = pcapRecord({ tsMicros: 1, data: frameBytes(1, 20) });
    bad.writeUInt32LE(300_000, 8);
    return Buffer.concat([writePcap(sampleFrames(4), { linkType: 1 }), bad, Buffer.alloc(500)]);
  })(),
};

describe('push parser', () => {
  for (const [name, bytes] of Object.entries(inputs)) {
    it(`gives identical frames and summary for any chunking: ${name}`, () => {
      const whole = parse([bytes]);
      expect(whole.error).toBeNull();
      expect(whole.frames.length).toBeGreaterThan(3);
      const oneByte = parse(chunked(bytes, [1]));
      expect(oneByte).toEqual(whole);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 24 }), (sizes) => {
          expect(parse(chunked(bytes, sizes))).toEqual(whole);
        }),
        { seed: 42, numRuns: 150 },
      );
    });
  }

  it('delivers each frame during the push that completes it (live streams)', () => {
    const bytes = writePcap(sampleFrames(3, { minLength: 50, maxLength: 50 }), { linkType: 1 });
    const seen: number[] = [];
    const parser = createCaptureParser((f) => seen.push(f.index), 'stdin');
    parser.push(bytes.subarray(0, 24 + 66 + 10));
    expect(seen).toEqual([1]);
    parser.push(bytes.subarray(100, 24 + 2 * 66));
    expect(seen).toEqual([1, 2]);
    parser.push(bytes.subarray(24 + 2 * 66));
    expect(seen).toEqual([1, 2, 3]);
    expect(parser.end().frames).toBe(3);
  });

  it('rejects empty input', () => {
    expect(() => createCaptureParser(() => undefined, 'empty.pcap').end()).toThrow(
      new CaptureFormatError('empty-input', 'empty.pcap is empty (0 bytes): it is not a capture, nothing to read'),
    );
  });

  it('rejects input too short to be recognised', () => {
    const parser = createCaptureParser(() => undefined, 'x');
    parser.push(Uint8Array.of(0xd4, 0xc3));
    expect(() => parser.end()).toThrow(/x is only 2 byte\(s\) long/);
  });

  it.each([
    [Buffer.from('PK\x03\x04rest-of-zip', 'latin1'), "starts with 'PK..rest' (50 4b 03 04 72 65 73 74), a zip archive?"],
    [Buffer.from('12:00:01.000 IP 192.0.2.1 > 192.0.2.2\n'), "starts with '12:00:01' (31 32 3a 30 30 3a 30 31), a text file"],
    [Buffer.from('<html><body>'), 'an HTML or XML document?'],
    [Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]), "starts with '........' (de ad be ef 00 01 02 03))"],
  ])('says what a non-capture looks like (%#)', (bytes, text) => {
    const parser = createCaptureParser(() => undefined, 'file.bin');
    expect(() => parser.push(bytes)).toThrow(CaptureFormatError);
    try {
      createCaptureParser(() => undefined, 'file.bin').push(bytes);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('file.bin is not a pcap or pcapng file (');
      expect(message).toContain(text.replace(/\)$/, ''));
      expect(message).not.toContain('\n');
    }
  });

  it('refuses gzip data (readCapture decompresses before parsing)', () => {
    const parser = createCaptureParser(() => undefined, 'c.pcap.gz');
    expect(() => parser.push(gzip(writePcap([], { linkType: 1 })))).toThrow(/gzip-compressed: decompress it first/);
  });

  it('ignores input after it stopped, and counts the bytes consumed up to the bad record', () => {
    const bytes = inputs['pcap with an oversized record'] ?? Buffer.alloc(0);
    const badOffset = writePcap(sampleFrames(4), { linkType: 1 }).length;
    const parser = createCaptureParser(() => undefined, 'x');
    parser.push(bytes);
    expect(parser.stopped).toBe(true);
    parser.push(Buffer.alloc(1000));
    const summary = parser.end();
    expect(summary.bytes).toBe(badOffset);
    expect(summary.warnings.map((w) => [w.code, w.offset])).toEqual([['oversized-record', badOffset]]);
  });

  it('marks an interrupted read as aborted and does not call the unfinished record a cut', () => {
    const bytes = writePcap(sampleFrames(3), { linkType: 1 });
    const parser = createCaptureParser(() => undefined, 'x');
    parser.push(bytes.subarray(0, bytes.length - 5));
    parser.interrupt();
    expect(parser.end()).toMatchObject({ frames: 2, warnings: [], aborted: true });
  });

  it('lets an error thrown by the sink propagate out of push', () => {
    const bytes = writePcap(sampleFrames(3), { linkType: 1 });
    const parser = createCaptureParser((f) => {
      if (f.index === 2) throw new Error('sink failed');
    }, 'x');
    expect(() => parser.push(bytes)).toThrow('sink failed');
  });
});

describe('push parser with a prefilter', () => {
  /** Skips Ethernet frames whose first byte is even; records what it was asked. */
  function parseFiltered(chunks: readonly Uint8Array[]): Outcome & { asked: { data: Buffer; tsMicros: number }[] } {
    const asked: { data: Buffer; tsMicros: number }[] = [];
    const prefilter = (buf: Uint8Array, start: number, end: number, tsMicros: number): boolean => {
      asked.push({ data: Buffer.from(buf.subarray(start, end)), tsMicros });
      return ((buf[start] ?? 1) & 1) === 0;
    };
    return { ...parse(chunks, { prefilter }), asked };
  }

  const skipped = (f: CopiedFrame): boolean => f.linkType === 1 && ((f.data[0] ?? 1) & 1) === 0;

  for (const [name, bytes] of Object.entries(inputs)) {
    it(`is asked about every Ethernet frame only, and what it skips is counted but never delivered: ${name}`, () => {
      const whole = parse([bytes]);
      const filtered = parseFiltered([bytes]);
      expect(filtered.error).toBe(whole.error);
      // Same numbers, times, warnings and counts as without it: only the skipped frames are missing.
      expect(filtered.summary).toEqual(whole.summary);
      expect(filtered.frames).toEqual(whole.frames.filter((f) => !skipped(f)));
      const ethernet = whole.frames.filter((f) => f.linkType === 1);
      expect(filtered.asked).toEqual(ethernet.map((f) => ({ data: f.data, tsMicros: f.tsMicros })));
      // Each input with Ethernet frames has some of both kinds, so that both paths are exercised.
      if (ethernet.length > 0) expect([ethernet.some(skipped), ethernet.some((f) => !skipped(f))]).toEqual([true, true]);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 12 }), (sizes) => {
          const again = parseFiltered(chunked(bytes, sizes));
          expect({ frames: again.frames, summary: again.summary }).toEqual({ frames: filtered.frames, summary: filtered.summary });
        }),
        { seed: 7, numRuns: 40 },
      );
    });
  }
});
