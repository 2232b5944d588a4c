#!/usr/bin/env node
import { isMainThread, workerData } from 'node:worker_threads';
import { isAuditWorkerData, setWorkerEntry } from '../cli/workers/worker-entry.js';

if (!isMainThread && isAuditWorkerData(workerData)) {
  // A worker of `audit` with several captures (see cli/workers/audit-pool.ts): it serves jobs, it has no command line.
  const { serveAuditJobs } = await import('../cli/workers/audit-worker.js');
  serveAuditJobs();
} else {
  // A reader that closed the pipe (`| head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  setWorkerEntry(new URL(import.meta.url));
  const { main } = await import('../cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
}
