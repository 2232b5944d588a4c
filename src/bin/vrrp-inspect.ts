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
  // The output failing (a closed pipe, a full disk, ENOBUFS) ends the run the same way from any command.
  const { outputErrorExit } = await import('../cli/output.js');
  process.stdout.on('error', (e: NodeJS.ErrnoException) => outputErrorExit(e));
  setWorkerEntry(new URL(import.meta.url));
  const { main } = await import('../cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
}
