/** Where a capture program is installed, if anywhere: PATH first, then the sbin directories root's PATH may lack. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];

export function findProgram(name: string, pathVariable = process.env['PATH'] ?? ''): string | null {
  const dirs = [...pathVariable.split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
