import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('../../src/pipeline/heap-tuning.ts', import.meta.url));

/**
 * In a process of its own (the settings are process-wide): allocates like a long analysis, objects that die at once
 * and some that live a while, and prints the largest young generation seen.
 */
const SCRIPT = `
import { getHeapSpaceStatistics } from 'node:v8';
if (process.env.TUNED === '1') (await import(${JSON.stringify(MODULE)})).tuneHeapForLongAnalysis();
let max = 0;
const kept = [];
for (let round = 0; round < 400; round++) {
  const batch = [];
  for (let i = 0; i < 20000; i++) batch.push({ i, round });
  kept.push(batch.slice(0, 100));
  if (kept.length > 50) kept.shift();
  await new Promise((resolve) => setImmediate(resolve));
  max = Math.max(max, getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
}
console.log(max);
`;

function largestYoungGeneration(tuned: boolean): number {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    env: { ...process.env, TUNED: tuned ? '1' : '0' },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return Number(run.stdout.trim());
}

describe('tuneHeapForLongAnalysis', () => {
  it("stops the young generation's growth at 8 MiB, where V8's defaults let this load grow it further", () => {
    expect(largestYoungGeneration(false)).toBeGreaterThan(8 * 1024 * 1024);
    expect(largestYoungGeneration(true)).toBeLessThanOrEqual(8 * 1024 * 1024);
  });
});
