/**
 * What the fuzz tests (test/pipeline/fuzz.test.ts) run, apart from vitest so that a worker thread can run part of the
 * frame batches (test/helpers/fuzz-worker.ts): the seed frames, one frame through `audit` and `decode`, the reports of
 * an audit, and batches of mutated frames with their memory check.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { readCapture } from '../../src/capture/open-capture.js';
import type { CaptureSummary, RawFrame } from '../../src/capture/raw-frame.js';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import type { DecodeOptions, FrameInfo } from '../../src/decoders/frame-info.js';
import { isVrrpInspectError } from '../../src/errors.js';
import { AnalysisPipeline, inputDocOf } from '../../src/pipeline/analysis-pipeline.js';
import { formatAuditText } from '../../src/report/audit-text.js';
import { formatFrameText } from '../../src/report/decode-text.js';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { auditJsonChunks, formatAuditJson } from '../../src/report/json.js';
import {
  arp, carp, ETHERTYPE, ethernet, ethernetIp, gre, gue, ipInIpv4, ipv4, LINKTYPE, ndPacket, sll2, udp, vrrpOverIpv4, vrrpOverIpv6,
} from './frame-builder.js';
import { FrameMutator } from './frame-mutator.js';
import { seededRandom } from './seeded-random.js';

export const FUZZ_SEED = 0x5eed_0009;
/** Supported link types and some that are not (107 Frame Relay, 0xffff, 300). */
export const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 107, 300, 0xffff];
/** Timestamps a capture can claim: 0, before the epoch, past every calendar, 2^63 and 2^64 µs, fractional. */
const EXTREME_TS = [0, -1, -(2 ** 63), 2 ** 53, 2 ** 63, 2 ** 64, 8.64e18, 1e21, 1_764_098_262_079_837.5];
const GUE_PORTS: ReadonlySet<number> = new Set([6080]);
const FIXTURES = fileURLToPath(new URL('../../fixtures/pcaps/', import.meta.url));

export interface SeedFrame {
  data: Uint8Array;
  linkType: number;
}

/** Every frame of the repository's fixtures, plus crafted frames of what the recordings lack (tunnels, CARP, SLL2, ND). */
export async function loadSeedFrames(): Promise<SeedFrame[]> {
  const seeds: SeedFrame[] = [];
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
  return seeds;
}

/** A control character (C0, DEL, C1): none may reach a terminal from a capture (issue #9 item 5). */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, except the line feeds that separate a report's lines. */
const CONTROL_CHARACTER_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** What `decode --all --show-secrets` does with a frame: its text line (no control character) and its JSON line. */
function checkDecodeOutput(frame: FrameInfo): void {
  const text = formatFrameText(frame);
  if (CONTROL_CHARACTER.test(text)) throw new Error(`control character in decode text: ${JSON.stringify(text)}`);
  JSON.stringify(frame);
}

export function decodeAllOptions(): DecodeOptions {
  return createDecodeOptions({ all: true, showSecrets: true, guePorts: GUE_PORTS });
}

export function newPipeline(): AnalysisPipeline {
  return new AnalysisPipeline({ analysis: { ...DEFAULT_ANALYSIS_OPTIONS, showSecrets: true }, rules: ALL_RULES, guePorts: GUE_PORTS });
}

/** Frames decoded a second time the way `decode --all` does, to confirm the pipeline's decode is the same. */
const CROSS_CHECK_EVERY = 97;

/**
 * One frame through `audit` (the pipeline) and `decode --all`, decoded once. The frame the pipeline decoded is what
 * `decode` prints: the decode does not depend on `all` or on the VIPs learned so far, which only choose the frames
 * that are decoded (checked on every 97th frame, together with the engine leaving the frame unchanged). Only frames
 * the pipeline passes over are decoded here.
 */
