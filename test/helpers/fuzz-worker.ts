/**
 * A worker thread of the fuzz test: runs frame batches [from, to) of test/helpers/fuzz-harness.ts beside the test's
 * own thread and posts the result, or the first undocumented error. Started by startFuzzWorker().
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSeedFrames, runFrameBatches } from './fuzz-harness.js';

const { from, to } = workerData as { from: number; to: number };
try {
  parentPort!.postMessage({ result: runFrameBatches(from, to, await loadSeedFrames()) });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
