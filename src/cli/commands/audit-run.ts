/** The `audit` command's work, loaded only when it runs (see audit.ts for the options and help). */
import { writeFileSync } from 'node:fs';
import type { AuditDocument, Severity } from '../../analysis/audit-document.js';
import { availableParallelism } from 'node:os';
import { ALL_RULES, RULE_IDS } from '../../analysis/rules/index.js';
import { isVrrpInspectError, UsageError } from '../../errors.js';
import { fileError } from '../../system-errors.js';
import { exitCodeFor, resolveAnalysisOptions, type FailOn, type ResolvedAnalysisOptions } from '../shared-options.js';
import { expandInputs, type CliInput } from '../inputs.js';
import { stdinStream } from '../read-input.js';
import { printWarnings } from '../warnings.js';
import { auditOneInput, auditOneInputStream, readyForSeveralCaptures, type AuditJobResult } from '../workers/audit-job.js';
import { writeChunks } from '../write-chunks.js';
import { workerEntry } from '../workers/worker-entry.js';
import { defaultLanes, fileSizesOf, inputSizes, largestFirst } from '../workers/lanes.js';
import type { AuditCliOptions } from './audit.js';
import { shouldUseColor } from '../../report/color.js';

export async function runAudit(captures: string[], opts: AuditCliOptions): Promise<number> {
  if (opts.format !== 'text' && opts.format !== 'json') {
    throw new UsageError('bad-format', `--format must be text or json, got '${opts.format}'`);
  }
  const resolved = resolveAnalysisOptions(opts, RULE_IDS);
  if (opts.merge) return report([await auditMergedInputs(captures, resolved)], opts, resolved.failOn, false);
  const inputs = expandInputs(captures);
  // Each file's size, read once: it decides the heap settings and, with several captures, the lanes.
  const sizes = inputSizes(inputs);
  await tuneHeapForLargeInputs(sizes);
  if (inputs.filter((i) => i.kind === 'stdin').length > 1) throw new UsageError('stdin-twice', 'stdin (-) can be given only once');
  const only = inputs.length === 1 ? inputs[0] : undefined;
  if (only && opts.format === 'json' && !opts.html) return streamJson(only, resolved);
  const docs: AuditDocument[] = [];
  let inputFailed = false;
  for (const outcome of await auditAll(inputs, sizes, resolved, opts.jobs)) {
    const { input } = outcome;
    if (outcome.ok) {
      printWarnings(input.name, outcome.result.warnings);
      docs.push(outcome.result.doc);
      continue;
    }
    // One unreadable input among several: say so in one line and go on with the others; exit 2 at the end.
    if (!isVrrpInspectError(outcome.error) || inputs.length === 1) throw outcome.error;
    process.stderr.write(`vrrp-inspect: ${outcome.error.message}\n`);
    inputFailed = true;
  }
  return report(docs, opts, resolved.failOn, inputFailed);
}

/**
 * Inputs from this size on run with V8's heap settings for a long analysis (pipeline/heap-tuning.ts); below it the
 * defaults cost nothing measurable, while loading node:v8 costs start-up a few milliseconds. stdin may be long.
 */
const LARGE_INPUT_BYTES = 32 * 1024 * 1024;

/** An input's size from inputSizes: null is stdin (its length is unknown), 0 also an unreadable file. */
function isLargeInput(size: number | null): boolean {
  return size === null || size >= LARGE_INPUT_BYTES;
}

/** The heap settings for a long analysis, when any of the inputs (sizes from inputSizes) is large. */
async function tuneHeapForLargeInputs(sizes: readonly (number | null)[]): Promise<void> {
  if (sizes.some(isLargeInput)) (await import('../../pipeline/heap-tuning.js')).tuneHeapForLongAnalysis();
}

