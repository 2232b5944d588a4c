/**
 * `audit --merge`: captures of one segment taken at several vantage points (each node, a mirror port) analysed as one.
 * Each capture is read a first time, alone: its own view and a sample of its frames; the clock offset of every capture
 * to the first (the reference) is estimated from the frames they share; then all are read again together, aligned
 * and merged, each frame counted once with the list of who captured it, straight into the one analysis, with the
 * reception matrix filled as adverts go by. Memory does not grow with the captures' length (read-vantage.ts).
 */
import type { AuditDocument, InputDoc } from '../analysis/audit-document.js';
import type { AnalysisOptions } from '../analysis/options.js';
import type { RuleDefinition } from '../analysis/rule.js';
import { ReceptionMatrix, type Vantage } from '../analysis/vantages/reception-matrix.js';
import { AnalysisEngine } from '../analysis/engine.js';
import { estimateOffset, toReference, type ClockModel, type OffsetEstimate, type TimedPrint } from './clock-offset.js';
import { FrameMerger } from './merge-frames.js';
import { replayMerged, scanVantage, type VantageCapture, type VantageSource } from './read-vantage.js';
import { vantagesDoc } from './vantages-doc.js';

export type { VantageSource } from './read-vantage.js';

/** One frame captured at two points is the same frame when the aligned timestamps differ by at most this (seconds). */
export const MERGE_WINDOW_S = 0.1;

/** The reference's own clock, and what a capture with nothing in common keeps. */
const UNALIGNED: ClockModel = { offsetS: 0, driftPpm: 0, anchorTs: 0 };

export interface MergeConfig {
  analysis: AnalysisOptions;
  rules: readonly RuleDefinition[];
  guePorts: ReadonlySet<number>;
  signal?: AbortSignal;
}

export async function auditMerged(sources: readonly VantageSource[], config: MergeConfig): Promise<AuditDocument> {
  const captures: VantageCapture[] = [];
  try {
    for (const source of sources) captures.push(await scanVantage(source, config.analysis, config.guePorts, config.signal));
    return await mergeScanned(captures, config);
  } finally {
    for (const c of captures) c.dispose();
  }
}

async function mergeScanned(captures: readonly VantageCapture[], config: MergeConfig): Promise<AuditDocument> {
  const sampleLevel = Math.max(0, ...captures.map((c) => c.sample.level));
  const estimates = alignClocks(captures.map((c) => c.sample.prints(sampleLevel)));
  const clocks = estimates.map((e): ClockModel => e ?? UNALIGNED);

  const speakerIps = new Set<string>();
  for (const c of captures) for (const r of c.view.model.routers()) for (const s of r.speakers.values()) speakerIps.add(s.ip);
  const vantages: Vantage[] = captures.map((c, i) => {
    const s = c.summary;
    const clock = clocks[i] ?? UNALIGNED;
    return {
      name: c.source.name,
      firstTs: s.firstTsMicros === null ? Number.POSITIVE_INFINITY : toReference(clock, s.firstTsMicros / 1e6),
      lastTs: s.lastTsMicros === null ? Number.NEGATIVE_INFINITY : toReference(clock, s.lastTsMicros / 1e6),
      hostIp: hostOf(c.source.name, speakerIps),
      aligned: estimates[i] !== null,
    };
  });

  const matrix = new ReceptionMatrix(vantages);
  // Frames arrive decoded (each capture was decoded with the VIPs its own adverts taught): straight into the engine.
  const engine = new AnalysisEngine(config.analysis, config.rules, {}, matrix);
  const merger = new FrameMerger(captures.length, MERGE_WINDOW_S, (frame) => engine.push(frame));
  await replayMerged(captures, clocks, config.analysis, config.guePorts, merger, config.signal);
  merger.end();
  engine.end();
  const doc = engine.document(mergedInputDoc(captures, vantages, merger.merged), { frames: merger.merged });
  doc.vantages = vantagesDoc({ captures, vantages, estimates, onlyHere: merger.onlyHere, matrix, windowS: MERGE_WINDOW_S, sampleLevel });
  return doc;
}

/**
 * Offsets of every capture to the first one. A capture that shares no frame with the reference is tried against
 * everything aligned so far (the observer links two nodes that never heard each other); null: nothing in common.
 */
function alignClocks(prints: readonly TimedPrint[][]): (OffsetEstimate | null)[] {
  const estimates: (OffsetEstimate | null)[] = prints.map((_, i) => (i === 0 ? { ...UNALIGNED, matched: 0, residualS: 0 } : null));
  const aligned: TimedPrint[] = [...(prints[0] ?? [])];
  let progress = true;
  while (progress) {
    progress = false;
    for (let i = 1; i < prints.length; i++) {
      if (estimates[i]) continue;
      const e = estimateOffset(aligned, prints[i] ?? [], MERGE_WINDOW_S);
      if (!e) continue;
      estimates[i] = e;
      for (const p of prints[i] ?? []) aligned.push({ ts: toReference(e, p.ts), print: p.print });
      progress = true;
    }
  }
  return estimates;
}

/** A capture named after a speaker's address (`192.0.2.12=n2.pcap`, or a file `192.0.2.12.pcap`) was taken on that node. */
function hostOf(name: string, speakerIps: ReadonlySet<string>): string | null {
  const bare = name.replace(/\.(pcap|pcapng|cap|dmp)(\.gz)?$/i, '');
  return speakerIps.has(bare) ? bare : null;
}

/** The merged stream as one input: `frames` counts distinct frames kept (each once), the span covers every capture. */
function mergedInputDoc(captures: readonly VantageCapture[], vantages: readonly Vantage[], frames: number): InputDoc {
  const formats = new Set(captures.map((c) => c.summary.format));
  const first = Math.min(...vantages.map((v) => v.firstTs));
  const last = Math.max(...vantages.map((v) => v.lastTs));
  return {
    source: captures.map((c) => c.source.name).join(' + '),
    format: formats.size === 1 ? (captures[0]?.summary.format ?? 'pcap') : 'pcapng',
    linkTypes: [...new Set(captures.flatMap((c) => c.summary.linkTypes))].sort((a, b) => a - b),
    frames,
    firstTs: Number.isFinite(first) ? Math.round(first * 1e6) / 1e6 : null,
    lastTs: Number.isFinite(last) ? Math.round(last * 1e6) / 1e6 : null,
    warnings: captures.flatMap((c) => c.summary.warnings.map((w) => ({ ...w, message: `${c.source.name}: ${w.message}` }))),
  };
}
