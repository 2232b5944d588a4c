#!/usr/bin/env node
import nodeModule from 'node:module';
import { isMainThread, workerData } from 'node:worker_threads';
import { isAuditWorkerData, setWorkerEntry } from '../cli/workers/worker-entry.js';

// V8's code cache for the bundles loaded below, where Node has it (module.enableCompileCache, Node >= 22.1; Node 20 has
// no equivalent for ES modules). NODE_DISABLE_COMPILE_CACHE=1 turns it off.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

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
