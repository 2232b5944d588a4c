/**
 * `audit` with several captures uses the machine's cores: `threads` lanes, this thread and threads - 1 worker threads,
 * take the captures one at a time from one queue (largest first, see lanes.ts); outcomes are handed back in the order
 * the captures were given. This thread works too rather than wait: on two cores one worker and this thread audit in
 * parallel, and a second worker would cost its start and another warm-up of the JIT for nothing. Each worker runs the
 * program's own entry module (see worker-entry.ts) in audit-worker mode, so the code it runs is the code the process
 * runs. Standard input can only be read here, so only this thread takes it.
 */
import { Worker } from 'node:worker_threads';
import { VrrpInspectError } from '../../errors.js';
import type { CliInput } from '../inputs.js';
import type { ResolvedAnalysisOptions } from '../shared-options.js';
import type { AuditJobResult } from './audit-job.js';
import { AUDIT_WORKER_ARG, AUDIT_WORKER_DATA } from './worker-entry.js';

export interface JobRequest {
  id: number;
  input: CliInput;
  resolved: ResolvedAnalysisOptions;
}

export interface JobFailure {
  message: string;
  stack: string | undefined;
  /** A VrrpInspectError (unreadable input, bad capture): reported in one line; anything else is an internal error. */
  userError: boolean;
  exitCode: number;
}

export type JobOutcome = { ok: true; result: AuditJobResult } | { ok: false; error: unknown };

/** A worker's failure (a JobFailure) or this thread's (the error thrown). */
export type WorkerJobOutcome = { ok: true; result: AuditJobResult } | { ok: false; error: JobFailure };

/**
 * Audits every input on `threads` lanes: `auditHere` on this thread, workers started from `entry` for the rest; the
 * lanes take the inputs in `order` (indexes into inputs, each once). Outcome i belongs to inputs[i]; a failure is the
 * error this thread would have caught.
 */
export async function auditOnThreads(
  inputs: readonly CliInput[],
  resolved: ResolvedAnalysisOptions,
  threads: number,
  entry: URL,
  auditHere: (input: CliInput) => Promise<AuditJobResult>,
  order: readonly number[],
): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = new Array(inputs.length);
  const taken: boolean[] = inputs.map(() => false);
  let stopped = false;
  /** The next input in `order` that a lane may take (workers: files only), marked taken; -1 when none. */
  const take = (filesOnly: boolean): number => {
    if (stopped) return -1;
    const i = order.find((k) => !taken[k] && (!filesOnly || inputs[k]?.kind === 'file')) ?? -1;
    if (i >= 0) taken[i] = true;
    return i;
  };
  const files = inputs.filter((i) => i.kind === 'file').length;
  // Never more workers than files beyond the one this thread starts with.
  const workers = Math.max(0, Math.min(threads - 1, files - 1));
  // Settled, never rejected, so that a worker dying while this thread audits is not an unhandled rejection.
  const pool = startWorkers(workers, entry, inputs, resolved, take, outcomes).then(
    () => null,
    (e: unknown) => {
      stopped = true;
      return { error: e };
    },
  );
  // Workers start in the background; this thread begins at once.
  for (let i = take(false); i >= 0; i = take(false)) {
    try {
      outcomes[i] = { ok: true, result: await auditHere(inputs[i] as CliInput) };
    } catch (error) {
      outcomes[i] = { ok: false, error };
    }
  }
  const failure = await pool;
  if (failure) throw failure.error;
  return outcomes;
}

/** Resolves when every worker ran out of work and stopped; rejects (and stops them all) when one dies. */
function startWorkers(
  count: number,
  entry: URL,
  inputs: readonly CliInput[],
  resolved: ResolvedAnalysisOptions,
  take: (filesOnly: boolean) => number,
  outcomes: JobOutcome[],
): Promise<void> {
  if (count === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    let running = count;
    let failed = false;
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      for (const w of pool) void w.terminate();
      reject(e);
    };
    const feed = (worker: Worker): void => {
      const id = take(true);
      const request: JobRequest | null = id >= 0 ? { id, input: inputs[id] as CliInput, resolved } : null;
      worker.postMessage(request);
    };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(entry, { argv: [AUDIT_WORKER_ARG], workerData: AUDIT_WORKER_DATA });
      pool.push(worker);
      worker.on('message', (msg: { id: number; outcome: WorkerJobOutcome }) => {
        outcomes[msg.id] = msg.outcome.ok ? msg.outcome : { ok: false, error: errorOf(msg.outcome.error) };
        feed(worker);
      });
      // A worker that dies (out of memory, a crash while loading) fails the whole command rather than hang it.
      worker.on('error', (e) => fail(e));
      worker.on('exit', (code) => {
        if (code !== 0) fail(new Error(`an audit worker stopped with exit code ${code}`));
        else if (--running === 0 && !failed) resolve();
      });
      feed(worker);
    }
  });
}

/** A worker's failure as the error this thread would have caught. */
function errorOf(failure: JobFailure): Error {
  const e = failure.userError ? new VrrpInspectError('input-failed', failure.message, { exitCode: failure.exitCode }) : new Error(failure.message);
  if (failure.stack) e.stack = failure.stack;
  return e;
}
