/** Audits a capture file in-process through the library facade: the same reader → decoder → engine pipeline as the CLI. */
import { join } from 'node:path';
import type { AuditDocument, FindingDoc } from '../../src/analysis/audit-document.js';
import type { AnalysisOptions } from '../../src/analysis/options.js';
import { auditCapture } from '../../src/index.js';
import { PROJECT_ROOT } from './run-cli.js';

export const FIXTURE_PCAPS = join(PROJECT_ROOT, 'fixtures', 'pcaps');

/** GUE is decoded on 6080, the port the crafted ipvs-tun fixture uses (as the golden tests pass --gue-port 6080). */
export function analyzeCaptureFile(
  path: string,
  options: Partial<AnalysisOptions> = {},
  guePorts: ReadonlySet<number> = new Set([6080]),
): Promise<AuditDocument> {
  return auditCapture(path, { ...options, guePorts });
}

/** Findings of one rule in a fixture of fixtures/pcaps/ (name with its extension). */
export async function fixtureFindings(name: string, rule: string, options: Partial<AnalysisOptions> = {}): Promise<FindingDoc[]> {
  const doc = await analyzeCaptureFile(join(FIXTURE_PCAPS, name), options);
  return doc.findings.filter((f) => f.rule === rule);
}
