/** tshark as the oracle: whether it is installed, and which frames a display filter selects in a capture. */
import { execFile, execFileSync } from 'node:child_process';

function probe(): boolean {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const HAVE_TSHARK = probe();
export const SKIP_NO_TSHARK = 'skipped: tshark is not installed (Debian package tshark; .ci/run installs it)';

export interface Selection {
  /** Frame numbers tshark selected, in order. */
  frames: number[];
  /** tshark refused the filter (its first line of complaint), or null. */
  rejected: string | null;
}

/**
 * Runs `tshark -r capture -Y filter` and returns the selected frame numbers. A capture cut inside a record makes tshark
 * exit 2 after printing every complete frame: that is not a rejection of the filter.
 */
export function tsharkSelect(capture: string, filter: string): Promise<Selection> {
  return new Promise((resolve) => {
    execFile('tshark', ['-n', '-r', capture, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const frames = stdout.split('\n').filter((l) => l !== '').map(Number);
      const complaint = stderr
        .split('\n')
        .filter((l) => l.trim() !== '' && !/Running as user "root"/.test(l) && !/cut short in the middle of a packet/.test(l))
        .join(' ');
      const cut = /cut short in the middle of a packet/.test(stderr);
      resolve({ frames, rejected: error && !cut ? complaint || String(error.message) : null });
    });
  });
}
