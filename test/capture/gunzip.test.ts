/**
 * gzip members read by their own framing (#9 item 4): zero padding and trailing garbage after the data, several
 * members, cuts and damage. Every case is run on several chunkings: the result must not depend on them.
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/open-capture.js';
import { gunzipMembers } from '../../src/capture/gunzip.js';
import { chunked, sampleFrames, seededRandom, suiteTempDir, writePcap } from '../helpers/capture-files.js';

const tmp = suiteTempDir('vi-gunzip-');
/** Byte-sized chunks cost one zlib round trip each: they are used on the small capture only. */
const CHUNKINGS: readonly (readonly number[])[] = [[1 << 20], [7, 1, 300], [65_536]];
const SMALL_CHUNKINGS: readonly (readonly number[])[] = [...CHUNKINGS, [1]];

/** A capture big enough to span several zlib pieces and output chunks, and a small one. */
const pcap = writePcap(sampleFrames(6000, { seed: 4, minLength: 60, maxLength: 400 }), { linkType: 1 });
const zipped = gzipSync(pcap);
const smallPcap = writePcap(sampleFrames(40, { seed: 2 }), { linkType: 1 });
const smallZipped = gzipSync(smallPcap);

async function gunzipAll(bytes: Uint8Array, chunks: readonly number[]) {
  const out: Buffer[] = [];
  const end = await gunzipMembers(Readable.from(chunked(bytes, chunks)), { output: (c) => (out.push(Buffer.from(c)), true) });
  return { data: Buffer.concat(out), end };
}

async function readBoth(name: string, bytes: Uint8Array) {
  const path = await tmp.write(name, bytes);
  const frames: number[] = [];
  const fromFile = await readCapture({ kind: 'file', path }, (f) => void frames.push(f.index));
  const fromStream = await readCapture({ kind: 'stream', stream: Readable.from(chunked(bytes, [3, 500, 70_000])), name: path }, () => undefined);
  return { frames, fromFile, fromStream };
}

