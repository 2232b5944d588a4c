import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseListenAddress, startMetricsServer } from '../../src/live/metrics-server.js';

describe('parseListenAddress', () => {
  it.each([
    [':9814', { host: undefined, port: 9814 }],
    ['9814', { host: undefined, port: 9814 }],
    ['127.0.0.1:9814', { host: '127.0.0.1', port: 9814 }],
    ['[::1]:9814', { host: '::1', port: 9814 }],
    ['localhost:1', { host: 'localhost', port: 1 }],
  ])('%s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each(['', ':', ':0', ':65536', 'eth0', '::1:9814', '127.0.0.1:', ':98a'])('rejects %j with a usage error', (text) => {
    expect(() => parseListenAddress(text)).toThrow(UsageError);
  });
});

describe('startMetricsServer', () => {
  it('serves the registry at /metrics in the Prometheus text format, 404 elsewhere', async () => {
    const registry = new Registry();
    new Counter({ name: 'vrrp_inspect_test_total', help: 'test', registers: [registry] }).inc(3);
    const server = await startMetricsServer(registry, { host: '127.0.0.1', port: 0 });
    try {
      const port = server.port;
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(await res.text()).toContain('vrrp_inspect_test_total 3');
      expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('says in one line when the port is taken', async () => {
    const registry = new Registry();
    const first = await startMetricsServer(registry, { host: '127.0.0.1', port: 0 });
    try {
      await expect(startMetricsServer(registry, { host: '127.0.0.1', port: first.port })).rejects.toThrow(/already in use/);
    } finally {
      await first.close();
    }
  });
});

describe('/healthz', () => {
  it('answers 200 while the check says ok and 503 with the reason otherwise', async () => {
    let health = { ok: false, status: 'capture starting' };
    const server = await startMetricsServer(new Registry(), { host: '127.0.0.1', port: 0 }, () => health);
    try {
      const url = `http://127.0.0.1:${server.port}/healthz`;
      let res = await fetch(url);
      expect([res.status, await res.text()]).toEqual([503, 'unhealthy: capture starting\n']);
      health = { ok: true, status: 'capturing on eth0, 12 frames' };
      res = await fetch(url);
      expect([res.status, await res.text()]).toEqual([200, 'ok: capturing on eth0, 12 frames\n']);
    } finally {
      await server.close();
    }
  });

  it('is not served without a health check', async () => {
    const server = await startMetricsServer(new Registry(), { host: '127.0.0.1', port: 0 });
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