export function auditAndDecode(pipeline: AnalysisPipeline, raw: RawFrame, decodeOptions: DecodeOptions): void {
  const audited = pipeline.onFrame(raw);
  const frame = audited ?? decodeFrame(raw, decodeOptions);
  if (frame === null) throw new Error('decode --all returned no frame');
  checkDecodeOutput(frame);
  if (audited !== null && pipeline.frames % CROSS_CHECK_EVERY === 0) {
    const printed = JSON.stringify(decodeFrame(raw, decodeOptions));
    if (printed !== JSON.stringify(audited)) throw new Error(`decode and audit decoded differently: ${printed} vs ${JSON.stringify(audited)}`);
  }
}

export interface Renderers {
  text: boolean;
  html: boolean;
}

/**
 * Ends an audit and renders its document: JSON always, written piece by piece as `audit --format json` writes it; when
 * asked (they are the slow ones), the JSON parsed back and compared with the whole document's, the text report (no
 * control character but line feeds) and the HTML report.
 */
export function finishAudit(pipeline: AnalysisPipeline, summary: CaptureSummary, renderers: Renderers): void {
  const input = inputDocOf('fuzz.pcap', summary);
  let json = '';
  for (const chunk of auditJsonChunks(pipeline.finishStream(input))) json += chunk;
  if (!renderers.text) return;
  JSON.parse(json);
  const doc = pipeline.finish(input);
  if (formatAuditJson(doc) !== json) throw new Error('the streamed JSON document differs from the whole one');
  const text = formatAuditText(doc, { color: false, width: 100 });
  const bad = CONTROL_CHARACTER_BUT_NEWLINE.exec(text);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).padStart(4, '0');
    throw new Error(`control character U+${code} in audit text: ${JSON.stringify(text.slice(Math.max(0, bad.index - 60), bad.index + 20))}`);
  }
  if (renderers.html) renderHtmlReport([doc]);
}

/** Lets a documented error through (it is an answer); anything else fails with what reproduces it. */
export function failIfUndocumented(e: unknown, label: string, seed = FUZZ_SEED): void {
  if (isVrrpInspectError(e)) return;
  throw new Error(`${label} (seed 0x${seed.toString(16)}): undocumented ${e instanceof Error ? e.stack : String(e)}`);
}

/**
 * Small audits (250 frames each): random mutations make many speakers per router, which must not make the audit's
 * per-frame cost grow (issue #9 item 3). Every audit's JSON document is written; the text report of every 50th audit
 * is rendered, the HTML report of every 400th.
 */
export const FRAMES_PER_BATCH = 250;
const TEXT_REPORT_EVERY = 50;
const HTML_REPORT_EVERY = 400;
/** Batches run before memory is measured the first time (the heap has grown to its working size by then). */
const WARMUP_BATCHES = 200;

/** Each batch has its own random stream, so a failure is reproduced by running its batch alone. */
export function batchSeed(batch: number): number {
  return (FUZZ_SEED + Math.imul(batch + 1, 0x9e37_79b9)) >>> 0;
}

/** What every batch of a thread shares. */
export interface BatchContext {
  seeds: readonly SeedFrame[];
  /** The seeds' bytes, what splices take their tails from. */
  donors: readonly Uint8Array[];
  /** One record reused for every frame, as a live capture does: nothing may keep it or its bytes past the call. */
  raw: RawFrame;
  decodeOptions: DecodeOptions;
}

export function batchContext(seeds: readonly SeedFrame[]): BatchContext {
  const raw: RawFrame = { index: 0, tsMicros: 0, capLen: 0, wireLen: 0, linkType: 0, iface: 0, buf: new Uint8Array(0), offset: 0 };
  return { seeds, donors: seeds.map((s) => s.data), raw, decodeOptions: decodeAllOptions() };
}

/**
 * Batch `batch`: 250 seed frames, three in four mutated, with random timestamps (1 in 200 extreme), link types (1 in
 * 20), wire lengths (1 in 10) and interfaces (1 in 30), through decode and audit, then the audit's reports.
 */
