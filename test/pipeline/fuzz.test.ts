/**
 * Mutation fuzzing of the whole offline path, in-process (#9 "Done when"): more than a million mutated frames per
 * run through the capture parser, `decode` (decoder, text and JSON lines) and `audit` (pipeline, rules, JSON, text
 * and HTML reports). Seeds are the repository's fixtures plus a few crafted frames; mutations are bit flips, inserted
 * and deleted bytes, cuts, splices, random record lengths and link types, pcapng blocks of every type with broken
 * lengths, truncation at every offset of small captures, damaged gzip and timestamps at the extremes.
 *
 * The only errors allowed are the documented ones (VrrpInspectError: CaptureFormatError, InputError); anything else
 * fails with the seed and case that reproduce it. Deterministic: same seeds, same inputs, every run. Each frame is
 * decoded once: the pipeline's decoded frame is also checked as `decode` output (test/helpers/fuzz-harness.ts).
 *
 * FUZZ_BATCHES=N runs N batches of 250 frames instead of 4000; FUZZ_WORKER=0 runs them all on the test's thread.
 */
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaptureParser, readCapture } from '../../src/capture/open-capture.js';
import { pcapngEnhancedPacket, pcapngInterfaceBlock, pcapngSectionHeader } from '../../src/capture/capture-writer.js';
import { seededRandom, writePcap } from '../helpers/capture-files.js';
import { concatBytes as concat } from '../helpers/frame-builder.js';
import { FrameMutator } from '../helpers/frame-mutator.js';
import {
  auditAndDecode, decodeAllOptions, failIfUndocumented, finishAudit, FRAMES_PER_BATCH, FUZZ_SEED as SEED, LINK_TYPES, loadSeedFrames,
  newPipeline, runFrameBatches, startFrameBatchesInWorker, type BatchesResult, type Renderers, type SeedFrame,
} from '../helpers/fuzz-harness.js';

let seeds: SeedFrame[] = [];

beforeAll(async () => {
  seeds = await loadSeedFrames();
});

function chunkedBy(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0; o < bytes.length; o += size) out.push(bytes.subarray(o, o + size));
  return out;
}

/** Feeds a whole capture through the push parser into decode and audit; returns the frames read. */
function parseCapture(bytes: Uint8Array, label: string, renderers: Renderers, seed: number): number {
  let frames = 0;
  try {
    const decodeOptions = decodeAllOptions();
    const pipeline = newPipeline();
    const parser = createCaptureParser((raw) => {
      frames += 1;
      auditAndDecode(pipeline, raw, decodeOptions);
    }, 'fuzz.pcap');
    parser.push(bytes);
    finishAudit(pipeline, parser.end(), renderers);
  } catch (e) {
    failIfUndocumented(e, label, seed);
  }
  return frames;
}

const FRAME_BATCHES = Number(process.env['FUZZ_BATCHES'] ?? 4000);
/**
 * Batches run in a worker thread beside the test's own (FUZZ_WORKER=0 keeps them all here, e.g. for a profile): the
 * CPU time is the same, the wall time halves when the second core is free (vitest runs one test file at a time on two
 * cores).
 */
const WORKER_BATCHES = process.env['FUZZ_WORKER'] === '0' || availableParallelism() < 2 ? 0 : Math.floor(FRAME_BATCHES / 2);
/** `npm test` reads a million frames or more; FUZZ_BATCHES (fewer batches, for a quick run) scales this down. */
const MIN_FRAMES = process.env['FUZZ_BATCHES'] === undefined ? 1_000_000 : FRAME_BATCHES * FRAMES_PER_BATCH;
/** Resident memory may grow this much after the warm-up batches (the garbage collector's own slack). */
const MAX_RSS_GROWTH_MIB = 150;
let totalFrames = 0;

