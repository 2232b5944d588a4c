/** Audits a capture file in-process, through the same reader → decoder → engine pipeline as the CLI. */
import { basename } from 'node:path';
import { join } from 'node:path';
import type { AuditDocument, FindingDoc } from '../../src/analysis/audit-document.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { readCapture } from '../../src/capture/open-capture.js';
import { AnalysisPipeline, inputDocOf } from '../../src/pipeline/analysis-pipeline.js';
import { PROJECT_ROOT } from './run-cli.js';

export const FIXTURE_PCAPS = join(PROJECT_ROOT, 'fixtures', 'pcaps');

export async function analyzeCaptureFile(
  path: string,
  options: Partial<AnalysisOptions> = {},
  guePorts: ReadonlySet<number> = new Set([6080]),
): Promise<AuditDocument> {
  const pipeline = new AnalysisPipeline({ analysis: { ...DEFAULT_ANALYSIS_OPTIONS, ...options }, rules: ALL_RULES, guePorts });
  const summary = await readCapture({ kind: 'file', path }, pipeline.onFrame);
  return pipeline.finish(inputDocOf(basename(path), summary));
}

/** Findings of one rule in a fixture of fixtures/pcaps/ (name with its extension). */
export async function fixtureFindings(name: string, rule: string, options: Partial<AnalysisOptions> = {}): Promise<FindingDoc[]> {
  const doc = await analyzeCaptureFile(join(FIXTURE_PCAPS, name), options);
  return doc.findings.filter((f) => f.rule === rule);
}
