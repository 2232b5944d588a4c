/**
 * Runs frames through the real engine with a chosen set of rules and returns the audit document: the ESLint
 * RuleTester idea, with scenarios as decoded frames.
 */
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../../src/analysis/options.js';
import { AnalysisEngine } from '../../src/analysis/engine.js';
import type { AuditDocument, FindingDoc } from '../../src/analysis/audit-document.js';
import type { RuleDefinition } from '../../src/analysis/rule.js';
import type { FrameInfo } from '../../src/decoders/frame-info.js';

export function analyze(
  frames: readonly FrameInfo[],
  rules: readonly RuleDefinition[],
  options: Partial<AnalysisOptions> = {},
): AuditDocument {
  const engine = new AnalysisEngine({ ...DEFAULT_ANALYSIS_OPTIONS, ...options }, rules);
  const sorted = [...frames].sort((a, b) => a.ts - b.ts || a.frame - b.frame);
  for (const f of sorted) engine.push(f);
  engine.end();
  const first = sorted[0]?.ts ?? null;
  const last = sorted[sorted.length - 1]?.ts ?? null;
  return engine.document(
    { source: 'test', format: 'pcap', linkTypes: [1], frames: sorted.length, firstTs: first, lastTs: last, warnings: [] },
    { frames: sorted.length },
  );
}

/** Findings of one rule. */
export function findingsOf(frames: readonly FrameInfo[], rule: RuleDefinition, options: Partial<AnalysisOptions> = {}): FindingDoc[] {
  return analyze(frames, [rule], options).findings.filter((f) => f.rule === rule.meta.id);
}

/** Renumbers frames 1..n in timestamp order, so scenarios can be assembled from pieces. */
export function sequence(...parts: FrameInfo[][]): FrameInfo[] {
  const all = parts.flat().sort((a, b) => a.ts - b.ts);
  return all.map((f, i) => ({ ...f, frame: i + 1 }));
}
