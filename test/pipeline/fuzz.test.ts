/**
 * Mutation fuzzing of the whole offline path, in-process (#9 "Done when"): more than a million mutated frames per
 * run through the capture parser, `decode` (decoder, text and JSON lines) and `audit` (pipeline, rules, JSON, text
 * and HTML reports). Seeds are the repository's fixtures plus a few crafted frames; mutations are bit flips, inserted
 * and deleted bytes, cuts, splices, random record lengths and link types, pcapng blocks of every type with broken
 * lengths, truncation at every offset of small captures, damaged gzip and timestamps at the extremes.
 *
 * The only errors allowed are the documented ones (VrrpInspectError: CaptureFormatError, InputError); anything else
 * fails with the seed and case that reproduce it. Deterministic: same seeds, same inputs, every run.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { createCaptureParser, readCapture } from '../../src/capture/open-capture.js';
import { pcapngEnhancedPacket, pcapngInterfaceBlock, pcapngSectionHeader } from '../../src/capture/capture-writer.js';
import type { RawFrame } from '../../src/capture/raw-frame.js';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import { isVrrpInspectError } from '../../src/errors.js';
import { AnalysisPipeline, inputDocOf } from '../../src/pipeline/analysis-pipeline.js';
import { formatAuditText } from '../../src/report/audit-text.js';
import { formatFrameText } from '../../src/report/decode-text.js';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { formatAuditJson } from '../../src/report/json.js';
import { seededRandom, writePcap } from '../helpers/capture-files.js';
import {
  arp, carp, ETHERTYPE, ethernet, ethernetIp, gre, gue, ipInIpv4, ipv4, LINKTYPE, ndPacket, sll2, udp, vrrpOverIpv4, vrrpOverIpv6,
  concatBytes as concat,
} from '../helpers/frame-builder.js';
import { PROJECT_ROOT } from '../helpers/run-cli.js';

const FIXTURES = join(PROJECT_ROOT, 'fixtures/pcaps');
const SEED = 0x5eed_0009;
/** Supported link types and some that are not (107 Frame Relay, 0xffff, 300). */
const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 107, 300, 0xffff];
/** Timestamps a capture can claim: 0, before the epoch, past every calendar, 2^63 and 2^64 µs, fractional. */
const EXTREME_TS = [0, -1, -(2 ** 63), 2 ** 53, 2 ** 63, 2 ** 64, 8.64e18, 1e21, 1_764_098_262_079_837.5];

interface SeedFrame {
  data: Uint8Array;
  linkType: number;
}

const seeds: SeedFrame[] = [];

beforeAll(async () => {
  for (const name of readdirSync(FIXTURES).filter((f) => /\.pcapng?$/.test(f)).sort()) {
    await readCapture({ kind: 'file', path: join(FIXTURES, name) }, (f) => {
      seeds.push({ data: f.buf.slice(f.offset, f.offset + f.capLen), linkType: f.linkType });
    });
  }
  const eth = (p: Uint8Array, vlans: number[] = []): SeedFrame => ({ data: ethernet({ vlans, etherType: p[0]! >> 4 === 6 ? ETHERTYPE.IPV6 : ETHERTYPE.IPV4, payload: p }), linkType: LINKTYPE.ETHERNET });
  const v2 = { version: 2, vrid: 51, priority: 150, addresses: ['192.0.2.100', '192.0.2.101'], authType: 1, authData: 'secret' } as const;
  const v3 = { version: 3, vrid: 7, priority: 100, addresses: ['fe80::7', '2001:db8::7'] } as const;
  seeds.push(
    eth(vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 }), [20, 30]),
    eth(vrrpOverIpv6({ src: 'fe80::1', vrrp: v3 })),
    eth(ndPacket({ type: 'na', target: '2001:db8::7', src: 'fe80::1', dst: 'ff02::1', router: false, solicited: false, override: true })),
    { data: ethernet({ etherType: ETHERTYPE.ARP, payload: arp({ op: 1, senderMac: '02:00:00:00:01:01', senderIp: '192.0.2.100', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.100' }) }), linkType: LINKTYPE.ETHERNET },
    eth(ipv4({ src: '192.0.2.11', dst: '224.0.0.18', proto: 112, payload: carp({ vhid: 3, advbase: 1, advskew: 0, counter: 1n }) })),
    eth(ipInIpv4({ src: '192.0.2.1', dst: '192.0.2.21', inner: vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 }) })),
    eth(ipv4({ src: '192.0.2.1', dst: '192.0.2.21', proto: 47, payload: gre({ protocol: ETHERTYPE.IPV4, payload: vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 }) }) })),
    eth(ipv4({ src: '192.0.2.1', dst: '192.0.2.21', proto: 17, payload: udp({ srcPort: 5000, dstPort: 6080, payload: gue({ payload: vrrpOverIpv4({ src: '192.0.2.11', vrrp: v2 }) }) }) })),
    { data: sll2({ protocol: ETHERTYPE.IPV4, payload: vrrpOverIpv4({ src: '192.0.2.12', vrrp: v2 }) }), linkType: LINKTYPE.LINUX_SLL2 },
    { data: ethernetIp(vrrpOverIpv4({ src: '192.0.2.12', vrrp: { ...v2, priority: 0 } })), linkType: LINKTYPE.ETHERNET },
  );
});

