/**
 * Golden tests of `lint` and `audit --keepalived` on the recorded fixtures whose nodes' configs sit beside the capture
 * (fixtures/pcaps/<name>.<node>.conf). Review a diff, then update with `npx vitest run test/golden/keepalived -u`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli.js';

const FIXTURES = join(PROJECT_ROOT, 'fixtures', 'pcaps');
const files = readdirSync(FIXTURES).sort();
const withConfigs = files
  .filter((f) => /\.(pcap|pcapng)$/.test(f))
  .map((f) => ({ name: f.replace(/\.(pcap|pcapng)$/, ''), capture: join(FIXTURES, f) }))
  .map((c) => ({ ...c, configs: files.filter((f) => f.startsWith(`${c.name}.`) && f.endsWith('.conf')).map((f) => join(FIXTURES, f)) }))
  .filter((c) => c.configs.length > 0);

interface Finding {
  rule: string;
  severity: string;
  title: string;
  message: string;
  remediation: string;
  subjects: { ips?: string[] };
}

function lint(configs: string[], extra: string[] = []): { status: number; doc: { findings: Finding[] }; stdout: string } {
  const r = runCli(['lint', ...configs, '--format', 'json', ...extra]);
  return { status: r.status, doc: JSON.parse(r.stdout) as { findings: Finding[] }, stdout: r.stdout };
}

function audit(capture: string, configs: string[]): { status: number; doc: { findings: Finding[]; routers: { instance?: string }[] }; stdout: string } {
  const r = runCli(['audit', capture, ...configs.flatMap((c) => ['--keepalived', c]), '--format', 'json', '--fail-on', 'never']);
  expect(r.stderr).toBe('');
  return { status: r.status, doc: JSON.parse(r.stdout) as { findings: Finding[]; routers: { instance?: string }[] }, stdout: r.stdout };
}

const conf = (f: Finding[]) => f.filter((x) => x.rule.startsWith('conf-'));
const serious = (f: Finding[]) => f.filter((x) => x.severity !== 'info');
/** Recordings of healthy clusters: their configs and their wire must agree. */
const CLEAN = ['failover-clean', 'failover-crash', 'preempt', 'use-vmac', 'v3-ipv6', 'v3-ipv4-subsecond', 'unicast-peers', 'sll2-any', 'dumpcap-pcapng', 'lvs-rs-arp-ok'];

describe('lint and audit --keepalived on the recorded fixtures', () => {
  it('has recordings with configs', () => {
    expect(withConfigs.map((c) => c.name)).toEqual(expect.arrayContaining([...CLEAN, 'auth-mismatch', 'vrid-collision', 'lvs-rs-arp-leak', 'script-weight-drift']));
  });

  it.each(withConfigs)('lint $name', async ({ name, configs }) => {
    const r = lint(configs, ['--fail-on', 'never']);
    expect(r.status).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(join('__golden__', 'keepalived', `${name}.lint.json`));
  });

  it.each(withConfigs)('audit --keepalived $name', async ({ name, capture, configs }) => {
    const r = audit(capture, configs);
    await expect(r.stdout).toMatchFileSnapshot(join('__golden__', 'keepalived', `${name}.audit.json`));
    for (const router of r.doc.routers) expect(router.instance, 'every router of a recording is a configured instance').toBe('VI_51');
  });

  it.each(withConfigs.filter((c) => CLEAN.includes(c.name)))('a healthy cluster with its configs gives no conf-* error or warning: $name', ({ capture, configs }) => {
    expect(serious(lint(configs).doc.findings)).toEqual([]);
    expect(serious(conf(audit(capture, configs).doc.findings))).toEqual([]);
  });

  it('clean failover: no error or warning at all, router named VI_51, speakers named by node', () => {
    const c = withConfigs.find((x) => x.name === 'failover-clean');
    const r = audit(c?.capture ?? '', c?.configs ?? []);
    expect(serious(r.doc.findings)).toEqual([]);
    expect(r.stdout).toContain('"node": "n1"');
    expect(r.stdout).toContain('"node": "n2"');
  });

  it('auth mismatch: lint says so without printing either password', () => {
    const c = withConfigs.find((x) => x.name === 'auth-mismatch');
    const r = lint(c?.configs ?? []);
    expect(r.status).toBe(1);
    expect(r.doc.findings.map((f) => f.rule)).toEqual(['conf-auth-mismatch']);
    expect(r.stdout).not.toMatch(/alpha|bravo/);
  });

  it('VRID collision: lint sees the reuse; one cluster\'s configs make the other an unexpected router', () => {
    const c = withConfigs.find((x) => x.name === 'vrid-collision');
    expect(lint(c?.configs ?? []).doc.findings.map((f) => f.rule)).toEqual(['conf-vrid-reuse']);
    const ours = (c?.configs ?? []).filter((f) => /\.n[12]\.conf$/.test(f));
    const found = conf(audit(c?.capture ?? '', ours).doc.findings);
    expect(found.map((f) => f.rule)).toEqual(['conf-unexpected-router']);
    expect(found[0]?.subjects.ips).toEqual(['192.0.2.13', '192.0.2.14']);
  });

  it('LVS-DR real server without arp_ignore: rs-arp-for-vip names the configured real_server; with arp_ignore nothing', () => {
    const leak = withConfigs.find((x) => x.name === 'lvs-rs-arp-leak');
    const f = audit(leak?.capture ?? '', leak?.configs ?? []).doc.findings.find((x) => x.rule === 'rs-arp-for-vip');
    expect(f?.title).toMatch(/^Real server/);
    expect(f?.message).toContain('real_server 192.0.2.40 80 of virtual_server 192.0.2.100:80 (lb_kind DR');
    // The only configured real server gets the vipset.sh fix by name.
    expect(f?.remediation).toMatch(/^On the real server 192\.0\.2\.40, set what the classic vipset\.sh/);
    expect(f?.remediation).toContain('net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2');
    const ok = withConfigs.find((x) => x.name === 'lvs-rs-arp-ok');
    expect(audit(ok?.capture ?? '', ok?.configs ?? []).doc.findings.filter((x) => x.rule === 'rs-arp-for-vip')).toEqual([]);
  });

  it('a failing vrrp_script with a weight: the drift is named after the script', () => {
    const c = withConfigs.find((x) => x.name === 'script-weight-drift');
    const found = serious(conf(audit(c?.capture ?? '', c?.configs ?? []).doc.findings));
    expect(found.map((f) => f.rule)).toEqual(['conf-priority-drift']);
    expect(found[0]?.message).toContain('track_script chk_service (weight -60');
    expect(found[0]?.message).toContain('150 → 90');
  });
});
