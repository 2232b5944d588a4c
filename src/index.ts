/**
 * vrrp-inspect as a library: the same pipeline as the CLI, for scripts and other tools.
 *
 *   import { auditCapture } from 'vrrp-inspect';
 *   const doc = await auditCapture('incident.pcapng');
 *   for (const f of doc.findings) console.log(f.rule, f.message);
 */
import { basename } from 'node:path';
import type { AuditDocument } from './analysis/audit-document.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from './analysis/options.js';
import { ALL_RULES } from './analysis/rules/index.js';
import { readCapture } from './capture/open-capture.js';
import { AnalysisPipeline, inputDocOf } from './pipeline/analysis-pipeline.js';

export interface AuditCaptureOptions extends Partial<AnalysisOptions> {
  /** UDP ports on which GUE tunnels are decoded (IPVS `lvs_method TUN type gue`). */
  guePorts?: ReadonlySet<number>;
}

/** Audits one capture file (pcap, pcapng, gzip) and returns the `audit --format json` document. */
export async function auditCapture(path: string, options: AuditCaptureOptions = {}): Promise<AuditDocument> {
  const { guePorts = new Set<number>(), ...analysis } = options;
  const pipeline = new AnalysisPipeline({ analysis: { ...DEFAULT_ANALYSIS_OPTIONS, ...analysis }, rules: ALL_RULES, guePorts });
  const summary = await readCapture({ kind: 'file', path }, pipeline.onFrame);
  return pipeline.finish(inputDocOf(basename(path), summary));
}

export { readCapture, createCaptureParser, type CaptureInput } from './capture/open-capture.js';
export type { RawFrame, FrameSink, CaptureSummary, CaptureWarning } from './capture/raw-frame.js';
export { decodeFrame, createDecodeOptions } from './decoders/decode-frame.js';
export type * from './decoders/frame-info.js';
export { AnalysisEngine, type EngineListener } from './analysis/engine.js';
export { AnalysisPipeline, inputDocOf } from './pipeline/analysis-pipeline.js';
export { ALL_RULES, RULE_IDS } from './analysis/rules/index.js';
export { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions, type Profile } from './analysis/options.js';
export type * from './analysis/audit-document.js';
export { formatAuditJson } from './report/json.js';
export { formatAuditText } from './report/audit-text.js';
export { renderHtmlReport } from './report/html/index.js';
export { VrrpInspectError, CaptureFormatError, InputError, UsageError, LiveCaptureError } from './errors.js';
export { TOOL_VERSION } from './version.js';
export { auditMerged, type MergeConfig, type VantageSource } from './merge/merge-audit.js';
export { readKeepalivedConfig, type ReadOptions as KeepalivedReadOptions } from './keepalived/index.js';
export type { ClusterConfig, NodeConfig, ConfInstance, ConfVirtualServer } from './keepalived/types.js';