describe('fuzz: decode and audit never fail on mutated input', () => {
  it(`${FRAME_BATCHES * FRAMES_PER_BATCH} mutated frames straight into decode and audit (random link types, lengths, timestamps; ${WORKER_BATCHES} batches in a worker thread)`, async () => {
    const worker = WORKER_BATCHES > 0 ? startFrameBatchesInWorker(FRAME_BATCHES - WORKER_BATCHES, FRAME_BATCHES) : null;
    let here: BatchesResult;
    let there: BatchesResult = { frames: 0, rssGrowthMiB: 0 };
    try {
      here = runFrameBatches(0, FRAME_BATCHES - WORKER_BATCHES, seeds);
      if (worker) there = await worker.result;
    } finally {
      await worker?.stop();
    }
    totalFrames += here.frames + there.frames;
    // Flat memory: nothing is kept between batches.
    expect(here.rssGrowthMiB, `RSS grew ${here.rssGrowthMiB.toFixed(0)} MiB after warm-up`).toBeLessThan(MAX_RSS_GROWTH_MIB);
    expect(there.rssGrowthMiB, `RSS grew ${there.rssGrowthMiB.toFixed(0)} MiB after the worker's warm-up`).toBeLessThan(MAX_RSS_GROWTH_MIB);
  }, 600_000);

  it('pcap files with random record lengths, link types and timestamps', () => {
    const random = seededRandom(SEED + 1);
    const pick = (n: number): number => Math.floor(random() * n);
    const mutator = new FrameMutator(random, seeds.map((s) => s.data));
    for (let file = 0; file < 400; file++) {
      const records: Uint8Array[] = [];
      for (let i = 0; i < 150; i++) {
        const seed = seeds[pick(seeds.length)]!;
        const data = mutator.mutatedCopy(seed.data);
        const record = writePcap([{ tsMicros: pick(50) === 0 ? 2 ** 32 * 1e6 - 1 : 1_764_098_258_000_000 + i * 1000, data }], { linkType: 1 }).subarray(24);
        const view = new DataView(record.buffer, record.byteOffset, 16);
        if (pick(40) === 0) view.setUint32(8, [0, 0xffff_fff0, data.length + 1 + pick(100), pick(300_000)][pick(4)]!, true);
        if (pick(40) === 0) view.setUint32(12, pick(2 ** 32), true);
        if (pick(40) === 0) view.setUint32(4, 999_999 + pick(2 ** 31), true);
        records.push(record);
      }
      const header = writePcap([], { linkType: LINK_TYPES[pick(LINK_TYPES.length)]!, nanosecond: pick(2) === 0, snaplen: pick(2) === 0 ? 0 : 262_144 });
      totalFrames += parseCapture(concat(header, ...records), `pcap file ${file}`, { text: file % 10 === 0, html: file % 100 === 0 }, SEED + 1);
    }
  }, 300_000);

  it('pcapng blocks of every type with broken lengths, options and timestamp resolutions', () => {
    const random = seededRandom(SEED + 2);
    const pick = (n: number): number => Math.floor(random() * n);
    const mutator = new FrameMutator(random, seeds.map((s) => s.data));
    const block = (type: number, body: Uint8Array): Uint8Array => {
      const padded = concat(body, new Uint8Array((4 - (body.length % 4)) % 4));
      const b = new Uint8Array(12 + padded.length);
      const v = new DataView(b.buffer);
      v.setUint32(0, type, true);
      v.setUint32(4, b.length, true);
      b.set(padded, 8);
      v.setUint32(b.length - 4, b.length, true);
      return b;
    };
    // Every block type of the pcapng spec, plus custom and unknown ones.
    const BLOCK_TYPES = [0x0a0d0d0a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0xbad, 0x40000bad, 0x80000001, 0xdeadbeef];
    for (let file = 0; file < 400; file++) {
      const parts: Uint8Array[] = [pcapngSectionHeader()];
      const interfaces = 1 + pick(3);
      for (let i = 0; i < interfaces; i++) {
        const tsresol = [6, 9, 0x80 | 20, 0, 0x7f, 0xff, 3][pick(7)]!;
        parts.push(pcapngInterfaceBlock({ linkType: pick(4) === 0 ? LINK_TYPES[pick(LINK_TYPES.length)]! : 1, name: 'eth0', tsresol }));
      }
      for (let i = 0; i < 120; i++) {
        const seed = seeds[pick(seeds.length)]!;
        const data = pick(3) === 0 ? mutator.mutatedCopy(seed.data) : seed.data;
        let b: Uint8Array;
        if (pick(6) === 0) {
          b = block(BLOCK_TYPES[pick(BLOCK_TYPES.length)]!, mutator.mutatedCopy(data));
        } else {
          const tsMicros = pick(30) === 0 ? [0, 2 ** 63, 2 ** 64 - 2 ** 12][pick(3)]! : 1_764_098_258_000_000 + i * 1000;
          b = Uint8Array.from(pcapngEnhancedPacket({ tsMicros, data, iface: pick(10) === 0 ? pick(5) : 0 }, 6));
        }
        if (pick(15) === 0) {
          // A broken length: leading, trailing or both, small, huge or unaligned.
          const v = new DataView(b.buffer, b.byteOffset, b.length);
          const length = [0, 4, 11, 13, b.length + 4, b.length - 4, 0x7fff_fff0, 0xffff_ffff, pick(2 ** 32)][pick(9)]!;
          const where = pick(3);
          if (where !== 1) v.setUint32(4, length >>> 0, true);
          if (where !== 0) v.setUint32(b.length - 4, length >>> 0, true);
        }
        if (pick(25) === 0 && b.length > 28) b[8 + pick(20)]! ^= 1 << pick(8);
        parts.push(b);
        if (pick(60) === 0) parts.push(pcapngSectionHeader());
      }
      totalFrames += parseCapture(concat(...parts), `pcapng file ${file}`, { text: file % 10 === 0, html: file % 100 === 0 }, SEED + 2);
    }
  }, 300_000);

  it('truncation at every offset of small captures (pcap, pcapng)', () => {
    const frames = seeds.slice(0, 6).map((s, i) => ({ tsMicros: 1_764_098_258_000_000 + i * 1000, data: s.data }));
    const pcap = writePcap(frames, { linkType: 1 });
    const pcapng = concat(
      pcapngSectionHeader(),
      pcapngInterfaceBlock({ linkType: 1, name: 'eth0', tsresol: 6 }),
      ...frames.map((f) => Uint8Array.from(pcapngEnhancedPacket(f, 6))),
    );
    for (const [name, bytes] of [['pcap', pcap], ['pcapng', pcapng]] as const) {
      for (let cut = 0; cut <= bytes.length; cut++) {
        totalFrames += parseCapture(bytes.subarray(0, cut), `${name} cut at ${cut}`, { text: cut % 10 === 0, html: false }, SEED);
      }
    }
  }, 300_000);

  it('gzip-compressed captures with flipped bits, cuts, padding, garbage, several members and gzip inside gzip', async () => {
    const random = seededRandom(SEED + 3);
    const pick = (n: number): number => Math.floor(random() * n);
    for (let file = 0; file < 200; file++) {
      const frames = Array.from({ length: 40 }, (_, i) => ({ tsMicros: 1_764_098_258_000_000 + i * 1000, data: seeds[pick(seeds.length)]!.data }));
      const pcap = writePcap(frames, { linkType: 1 });
      let bytes: Uint8Array = gzipSync(pcap);
      switch (pick(6)) {
        case 0:
          for (let i = 1 + pick(4); i > 0; i--) bytes[pick(bytes.length)]! ^= 1 << pick(8);
          break;
        case 1:
          bytes = bytes.subarray(0, pick(bytes.length + 1));
          break;
        case 2:
          bytes = concat(bytes, new Uint8Array(pick(5000)));
          break;
        case 3:
          bytes = concat(bytes, Uint8Array.from({ length: 1 + pick(100) }, () => pick(256)));
          break;
        case 4:
          bytes = concat(gzipSync(pcap.subarray(0, 500)), gzipSync(pcap.subarray(500)));
          break;
        default:
          bytes = gzipSync(bytes);
      }
      if (bytes.length < 2) continue;
      const decodeOptions = decodeAllOptions();
      const pipeline = newPipeline();
      try {
        const summary = await readCapture({ kind: 'stream', stream: Readable.from(chunkedBy(bytes, 1 + pick(4096))), name: 'fuzz.pcap.gz' }, (raw) => {
          totalFrames += 1;
          auditAndDecode(pipeline, raw, decodeOptions);
        });
        finishAudit(pipeline, summary, { text: file % 10 === 0, html: false });
      } catch (e) {
        failIfUndocumented(e, `gzip file ${file}`, SEED + 3);
      }
    }
  }, 300_000);

  it(`reached ${MIN_FRAMES} frames`, () => {
    expect(totalFrames).toBeGreaterThanOrEqual(MIN_FRAMES);
  });
});