/** Bounded-by-default checks of the whole output path for one decoded frame. */
function decodeOutput(raw: RawFrame, options: ReturnType<typeof createDecodeOptions>): void {
  const frame = decodeFrame(raw, options);
  if (frame === null || frame === undefined) return;
  const text = formatFrameText(frame);
  if (/[\u0000-\u001f\u007f-\u009f]/.test(text)) throw new Error(`control character in decode text: ${JSON.stringify(text)}`);
  JSON.stringify(frame);
}

function newPipeline(): AnalysisPipeline {
  return new AnalysisPipeline({ analysis: { ...DEFAULT_ANALYSIS_OPTIONS, showSecrets: true }, rules: ALL_RULES, guePorts: new Set([6080]) });
}

/** Ends an audit and renders every report of its document (HTML only when asked: it is the slow one). */
function finishAudit(pipeline: AnalysisPipeline, summary: Parameters<typeof inputDocOf>[1], html: boolean): void {
  const doc = pipeline.finish(inputDocOf('fuzz.pcap', summary));
  formatAuditJson(doc);
  formatAuditText(doc, { color: false, width: 100 });
  if (html) renderHtmlReport([doc]);
}

/** One mutation of a seed frame's bytes. */
function mutate(data: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(random() * n);
  let out: Uint8Array = Uint8Array.from(data);
  const rounds = 1 + pick(3);
  for (let r = 0; r < rounds; r++) {
    switch (pick(8)) {
      case 0:
      case 1: {
        for (let i = 1 + pick(8); i > 0 && out.length > 0; i--) out[pick(out.length)]! ^= 1 << pick(8);
        break;
      }
      case 2: {
        const at = pick(out.length + 1);
        const extra = Uint8Array.from({ length: 1 + pick(16) }, () => pick(256));
        out = concat(out.subarray(0, at), extra, out.subarray(at));
        break;
      }
      case 3: {
        const at = pick(out.length + 1);
        out = concat(out.subarray(0, at), out.subarray(at + 1 + pick(16)));
        break;
      }
      case 4:
        out = out.slice(0, pick(out.length + 1));
        break;
      case 5: {
        const value = [0x00, 0xff, pick(256)][pick(3)]!;
        const at = pick(out.length + 1);
        out.fill(value, at, at + 1 + pick(8));
        break;
      }
      case 6: {
        const other = seeds[pick(seeds.length)]!.data;
        out = concat(out.subarray(0, pick(out.length + 1)), other.subarray(pick(other.length + 1)));
        break;
      }
      default: {
        // Interesting values in the first 80 bytes, where the headers are.
        const at = pick(Math.min(out.length, 80) + 1);
        if (at + 1 < out.length) out.set([[0, 0], [0xff, 0xff], [0x80, 0x00], [0x00, 0x01]][pick(4)]!, at);
      }
    }
  }
  return out;
}