/** `--merge`: every capture is a vantage point of one segment; one document for them all. */
async function auditMergedInputs(captures: string[], resolved: ReturnType<typeof resolveAnalysisOptions>): Promise<AuditDocument> {
  const { expandMergeInputs } = await import('../merge-inputs.js');
  const { auditMerged } = await import('../../merge/merge-audit.js');
  const named = expandMergeInputs(captures);
  await tuneHeapForLargeInputs(inputSizes(named.map(({ input }) => input)));
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

/**
 * One capture as JSON: the document is written while its routers and findings are made, one at a time, so memory
 * holds the analysis state and one piece of output, not the whole document and its text (issue #10).
 */
async function streamJson(input: CliInput, resolved: ResolvedAnalysisOptions): Promise<number> {
  const { auditJsonChunks } = await import('../../report/json.js');
  const { doc, warnings } = await auditOneInputStream(input, resolved);
  printWarnings(input.name, warnings);
  // The exit status needs the findings' severities, known only once each finding is written.
  const severities = new Set<Severity>();
  const findings = doc.findings;
  doc.findings = (function* () {
    for (const f of findings) {
      severities.add(f.severity);
      yield f;
    }
  })();
  await writeChunks(process.stdout, auditJsonChunks(doc));
  return exitCodeFor([...severities].map((severity) => ({ severity })), resolved.failOn);
}

async function report(docs: AuditDocument[], opts: AuditCliOptions, failOn: FailOn, inputFailed: boolean): Promise<number> {
  if (opts.format === 'json') {
    const { auditJsonChunks } = await import('../../report/json.js');
    for (const doc of docs) await writeChunks(process.stdout, auditJsonChunks(doc));
  } else {
    const { formatAuditText } = await import('../../report/audit-text.js');
    const width = process.stdout.columns ?? 100;
    process.stdout.write(formatAuditText(docs, { color: shouldUseColor(process.stdout, process.env), width: Math.max(80, Math.min(width, 160)) }));
  }
  if (opts.html) {
    const { renderHtmlReport } = await import('../../report/html/index.js');
    try {
      writeFileSync(opts.html, renderHtmlReport(docs));
    } catch (e) {
      throw fileError('write', `HTML report ${opts.html}`, e);
    }
  }
  if (inputFailed) return 2;
  return exitCodeFor(docs.flatMap((d) => d.findings), failOn);
}

type InputOutcome = { input: CliInput } & ({ ok: true; result: AuditJobResult } | { ok: false; error: unknown });

/** `--jobs` as a count of threads: a positive integer, or null when not given (see workers/lanes.ts for the default). */
function parseJobs(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('bad-jobs', `--jobs must be a positive integer, got '${text}'`);
  return n;
}

/**
 * Every input's audit, in the order given. Several files are shared between this thread and worker threads (see
 * workers/audit-pool.ts); a single input, --jobs 1, or a caller without a worker entry (tests calling main()) audit
 * one after another on this thread.
 */
async function auditAll(
  inputs: readonly CliInput[],
  sizes: readonly (number | null)[],
  resolved: ResolvedAnalysisOptions,
  jobsText: string | undefined,
): Promise<InputOutcome[]> {
  const explicitJobs = parseJobs(jobsText);
  const entry = workerEntry();
  const auditHere = (input: CliInput): Promise<AuditJobResult> => auditOneInput(input, resolved);
  if (inputs.length > 1) readyForSeveralCaptures(resolved);
  const files = inputs.filter((i) => i.kind === 'file').length;
  // An explicit --jobs is used as given; the default weighs the cores against the captures' size.
  const jobs = entry && files > 1 ? (explicitJobs ?? defaultLanes(availableParallelism(), fileSizesOf(sizes))) : 1;
  if (entry && jobs > 1) {
    const { auditOnThreads } = await import('../workers/audit-pool.js');
    const outcomes = await auditOnThreads(inputs, resolved, jobs, entry, auditHere, largestFirst(sizes));
    return outcomes.map((o, i) => ({ input: inputs[i] as CliInput, ...o }));
  }
  const out: InputOutcome[] = [];
  for (const input of inputs) {
    try {
      out.push({ input, ok: true, result: await auditHere(input) });
    } catch (error) {
      out.push({ input, ok: false, error });
    }
  }
  return out;
}
