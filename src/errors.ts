/**
 * Errors a user can act on. The CLI prints `message` as one line on stderr and exits with `exitCode` (2 for every
 * input/usage problem, per the output contract); `--debug` adds the stack. Library code throws these, never prints.
 */
export class VrrpInspectError extends Error {
  override readonly name: string = 'VrrpInspectError';
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options?.exitCode ?? 2;
  }
}

/** Not a capture, unsupported link type, corrupt header: the input cannot be read at all. */
export class CaptureFormatError extends VrrpInspectError {
  override readonly name = 'CaptureFormatError';
}

/** The input could not be opened (missing, permission denied, a directory where a file was expected). */
export class InputError extends VrrpInspectError {
  override readonly name = 'InputError';
}

/** Bad command-line usage or configuration. */
export class UsageError extends VrrpInspectError {
  override readonly name = 'UsageError';
}

/** Live capture could not start or stopped (no interface, no permission, cap not built, interface went down). */
export class LiveCaptureError extends VrrpInspectError {
  override readonly name = 'LiveCaptureError';
}

export function isVrrpInspectError(e: unknown): e is VrrpInspectError {
  return e instanceof VrrpInspectError;
}
