/**
 * `audit` with several captures uses the machine's cores: a pool of worker threads, one capture each at a time, results
 * handed back in the order the captures were given. Each worker runs the program's own entry module (see
 * worker-entry.ts) in audit-worker mode, so the code it runs is the code the process runs.
 */
import { Worker } from 'node:worker_threads';
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

export type JobOutcome = { ok: true; result: AuditJobResult } | { ok: false; error: JobFailure };

/** Audits every input on `workers` threads; outcome i belongs to inputs[i]. */
export function auditInWorkers(
  inputs: readonly CliInput[],
  resolved: ResolvedAnalysisOptions,
  workers: number,
  entry: URL,
): Promise<JobOutcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: JobOutcome[] = new Array(inputs.length);
    const pool: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const stopAll = (): void => {
      for (const w of pool) void w.terminate();
    };
    const feed = (worker: Worker): void => {
      if (next < inputs.length) {
        const id = next++;
        const request: JobRequest = { id, input: inputs[id] as CliInput, resolved };
        worker.postMessage(request);
      } else {
        worker.postMessage(null);
      }
    };
    for (let i = 0; i < Math.min(workers, inputs.length); i++) {
      const worker = new Worker(entry, { argv: [AUDIT_WORKER_ARG], workerData: AUDIT_WORKER_DATA });
      pool.push(worker);
      worker.on('message', (msg: { id: number; outcome: JobOutcome }) => {
        outcomes[msg.id] = msg.outcome;
        done += 1;
        if (done === inputs.length) resolve(outcomes);
        feed(worker);
      });
      // A worker that dies (out of memory, a crash while loading) fails the whole command rather than hang it.
      worker.on('error', (e) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(e);
      });
      worker.on('exit', (code) => {
        if (code !== 0 && !failed && done < inputs.length) {
          failed = true;
          stopAll();
          reject(new Error(`an audit worker stopped with exit code ${code}`));
        }
      });
      feed(worker);
    }
  });
}
