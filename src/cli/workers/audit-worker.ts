/** The worker side of `audit` with several captures: audits the captures it is sent, one at a time, until told to stop. */
import { parentPort } from 'node:worker_threads';
import { isVrrpInspectError } from '../../errors.js';
import { auditOneInput, readyForSeveralCaptures } from './audit-job.js';
import type { JobRequest, WorkerJobOutcome } from './audit-pool.js';

export function serveAuditJobs(): void {
  const port = parentPort;
  if (!port) return;
  let ready = false;
  port.on('message', (request: JobRequest | null) => {
    if (request === null) {
      port.close();
      return;
    }
    // A worker is only started for several captures (see audit-pool.ts).
    if (!ready) readyForSeveralCaptures(request.resolved);
    ready = true;
    auditOneInput(request.input, request.resolved).then(
      (result) => port.postMessage({ id: request.id, outcome: { ok: true, result } }),
      (e: unknown) => port.postMessage({ id: request.id, outcome: failureOf(e) }),
    );
  });
}

function failureOf(e: unknown): WorkerJobOutcome {
  return {
    ok: false,
    error: {
      message: e instanceof Error ? e.message : String(e),
      stack: e instanceof Error ? e.stack : undefined,
      userError: isVrrpInspectError(e),
      exitCode: isVrrpInspectError(e) ? e.exitCode : 2,
    },
  };
}
