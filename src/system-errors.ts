/**
 * The one place that turns a failed system call (open, read, write, scandir) into words a user can act on: messages
 * never show a bare errno code such as ENOENT or EISDIR. Callers choose the error class (InputError, UsageError...);
 * this file decides the wording.
 */
import { InputError } from './errors.js';

/** The errno code of a Node system error (`ENOENT`), or undefined for anything else. */
export function systemErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export type FileAccess = 'read' | 'write' | 'list';

const VERB: Record<FileAccess, string> = { read: 'read', write: 'write', list: 'list the directory' };

/**
 * `cannot read x.pcap: no such file or directory`, `cannot write the output: no space left on the device: ...`: what failed,
 * why in plain words, and what to do about it, on one line.
 */
export function fileErrorMessage(access: FileAccess, path: string, error: unknown): string {
  return `cannot ${VERB[access]} ${path}: ${systemErrorReason(access, error)}`;
}

const INPUT_ERROR_CODES: Record<string, string> = {
  ENOENT: 'not-found',
  EACCES: 'permission-denied',
  EPERM: 'permission-denied',
  EISDIR: 'is-directory',
  ENOSPC: 'no-space',
  EDQUOT: 'no-space',
};

/** An InputError (exit 2) for a file or directory that could not be opened, read, listed or written. */
export function fileError(access: FileAccess, path: string, error: unknown): InputError {
  const code = INPUT_ERROR_CODES[systemErrorCode(error) ?? ''] ?? `${access}-failed`;
  return new InputError(code, fileErrorMessage(access, path, error), { cause: error });
}

function systemErrorReason(access: FileAccess, error: unknown): string {
  const code = systemErrorCode(error);
  switch (code) {
    case 'ENOENT':
      return access === 'write' ? 'its folder does not exist: create it or choose another path' : 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return access === 'write'
        ? 'permission denied: choose a path you can write'
        : 'permission denied: run as a user who can read it';
    case 'EISDIR':
      return access === 'write' ? 'it is a directory: give a file name' : 'it is a directory: give a file';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'too many symbolic links in the path';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'no space left on the device: free some space or choose another path';
    case 'EROFS':
      return 'the file system is read-only: choose another path';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files: raise the limit (ulimit -n) or close other programs';
    case 'EIO':
      return 'input/output error on the device';
    case 'EPIPE':
      return 'the reader closed the pipe';
    case 'ENOBUFS':
    case 'ENOMEM':
      return 'the system ran out of memory or buffer space';
    default: {
      const message = error instanceof Error ? error.message : String(error);
      // Node prefixes its messages with the code ("EXDEV: cross-device link not permitted, open 'x'"): keep the words.
      return message.replace(/^[A-Z0-9_]+: /, '').replace(/, \w+ '.*'$/, '');
    }
  }
}
