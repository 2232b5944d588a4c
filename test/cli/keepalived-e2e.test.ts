/** `lint` and `--keepalived` as a user runs them: exit codes, one-line errors, text output, the JSON config file. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOneCleanLine, PROJECT_ROOT, runCli } from '../helpers/run-cli.js';

const F = join(PROJECT_ROOT, 'fixtures', 'pcaps');
const work = mkdtempSync(join(tmpdir(), 'vi-lint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('vrrp-inspect lint', () => {
  it('prints each node and the findings, exits 1 on an error finding, 0 with --fail-on never', () => {
    const r = runCli(['lint', join(F, 'interval-mismatch.n1.conf'), join(F, 'interval-mismatch.n2.conf')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^lint: 2 configs, 2 vrrp_instances, 0 virtual_servers; findings: 1 error/);
    expect(r.stdout).toContain('conf-interval-mismatch');
    expect(r.stdout).toContain('config  interval-mismatch.n1.conf:7 (n1), interval-mismatch.n2.conf:7 (n2)');
    expect(runCli(['lint', join(F, 'interval-mismatch.n1.conf'), join(F, 'interval-mismatch.n2.conf'), '--fail-on', 'never']).status).toBe(0);
  });

  it('exits 0 on a clean cluster and honours --disable and --severity', () => {
    expect(runCli(['lint', join(F, 'failover-clean.n1.conf'), join(F, 'failover-clean.n2.conf')]).status).toBe(0);
    const pair = [join(F, 'auth-mismatch.n1.conf'), join(F, 'auth-mismatch.n2.conf')];
    expect(runCli(['lint', ...pair, '--disable', 'conf-auth-mismatch']).status).toBe(0);
    expect(runCli(['lint', ...pair, '--severity', 'conf-auth-mismatch=warning']).status).toBe(0);
    expect(runCli(['lint', ...pair, '--severity', 'conf-auth-mismatch=warning', '--fail-on', 'warning']).status).toBe(1);
  });

  it('a syntax error is a finding with file:line (exit 1); an unreadable file is one line on stderr (exit 2)', () => {
    const bad = join(work, 'bad.conf');
    writeFileSync(bad, 'vrrp_instance A {\n  virtual_router_id 51\n  priority 999\n}\n');
    const r = runCli(['lint', bad, '--format', 'json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].title).toBe("bad.conf:3: priority must be an integer in 1..255, got '999'");
    const missing = runCli(['lint', join(work, 'nope.conf')]);
    expect(missing.status).toBe(2);
    expect(isOneCleanLine(missing.stderr)).toBe(true);
    expect(missing.stderr).toContain('nope.conf');
    expect(runCli(['lint', bad, '--format', 'yaml']).status).toBe(2);
  });
});

describe('audit --keepalived', () => {
  it('names the instance on the router row of the text report', () => {
    const r = runCli(['audit', join(F, 'failover-clean.pcap'), '--keepalived', join(F, 'failover-clean.n1.conf'), '--keepalived', join(F, 'failover-clean.n2.conf')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/│ VI_51 +│/);
  });

  it('reads the configs from the JSON config file, relative to it', () => {
    const cfg = join(work, 'vrrp-inspect.json');
    writeFileSync(cfg, JSON.stringify({ keepalived: [join(F, 'vrid-collision.n1.conf'), join(F, 'vrid-collision.n2.conf')], failOn: 'never' }));
    const r = runCli(['audit', join(F, 'vrid-collision.pcap'), '--config', cfg, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toContain('conf-unexpected-router');
    writeFileSync(cfg, JSON.stringify({ keepalived: 'n1.conf' }));
    const bad = runCli(['audit', join(F, 'vrid-collision.pcap'), '--config', cfg]);
    expect(bad.status).toBe(2);
    expect(isOneCleanLine(bad.stderr)).toBe(true);
  });

  it('a missing config file is one line on stderr and exit 2', () => {
    const r = runCli(['audit', join(F, 'failover-clean.pcap'), '--keepalived', join(work, 'missing.conf')]);
    expect(r.status).toBe(2);
    expect(isOneCleanLine(r.stderr)).toBe(true);
  });

  it('live reads a capture stream with the configs too', () => {
    const r = runCli(['live', '-', '--format', 'jsonl', '--keepalived', join(F, 'script-weight-drift.n1.conf'), '--keepalived', join(F, 'script-weight-drift.n2.conf'), '--fail-on', 'never'], {
      input: readCapture('script-weight-drift.pcap'),
    });
    expect(r.status).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; rule?: string });
    expect(events.some((e) => e.event === 'finding' && e.rule === 'conf-priority-drift')).toBe(true);
  });
});

function readCapture(name: string): Buffer {
  return readFileSync(join(F, name));
}
