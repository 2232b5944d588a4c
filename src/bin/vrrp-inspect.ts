#!/usr/bin/env node
import nodeModule from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outputErrorExit } from '../cli/output.js';
import { AUDIT_WORKER_ARG, isAuditWorkerData, setWorkerEntry } from '../cli/workers/worker-entry.js';
import { codeCacheDir, useCodeCache } from '../cli/code-cache.js';

// V8's code cache for the bundles loaded below: Node's own where it has one (module.enableCompileCache, Node >= 22.1),
// else ours (cli/code-cache.ts). NODE_DISABLE_COMPILE_CACHE=1 turns either off.
const enableCompileCache = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
if (enableCompileCache) enableCompileCache();
else {
  const cacheDir = codeCacheDir();
  if (cacheDir) useCodeCache(dirname(fileURLToPath(import.meta.url)), cacheDir);
}

// No top-level await: the build makes this a CommonJS bundle (CommonJS loads faster than an ES module on Node 20).
void start();

async function start(): Promise<void> {
  if (process.argv.includes(AUDIT_WORKER_ARG) && (await isAuditWorkerThread())) {
    // A worker of `audit` with several captures (see cli/workers/audit-pool.ts): it serves jobs, it has no command line.
    const { serveAuditJobs } = await import('../cli/workers/audit-worker.js');
    serveAuditJobs();
    return;
  }
  // The output failing (a closed pipe, a full disk, ENOBUFS) ends the run the same way from any command.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => outputErrorExit(e));
  setWorkerEntry(new URL(import.meta.url));
  const { main } = await import('../cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
}

/** Loaded only when the worker marker is there: node:worker_threads costs every other start several milliseconds. */
async function isAuditWorkerThread(): Promise<boolean> {
  const { isMainThread, workerData } = await import('node:worker_threads');
  return !isMainThread && isAuditWorkerData(workerData);
}