describe('gunzipMembers', () => {
  it.each(CHUNKINGS)('reads a single member whatever the chunking (%j)', async (...chunks) => {
    const { data, end } = await gunzipAll(zipped, chunks);
    expect(end).toEqual({ kind: 'complete' });
    expect(data.equals(pcap)).toBe(true);
  });

  it.each(SMALL_CHUNKINGS)('ignores zero padding and reports its size (%j)', async (...chunks) => {
    const { data, end } = await gunzipAll(Buffer.concat([smallZipped, Buffer.alloc(4096)]), chunks);
    expect(data.equals(smallPcap)).toBe(true);
    expect(end).toEqual({ kind: 'trailing', members: 1, bytes: 4096, zeros: true });
  });

  it.each(SMALL_CHUNKINGS)('keeps all the data before trailing garbage (%j)', async (...chunks) => {
    const { data, end } = await gunzipAll(Buffer.concat([smallZipped, Buffer.from('not gzip at all\n')]), chunks);
    expect(data.equals(smallPcap)).toBe(true);
    expect(end).toEqual({ kind: 'trailing', members: 1, bytes: 16, zeros: false });
  });

  it('reads concatenated members (gzip -c a b) as one stream', async () => {
    const half = pcap.length >> 1;
    const { data, end } = await gunzipAll(Buffer.concat([gzipSync(pcap.subarray(0, half)), gzipSync(pcap.subarray(half))]), [1000]);
    expect(end).toEqual({ kind: 'complete' });
    expect(data.equals(pcap)).toBe(true);
  });

  it('reads a header with name, comment, extra field and header CRC', async () => {
    const plain = gzipSync(Buffer.from('hello'));
    const extra = Buffer.from([4, 0, 1, 2, 3, 4]);
    const header = Buffer.from(plain.subarray(0, 10));
    header[3] = 0x02 | 0x04 | 0x08 | 0x10;
    const member = Buffer.concat([header, extra, Buffer.from('name\0comment\0'), Buffer.from([0xaa, 0xbb]), plain.subarray(10)]);
    const { data, end } = await gunzipAll(member, [1]);
    expect(end).toEqual({ kind: 'complete' });
    expect(data.toString()).toBe('hello');
  });

  it('says a cut member is truncated, at every cut offset of a small member, the same on every chunking', async () => {
    const small = gzipSync(writePcap(sampleFrames(5, { seed: 2 }), { linkType: 1 }));
    for (let cut = 1; cut < small.length; cut++) {
      const kinds = new Set<string>();
      for (const chunks of cut % 16 === 0 ? SMALL_CHUNKINGS : CHUNKINGS) kinds.add((await gunzipAll(small.subarray(0, cut), chunks)).end.kind);
      expect([...kinds], `cut at ${cut}`).toEqual(['truncated']);
    }
  });

  it('notices a wrong CRC or size in the trailer', async () => {
    const badCrc = Buffer.from(zipped);
    badCrc[badCrc.length - 8]! ^= 0xff;
    expect((await gunzipAll(badCrc, [4096])).end).toMatchObject({ kind: 'corrupt', members: 0 });
    const badSize = Buffer.from(zipped);
    badSize[badSize.length - 1]! ^= 0xff;
    expect((await gunzipAll(badSize, [4096])).end).toMatchObject({ kind: 'corrupt', reason: expect.stringMatching(/size/) });
  });

  it('gives the same verdict on damaged data whatever the chunking, and the same output on every run', async () => {
    // zlib drops the output of the call that fails, so how much comes out before damage depends on where the input
    // pieces end: the same for a file (fixed reads) on every run, not between different chunkings.
    const random = seededRandom(91);
    for (let trial = 0; trial < 50; trial++) {
      const damaged = Buffer.from(smallZipped);
      const at = 10 + Math.floor(random() * (damaged.length - 20));
      damaged[at]! ^= 1 << Math.floor(random() * 8);
      const ends = [];
      for (const chunks of SMALL_CHUNKINGS) ends.push((await gunzipAll(damaged, chunks)).end);
      for (const e of ends) expect(e, `seed 91 trial ${trial}: bit flip at ${at}`).toEqual(ends[0]);
      const again = await gunzipAll(damaged, [7, 1, 300]);
      const first = await gunzipAll(damaged, [7, 1, 300]);
      expect(again.data.equals(first.data)).toBe(true);
    }
  });
});

describe('readCapture on gzip with something after the data', () => {
  it.each([
    ['zero padding', Buffer.alloc(1000), 'gzip-trailing-zeros'],
    ['trailing garbage', Buffer.from('GARBAGE'), 'gzip-trailing-garbage'],
  ])('%s: every frame, one warning, same from a file and a stream, on every run', async (_what, tail, code) => {
    for (let run = 0; run < 5; run++) {
      const { frames, fromFile, fromStream } = await readBoth(`tail-${code}.pcap.gz`, Buffer.concat([zipped, tail]));
      expect(frames).toHaveLength(6000);
      expect(fromFile.frames).toBe(6000);
      expect(fromFile.warnings.map((w) => w.code)).toEqual([code]);
      expect(fromFile.endedEarly).toBe(false);
      expect(fromStream.frames).toBe(6000);
      expect(fromStream.warnings.map((w) => w.code)).toEqual([code]);
    }
  });
});

describe('gzip errors of the consumer', () => {
  it('a capture compressed twice is one documented error, not an uncaught exception', async () => {
    const twice = gzipSync(smallZipped);
    const attempt = readCapture({ kind: 'stream', stream: Readable.from([twice]), name: 'twice.pcap.gz' }, () => undefined);
    await expect(attempt).rejects.toThrow('twice.pcap.gz is compressed twice (gzip inside gzip): decompress it once (gunzip -c twice.pcap.gz > capture.pcap.gz) and read the result');
  });

  it('a sink that throws rejects the read with its error', async () => {
    const boom = new Error('sink failed');
    const attempt = readCapture({ kind: 'stream', stream: Readable.from([zipped]), name: 'z.pcap.gz' }, () => {
      throw boom;
    });
    await expect(attempt).rejects.toBe(boom);
  });
});
