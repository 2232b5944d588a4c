/**
 * The JSONL line of a decoded frame is JSON.stringify of its FrameInfo, byte for byte: on every frame of every
 * fixture (and the shared public captures when present), with and without --all, and on the same frames cut and
 * with bytes flipped at random, so that no decoder change (a new field, another order) can make the two drift apart.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/open-capture.js';
import { CaptureFormatError, InputError } from '../../src/errors.js';
import type { RawFrame } from '../../src/capture/raw-frame.js';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import type { FrameInfo } from '../../src/decoders/frame-info.js';
import { writeFrameLine } from '../../src/report/decode-json.js';
import { JsonByteWriter } from '../../src/report/json-bytes.js';
import { rawFrame } from '../helpers/frame-builder.js';
import { FIXTURE_PCAPS, listCaptures, SHARED_PCAPS } from '../decoders/capture-helpers.js';

const CAPTURES = [...listCaptures(FIXTURE_PCAPS), ...listCaptures(SHARED_PCAPS)];
const ALL = createDecodeOptions({ all: true, guePorts: new Set([6080]) });
const SECRETS = createDecodeOptions({ all: true, showSecrets: true, guePorts: new Set([6080]) });

function line(f: FrameInfo): string {
  const w = new JsonByteWriter();
  writeFrameLine(w, f);
  return w.take().toString('utf8');
}

/** Every frame of a capture as bytes of its own, with its link type. */
async function framesOf(path: string): Promise<{ data: Uint8Array; linkType: number; wireLen: number; tsMicros: number }[]> {
  const out: { data: Uint8Array; linkType: number; wireLen: number; tsMicros: number }[] = [];
  try {
    await readCapture({ kind: 'file', path }, (raw: RawFrame) => {
      out.push({ data: raw.buf.slice(raw.offset, raw.offset + raw.capLen), linkType: raw.linkType, wireLen: raw.wireLen, tsMicros: raw.tsMicros });
    });
  } catch (e) {
    // Captures the reader refuses (a link type we do not decode) are the reader's tests' business.
    if (!(e instanceof CaptureFormatError || e instanceof InputError)) throw e;
  }
  return out;
}

describe('decode --format jsonl line writer', () => {
  it('finds the fixtures', () => {
    expect(CAPTURES.length).toBeGreaterThan(20);
  });

  it.each(CAPTURES.map((p) => [p.slice(p.lastIndexOf('/') + 1), p]))('%s: every frame as JSON.stringify prints it', async (_name, path) => {
    const frames = await framesOf(path);
    let kinds = 0;
    for (const [i, fr] of frames.entries()) {
      for (const options of [ALL, SECRETS]) {
        const f = decodeFrame(rawFrame(fr.data, { linkType: fr.linkType, wireLen: fr.wireLen, index: i + 1, tsMicros: fr.tsMicros }), options);
        if (f === null) continue;
        kinds++;
        expect(line(f)).toBe(`${JSON.stringify(f)}\n`);
      }
    }
    expect(kinds).toBe(frames.length * 2);
  });

  it('cut or damaged frames of every fixture as JSON.stringify prints them', async () => {
    const pool = (await Promise.all(CAPTURES.map(framesOf))).flat();
    fc.assert(
      fc.property(
        fc.nat(pool.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        fc.constantFrom('whole', 'snaplen', 'short'),
        fc.oneof(fc.double(), fc.integer({ min: 0, max: 2 ** 50 })),
        (pick, flips, cut, mode, tsMicros) => {
          const fr = pool[pick]!;
          const data = Uint8Array.from(fr.data);
          for (const [at, value] of flips) if (data.length > 0) data[at % data.length] = value;
          const n = cut % (data.length + 1);
          const raw =
            mode === 'whole'
              ? rawFrame(data, { linkType: fr.linkType, tsMicros })
              : mode === 'snaplen'
                ? rawFrame(data, { linkType: fr.linkType, capLen: n, wireLen: data.length, tsMicros })
                : rawFrame(data.subarray(0, n), { linkType: fr.linkType, tsMicros });
          const f = decodeFrame(raw, ALL);
          expect(f).not.toBeNull();
          expect(line(f!)).toBe(`${JSON.stringify(f)}\n`);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('a frame of the merged analysis (seenBy) too', () => {
    const f = decodeFrame(rawFrame(new Uint8Array(60), { linkType: 1 }), ALL)!;
    f.seenBy = [{ vantage: 0, frame: 3 }, { vantage: 2, frame: 7 }];
    expect(line(f)).toBe(`${JSON.stringify(f)}\n`);
  });
});