export function runFrameBatch(batch: number, context: BatchContext): void {
  const { seeds, raw, decodeOptions } = context;
  const random = seededRandom(batchSeed(batch));
  const pick = (n: number): number => Math.floor(random() * n);
  const mutator = new FrameMutator(random, context.donors);
  const pipeline = newPipeline();
  let ts = 1_764_098_258_000_000 + pick(1e9);
  const firstTs = ts;
  let lastTs = ts;
  const linkTypes = new Set<number>();
  for (let i = 1; i <= FRAMES_PER_BATCH; i++) {
    const seed = seeds[pick(seeds.length)]!;
    if (pick(4) === 0) {
      raw.buf = seed.data;
      raw.capLen = seed.data.length;
    } else {
      // Bytes past capLen are left over from earlier frames: the decoders must not read them.
      raw.capLen = mutator.mutate(seed.data);
      raw.buf = mutator.buffer;
    }
    ts += pick(3) === 0 ? pick(3_000_000) : pick(2000);
    raw.tsMicros = pick(200) === 0 ? EXTREME_TS[pick(EXTREME_TS.length)]! : ts;
    raw.linkType = pick(20) === 0 ? LINK_TYPES[pick(LINK_TYPES.length)]! : seed.linkType;
    raw.wireLen = pick(10) === 0 ? pick(70_000) : raw.capLen;
    raw.iface = pick(30) === 0 ? pick(4) : 0;
    raw.index = i;
    linkTypes.add(raw.linkType);
    lastTs = raw.tsMicros;
    try {
      auditAndDecode(pipeline, raw, decodeOptions);
    } catch (e) {
      failIfUndocumented(e, `frame batch ${batch} frame ${i}`, batchSeed(batch));
    }
  }
  try {
    const summary: CaptureSummary = { format: 'pcapng', compression: 'none', linkTypes: [...linkTypes], frames: FRAMES_PER_BATCH, firstTsMicros: firstTs, lastTsMicros: lastTs, warnings: [], bytes: 0, endedEarly: false };
    finishAudit(pipeline, summary, { text: batch % TEXT_REPORT_EVERY === 0, html: batch % HTML_REPORT_EVERY === 0 });
  } catch (e) {
    failIfUndocumented(e, `frame batch ${batch} reports`, batchSeed(batch));
  }
}

export interface BatchesResult {
  frames: number;
  /** Growth of the process's resident set from the end of the warm-up batches to the last batch (MiB). */
  rssGrowthMiB: number;
}

/** Batches [from, to); throws at the first undocumented error. */
export function runFrameBatches(from: number, to: number, seeds: readonly SeedFrame[]): BatchesResult {
  const context = batchContext(seeds);
  let frames = 0;
  let rssAfterWarmup = process.memoryUsage().rss;
  for (let batch = from; batch < to; batch++) {
    runFrameBatch(batch, context);
    frames += FRAMES_PER_BATCH;
    if (batch - from + 1 === WARMUP_BATCHES) rssAfterWarmup = process.memoryUsage().rss;
  }
  return { frames, rssGrowthMiB: (process.memoryUsage().rss - rssAfterWarmup) / 2 ** 20 };
}

export interface WorkerBatches {
  result: Promise<BatchesResult>;
  /** Ends the worker (done or not): the test calls it whatever happened on its own thread. */
  stop(): Promise<void>;
}

/**
 * Starts batches [from, to) in a worker thread of this process (tsx compiles the TypeScript there, as vitest does
 * here), so that the test's two halves use both cores of a machine that has them.
 */
export function startFrameBatchesInWorker(from: number, to: number): WorkerBatches {
  const entry = fileURLToPath(new URL('./fuzz-worker.ts', import.meta.url));
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { from, to } });
  const result = new Promise<BatchesResult>((resolve, reject) => {
    worker.once('message', (message: { result?: BatchesResult; error?: string }) => {
      if (message.error !== undefined) reject(new Error(`fuzz worker, batches ${from}-${to - 1}: ${message.error}`));
      else resolve(message.result!);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`fuzz worker exited with code ${code} before its result`)));
  });
  // Awaited by the test; this keeps a failure from counting as unhandled while the test's thread is still busy.
  result.catch(() => undefined);
  return { result, stop: async () => void (await worker.terminate()) };
}
