/**
 * The HTTP endpoint of `live --metrics [host]:port`: GET /metrics in the Prometheus text format, GET /healthz 200 while
 * the capture runs and 503 otherwise (for health checks and load balancers). `:9814` listens on every address, as Go
 * exporters do with the same notation.
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { UsageError } from '../errors.js';

export interface ListenAddress {
  /** undefined: every address. */
  host: string | undefined;
  port: number;
}

/** `:9814`, `9814`, `127.0.0.1:9814`, `[::1]:9814`. */
export function parseListenAddress(text: string): ListenAddress {
  const bad = (): never => {
    throw new UsageError('bad-metrics-address', `--metrics expects [host]:port, e.g. :9814 or 127.0.0.1:9814, got '${text}'`);
  };
  const t = text.trim();
  let host: string | undefined;
  let portText: string;
  const bracketed = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(t);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2] ?? '';
  } else if (/^\d+$/.test(t)) {
    portText = t;
  } else {
    const colon = t.lastIndexOf(':');
    if (colon < 0) return bad();
    host = t.slice(0, colon) || undefined;
    portText = t.slice(colon + 1);
    // An IPv6 host needs brackets, otherwise its last group would read as the port.
    if (host?.includes(':')) return bad();
  }
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) return bad();
  return { host, port };
}

export interface MetricsServer {
  readonly address: ListenAddress;
  /** The port actually bound (differs from address.port when that was 0). */
  readonly port: number;
  close(): Promise<void>;
}

/** What /healthz reports: ok → 200, otherwise 503; `status` is the one-line body. */
export type HealthCheck = () => { ok: boolean; status: string };

export async function startMetricsServer(registry: Registry, address: ListenAddress, health?: HealthCheck): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? undefined : body),
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
      );
      return;
    }
    if (path === '/healthz' && health) {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8' }).end(`${h.ok ? 'ok' : 'unhealthy'}: ${h.status}\n`);
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`vrrp-inspect live: metrics at /metrics${health ? ', health at /healthz' : ''}\n`);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${address.host ?? ''}:${address.port}`;
      const why = error.code === 'EADDRINUSE' ? 'the address is already in use: choose another port' : `${error.code ?? error.message}`;
      reject(new UsageError('metrics-listen', `--metrics ${where}: cannot listen (${why})`, { cause: error }));
    });
    server.listen(address.port, address.host, () => resolve());
  });
  // Scrapers keep connections alive; they must not hold the process open after the final report.
  server.unref();
  const bound = server.address();
  return {
    address,
    port: typeof bound === 'object' && bound !== null ? bound.port : address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