function chunkedBy(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0; o < bytes.length; o += size) out.push(bytes.subarray(o, o + size));
  return out;
}

/** Runs `body`; a throw that is not a documented error fails with what reproduces it. */
function guarded(label: string, body: () => void): void {
  try {
    body();
  } catch (e) {
    if (isVrrpInspectError(e)) return;
    throw new Error(`${label} (seed 0x${SEED.toString(16)}): undocumented ${e instanceof Error ? e.stack : String(e)}`);
  }
}

/** Feeds a whole capture through the push parser into decode and audit; returns the frames read. */
function parseCapture(bytes: Uint8Array, label: string, html = false): number {
  let frames = 0;
  guarded(label, () => {
    const decodeOptions = createDecodeOptions({ all: true, showSecrets: true, guePorts: new Set([6080]) });
    const pipeline = newPipeline();
    const parser = createCaptureParser((raw) => {
      frames += 1;
      decodeOutput(raw, decodeOptions);
      pipeline.onFrame(raw);
    }, 'fuzz.pcap');
    parser.push(bytes);
    finishAudit(pipeline, parser.end(), html);
  });
  return frames;
}

/**
 * Small audits (250 frames each): random mutations make many speakers per router, and the audit's per-frame cost
 * still grows with them (issue #9 item 3); the reports of every 20th audit are rendered (HTML every 400th).
 */
const FRAME_BATCHES = Number(process.env['FUZZ_BATCHES'] ?? 4000);
const FRAMES_PER_BATCH = 250;
let totalFrames = 0;

