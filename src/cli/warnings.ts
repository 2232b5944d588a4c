import type { CaptureWarning } from '../capture/raw-frame.js';

/** Capture warnings (file cut mid-record, oversized record...) go to stderr, one line each, whatever the format. */
export function printWarnings(source: string, warnings: readonly CaptureWarning[]): void {
  for (const w of warnings) process.stderr.write(`vrrp-inspect: warning: ${source}: ${w.message}\n`);
}
