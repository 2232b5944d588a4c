/** The `lint` command's work: the engine with no frames and the configs, so lint findings are audit findings. */
import { AnalysisEngine } from '../../analysis/engine.js';
import { ALL_RULES, RULE_IDS } from '../../analysis/rules/index.js';
import { UsageError } from '../../errors.js';
import { exitCodeFor, resolveAnalysisOptions } from '../shared-options.js';
import type { LintCliOptions } from './lint.js';
import { shouldUseColor } from '../../report/color.js';

export async function runLint(configs: string[], opts: LintCliOptions): Promise<number> {
  if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError('bad-format', `--format must be text or json, got '${opts.format}'`);
  const resolved = resolveAnalysisOptions({ ...opts, keepalived: configs }, RULE_IDS);
  const cluster = resolved.analysis.keepalived ?? [];
  const engine = new AnalysisEngine(resolved.analysis, ALL_RULES);
  engine.end();
  const { buildLintDocument, formatLintJson, formatLintText } = await import('../../report/lint.js');
  const findings = engine.document({ source: 'lint', format: 'pcap', linkTypes: [], frames: 0, firstTs: null, lastTs: null, warnings: [] }, { frames: 0 }).findings;
  const doc = buildLintDocument(cluster, findings);
  if (opts.format === 'json') process.stdout.write(formatLintJson(doc));
  else {
    const width = process.stdout.columns ?? 100;
    process.stdout.write(formatLintText(doc, { color: shouldUseColor(process.stdout, process.env), width: Math.max(80, Math.min(width, 160)) }));
  }
  return exitCodeFor(doc.findings, resolved.failOn);
}