describe('fuzz: decode and audit never fail on mutated input', () => {
  it(`${FRAME_BATCHES * FRAMES_PER_BATCH} mutated frames straight into decode and audit (random link types, lengths, timestamps)`, () => {
    const random = seededRandom(SEED);
    const pick = (n: number): number => Math.floor(random() * n);
    const rssStart = process.memoryUsage().rss;
    let rssAfterWarmup = rssStart;
    for (let batch = 0; batch < FRAME_BATCHES; batch++) {
      const decodeOptions = createDecodeOptions({ all: true, showSecrets: true, guePorts: new Set([6080]) });
      const pipeline = newPipeline();
      let ts = 1_764_098_258_000_000 + pick(1e9);
      let lastTs = ts;
      const linkTypes = new Set<number>();
      for (let i = 1; i <= FRAMES_PER_BATCH; i++) {
        const seed = seeds[pick(seeds.length)]!;
        const data = pick(4) === 0 ? seed.data : mutate(seed.data, random);
        ts += pick(3) === 0 ? pick(3_000_000) : pick(2000);
        const tsMicros = pick(200) === 0 ? EXTREME_TS[pick(EXTREME_TS.length)]! : ts;
        const linkType = pick(20) === 0 ? LINK_TYPES[pick(LINK_TYPES.length)]! : seed.linkType;
        linkTypes.add(linkType);
        lastTs = tsMicros;
        const raw: RawFrame = {
          index: i,
          tsMicros,
          capLen: data.length,
          wireLen: pick(10) === 0 ? pick(70_000) : data.length,
          linkType,
          iface: pick(30) === 0 ? pick(4) : 0,
          buf: data,
          offset: 0,
        };
        const label = `frame batch ${batch} frame ${i}`;
        guarded(label, () => {
          decodeOutput(raw, decodeOptions);
          pipeline.onFrame(raw);
        });
      }
      guarded(`frame batch ${batch} reports`, () => {
        if (batch % 20 !== 0) {
          pipeline.finish(inputDocOf('fuzz.pcap', { format: 'pcapng', compression: 'none', linkTypes: [...linkTypes], frames: FRAMES_PER_BATCH, firstTsMicros: ts, lastTsMicros: lastTs, warnings: [], bytes: 0, endedEarly: false }));
          return;
        }
        finishAudit(
          pipeline,
          { format: 'pcapng', compression: 'none', linkTypes: [...linkTypes], frames: FRAMES_PER_BATCH, firstTsMicros: ts, lastTsMicros: lastTs, warnings: [], bytes: 0, endedEarly: false },
          batch % 400 === 0,
        );
      });
      totalFrames += FRAMES_PER_BATCH;
      if (batch === 200) rssAfterWarmup = process.memoryUsage().rss;
    }
    // Flat memory: nothing is kept between batches (generous bound for the garbage collector's own slack).
    const growthMiB = (process.memoryUsage().rss - rssAfterWarmup) / 2 ** 20;
    expect(growthMiB, `RSS grew ${growthMiB.toFixed(0)} MiB after warm-up`).toBeLessThan(150);
  }, 600_000);

  it('pcap files with random record lengths, link types and timestamps', () => {
    const random = seededRandom(SEED + 1);
    const pick = (n: number): number => Math.floor(random() * n);
    for (let file = 0; file < 400; file++) {
      const records: Uint8Array[] = [];
      for (let i = 0; i < 150; i++) {
        const seed = seeds[pick(seeds.length)]!;
        const data = mutate(seed.data, random);
        const record = writePcap([{ tsMicros: pick(50) === 0 ? 2 ** 32 * 1e6 - 1 : 1_764_098_258_000_000 + i * 1000, data }], { linkType: 1 }).subarray(24);
        const view = new DataView(record.buffer, record.byteOffset, 16);
        if (pick(40) === 0) view.setUint32(8, [0, 0xffff_fff0, data.length + 1 + pick(100), pick(300_000)][pick(4)]!, true);
        if (pick(40) === 0) view.setUint32(12, pick(2 ** 32), true);
        if (pick(40) === 0) view.setUint32(4, 999_999 + pick(2 ** 31), true);
        records.push(record);
      }
      const header = writePcap([], { linkType: LINK_TYPES[pick(LINK_TYPES.length)]!, nanosecond: pick(2) === 0, snaplen: pick(2) === 0 ? 0 : 262_144 });
      totalFrames += parseCapture(concat(header, ...records), `pcap file ${file}`, file % 100 === 0);
    }
  }, 300_000);

  it('pcapng blocks of every type with broken lengths, options and timestamp resolutions', () => {
    const random = seededRandom(SEED + 2);
    const pick = (n: number): number => Math.floor(random() * n);
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
        const data = pick(3) === 0 ? mutate(seed.data, random) : seed.data;
        let b: Uint8Array;
        if (pick(6) === 0) {
          b = block(BLOCK_TYPES[pick(BLOCK_TYPES.length)]!, mutate(data, random));
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
      totalFrames += parseCapture(concat(...parts), `pcapng file ${file}`, file % 100 === 0);
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
      for (let cut = 0; cut <= bytes.length; cut++) totalFrames += parseCapture(bytes.subarray(0, cut), `${name} cut at ${cut}`);
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
      const decodeOptions = createDecodeOptions({ all: true, showSecrets: true, guePorts: new Set([6080]) });
      const pipeline = newPipeline();
      try {
        const summary = await readCapture({ kind: 'stream', stream: Readable.from(chunkedBy(bytes, 1 + pick(4096))), name: 'fuzz.pcap.gz' }, (raw) => {
          totalFrames += 1;
          decodeOutput(raw, decodeOptions);
          pipeline.onFrame(raw);
        });
        finishAudit(pipeline, summary, false);
      } catch (e) {
        if (!isVrrpInspectError(e)) throw new Error(`gzip file ${file} (seed 0x${(SEED + 3).toString(16)}): undocumented ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
  }, 300_000);

  it('reached a million frames', () => {
    expect(totalFrames).toBeGreaterThanOrEqual(1_000_000);
  });
});
