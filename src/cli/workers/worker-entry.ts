/**
 * Where a worker thread starts: the program's own entry module. Only the executable sets it (to its own URL), so that
 * whatever the build layout (the tsc tree or one bundled file) a worker runs the same code as the process; a caller of
 * `main()` that never sets it (tests, the library) audits its inputs one after another on its own thread.
 */
let entry: URL | null = null;

export function setWorkerEntry(url: URL): void {
  entry = url;
}

export function workerEntry(): URL | null {
  return entry;
}

/**
 * What a worker is started with, so the entry module knows to serve jobs instead of parsing a command line. The marker
 * is an argument (the worker's process.argv ends with it), so the entry can tell without loading node:worker_threads,
 * which costs every command's start-up several milliseconds; the workerData role is checked as well once it is loaded.
 */
export const AUDIT_WORKER_ARG = '--vrrp-inspect-audit-worker-thread';
export const AUDIT_WORKER_DATA = { role: 'vrrp-inspect-audit-worker' } as const;

export function isAuditWorkerData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === AUDIT_WORKER_DATA.role;
}
