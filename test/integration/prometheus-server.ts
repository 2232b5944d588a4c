/**
 * A real Prometheus server (Debian's `prometheus`) for integration tests, started inside a lab namespace with a
 * throw-away config and data directory, listening on that namespace's loopback, and queried through its HTTP API with
 * curl run in the same namespace. Every wait is bounded; stop() kills the server and removes its directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor, withTimeout } from '../../scripts/lab/index.js';

/** Why a Prometheus server cannot be started here, or '' when it can. */
export function prometheusSkipReason(): string {
  if (spawnSync('prometheus', ['--version']).error) return 'prometheus not found (apt-get install prometheus)';
  if (spawnSync('curl', ['--version']).error) return 'curl not found (apt-get install curl)';
  return '';
}

export interface PrometheusOptions {
  /** Namespace to run in (ip netns exec). */
  ns: string;
  port: number;
  ruleFiles: string[];
  /** job name → scrape targets (host:port). */
  jobs: Record<string, string[]>;
  /** Scrape and rule evaluation interval; short in tests so alerts fire in seconds. */
  interval: string;
}

export interface ApiAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
}

export class PrometheusServer {
  private exited = false;
  private log = '';

  private constructor(
    private readonly options: PrometheusOptions,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (this.log = (this.log + d).slice(-20_000)));
    child.once('exit', () => (this.exited = true));
  }

  static async start(options: PrometheusOptions): Promise<PrometheusServer> {
    const dir = mkdtempSync(join(tmpdir(), 'vrrp-inspect-prometheus-'));
    const config = [
      'global:',
      `  scrape_interval: ${options.interval}`,
      `  evaluation_interval: ${options.interval}`,
      'rule_files:',
      ...options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`),
      'scrape_configs:',
      ...Object.entries(options.jobs).flatMap(([job, targets]) => [
        `  - job_name: ${JSON.stringify(job)}`,
        '    static_configs:',
        `      - targets: ${JSON.stringify(targets)}`,
      ]),
      '',
    ].join('\n');
    writeFileSync(join(dir, 'prometheus.yml'), config);
    const child = spawn(
      'ip',
      [
        'netns', 'exec', options.ns, 'prometheus',
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${options.port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    const server = new PrometheusServer(options, dir, child);
    try {
      await server.waitFor(async () => server.getText('/-/ready').includes('Ready'), 'Prometheus to be ready', 30_000);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** GET on the server's HTTP API, from inside its namespace. */
  getText(path: string, params: Record<string, string> = {}): string {
    if (this.exited) throw new Error(`prometheus exited: ${this.log.trim().split('\n').slice(-3).join(' | ')}`);
    const args = ['netns', 'exec', this.options.ns, 'curl', '-s', '--max-time', '10', '-G', `http://127.0.0.1:${this.options.port}${path}`];
    for (const [k, v] of Object.entries(params)) args.push('--data-urlencode', `${k}=${v}`);
    const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 15_000 });
    return r.stdout ?? '';
  }

  api<T>(path: string, params: Record<string, string> = {}): { status: string; data: T; error?: string } {
    const text = this.getText(path, params);
    try {
      return JSON.parse(text) as { status: string; data: T; error?: string };
    } catch {
      return { status: 'unparsable', data: undefined as T, error: text.slice(0, 200) };
    }
  }

  /** Instant query: the result vector. */
  query(expr: string): { metric: Record<string, string>; value: [number, string] }[] {
    const r = this.api<{ resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] }>('/api/v1/query', {
      query: expr,
    });
    if (r.status !== 'success') throw new Error(`query ${expr}: ${r.error ?? r.status}`);
    return r.data.result;
  }

  alerts(): ApiAlert[] {
    const r = this.api<{ alerts: ApiAlert[] }>('/api/v1/alerts');
    return r.status === 'success' ? r.data.alerts : [];
  }

  async waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs: number): Promise<T> {
    return waitFor(probe, { timeoutMs, intervalMs: 500, what });
  }

  async stop(): Promise<void> {
    if (!this.exited && this.child.pid !== undefined) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      try {
        process.kill(-this.child.pid, 'SIGTERM');
        await withTimeout(exited, 10_000, 'prometheus to exit').catch(() => process.kill(-(this.child.pid ?? 0), 'SIGKILL'));
      } catch {
        // already gone
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
