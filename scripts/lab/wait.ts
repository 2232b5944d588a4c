/** Polling helpers with explicit timeouts, so a broken lab fails with a clear message instead of hanging. */

export class LabTimeoutError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`lab: timed out after ${timeoutMs} ms waiting for ${what}`);
    this.name = 'LabTimeoutError';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Described in the timeout error. */
  what: string;
}

/** Calls `probe` until it returns a value other than undefined/false, or throws LabTimeoutError. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw new LabTimeoutError(opts.what, opts.timeoutMs);
    await sleep(opts.intervalMs ?? 100);
  }
}

/** Resolves with the promise's value, or throws LabTimeoutError. */
export async function withTimeout<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LabTimeoutError(what, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
