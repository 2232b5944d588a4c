/** The `audit` command's work, loaded only when it runs (see audit.ts for the options and help). */
import { writeFileSync } from 'node:fs';
import type { AuditDocument } from '../../analysis/audit-document.js';
import { ALL_RULES, RULE_IDS } from '../../analysis/rules/index.js';
import { AnalysisPipeline, inputDocOf } from '../../pipeline/analysis-pipeline.js';
import { isVrrpInspectError, UsageError, InputError } from '../../errors.js';
import { exitCodeFor, resolveAnalysisOptions, type FailOn } from '../shared-options.js';
import { expandInputs } from '../inputs.js';
import { readCliInput, stdinStream } from '../read-input.js';
import { printWarnings } from '../warnings.js';
import type { AuditCliOptions } from './audit.js';

export async function runAudit(captures: string[], opts: AuditCliOptions): Promise<number> {
  if (opts.format !== 'text' && opts.format !== 'json') {
    throw new UsageError('bad-format', `--format must be text or json, got '${opts.format}'`);
  }
  const resolved = resolveAnalysisOptions(opts, RULE_IDS);
  if (opts.merge) return report([await auditMergedInputs(captures, resolved)], opts, resolved.failOn, false);
  const inputs = expandInputs(captures);
  if (inputs.filter((i) => i.kind === 'stdin').length > 1) throw new UsageError('stdin-twice', 'stdin (-) can be given only once');
  const docs: AuditDocument[] = [];
  let inputFailed = false;
  for (const input of inputs) {
    const pipeline = new AnalysisPipeline({ analysis: resolved.analysis, rules: ALL_RULES, guePorts: resolved.guePorts });
    try {
      const summary = await readCliInput(input, pipeline.onFrame);
      printWarnings(input.name, summary.warnings);
      docs.push(pipeline.finish(inputDocOf(input.name, summary)));
    } catch (e) {
      // One unreadable input among several: say so in one line and go on with the others; exit 2 at the end.
      if (!isVrrpInspectError(e) || inputs.length === 1) throw e;
      process.stderr.write(`vrrp-inspect: ${e.message}\n`);
      inputFailed = true;
    }
  }
  return report(docs, opts, resolved.failOn, inputFailed);
}

/** `--merge`: every capture is a vantage point of one segment; one document for them all. */
async function auditMergedInputs(captures: string[], resolved: ReturnType<typeof resolveAnalysisOptions>): Promise<AuditDocument> {
  const { expandMergeInputs } = await import('../merge-inputs.js');
  const { auditMerged } = await import('../../merge/merge-audit.js');
  const named = expandMergeInputs(captures);
  const doc = await auditMerged(
    named.map(({ name, input }) => ({
      name,
      source: input.name,
      input: input.kind === 'stdin' ? { kind: 'stream', stream: stdinStream(), name: 'stdin' } : { kind: 'file', path: input.path },
    })),
    { analysis: resolved.analysis, rules: ALL_RULES, guePorts: resolved.guePorts },
  );
  // Each warning already names its capture.
  printWarnings('--merge', doc.input.warnings);
  return doc;
}

async function report(docs: AuditDocument[], opts: AuditCliOptions, failOn: FailOn, inputFailed: boolean): Promise<number> {
  if (opts.format === 'json') {
    const { formatAuditJson } = await import('../../report/json.js');
    for (const doc of docs) process.stdout.write(formatAuditJson(doc));
  } else {
    const { formatAuditText } = await import('../../report/audit-text.js');
    const { shouldUseColor } = await import('../../report/color.js');
    const width = process.stdout.columns ?? 100;
    process.stdout.write(formatAuditText(docs, { color: shouldUseColor(process.stdout, process.env), width: Math.max(80, Math.min(width, 160)) }));
  }
  if (opts.html) {
    const { renderHtmlReport } = await import('../../report/html/index.js');
    try {
      writeFileSync(opts.html, renderHtmlReport(docs));
    } catch (e) {
      throw new InputError('html-unwritable', `cannot write HTML report ${opts.html}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  if (inputFailed) return 2;
  return exitCodeFor(docs.flatMap((d) => d.findings), failOn);
}
