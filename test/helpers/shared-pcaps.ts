/** The public reference captures in ../shared/pcaps (present in CI; absent in a clone elsewhere: tests skip with a reason). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './run-cli.js';

/** VRRP_INSPECT_SHARED_PCAPS points elsewhere (a git worktree has no ../shared beside it). */
export const SHARED_PCAPS = process.env['VRRP_INSPECT_SHARED_PCAPS'] ?? join(PROJECT_ROOT, '..', 'shared', 'pcaps');
export const HAVE_SHARED_PCAPS = existsSync(SHARED_PCAPS);

export function sharedPcap(name: string): string {
  return join(SHARED_PCAPS, name);
}

export function sharedCaptureFiles(): string[] {
  if (!HAVE_SHARED_PCAPS) return [];
  return readdirSync(SHARED_PCAPS)
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .sort()
    .map((f) => join(SHARED_PCAPS, f));
}

export function skipReasonShared(): string {
  return `skipped: ${SHARED_PCAPS} is absent (the shared reference captures are only beside a CI/dev checkout)`;
}
