/**
 * Headless Chromium for report tests (Debian package `chromium`; `.ci/run` installs it). No network on CI machines, so
 * every background-networking feature is off.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function findChromium(): string | undefined {
  const fromEnv = process.env['CHROMIUM'];
  if (fromEnv !== undefined && existsSync(fromEnv)) return fromEnv;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

/** Runs Chromium headless with a fresh profile under `workDir`; returns stdout (e.g. the DOM with --dump-dom). */
export async function runChromium(browser: string, workDir: string, args: readonly string[]): Promise<string> {
  const profile = mkdtempSync(join(workDir, 'profile-'));
  const flags = [
    '--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`,
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    '--hide-scrollbars',
  ];
  const { stdout } = await run(browser, [...flags, ...args], { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 });
  return stdout;
}
