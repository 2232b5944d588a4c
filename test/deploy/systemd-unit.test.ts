/**
 * deploy/systemd/vrrp-inspect@.service: clean under `systemd-analyze verify` (in a throw-away root holding the host's
 * system units, the template and a `vrrp-inspect` on systemd's search path), hardened (`systemd-analyze security`
 * rates it OK), capture capabilities only, and its ExecStart with the example environment file is a command line the
 * CLI accepts. Skips with the reason when systemd-analyze (Debian package `systemd`) is missing.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, PROJECT_ROOT } from '../helpers/run-cli.js';

const UNIT = join(PROJECT_ROOT, 'deploy/systemd/vrrp-inspect@.service');
const ENV_EXAMPLE = join(PROJECT_ROOT, 'deploy/systemd/vrrp-inspect.env');
const SYSTEM_UNITS = '/usr/lib/systemd/system';

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const skip = analyze.error
  ? 'systemd-analyze not found (apt-get install systemd)'
  : !existsSync(join(SYSTEM_UNITS, 'sysinit.target'))
    ? `${SYSTEM_UNITS}/sysinit.target is missing`
    : '';
if (skip) console.log(`systemd-unit: systemd-analyze checks skipped: ${skip}`);

/** `Key=value` lines of the [Service] section (later lines add to earlier ones, as systemd does for lists). */
function serviceSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  let section = '';
  for (const line of text.split('\n')) {
    const header = /^\[(\w+)\]$/.exec(line.trim());
    if (header?.[1]) section = header[1];
    const kv = /^(\w+)=(.*)$/.exec(line);
    if (section === 'Service' && kv?.[1]) settings.set(kv[1], [...(settings.get(kv[1]) ?? []), kv[2] ?? '']);
  }
  return settings;
}

/** systemd's ExecStart expansion: %I, `${VAR}` as exactly one argument, `$VAR` as a separate word split at whitespace. */
function expandExecStart(line: string, env: Record<string, string>, instance: string): string[] {
  const args: string[] = [];
  for (const word of line.replaceAll('%I', instance).replaceAll('%i', instance).split(/\s+/).filter(Boolean)) {
    const split = /^\$(\w+)$/.exec(word);
    if (split?.[1]) args.push(...(env[split[1]] ?? '').split(/\s+/).filter(Boolean));
    else args.push(word.replace(/\$\{(\w+)\}/g, (_m, name: string) => env[name] ?? ''));
  }
  return args;
}

function parseEnvironment(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const kv = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (kv?.[1]) env[kv[1]] = kv[2] ?? '';
  }
  return env;
}

describe('systemd unit vrrp-inspect@.service', () => {
  const text = readFileSync(UNIT, 'utf8');
  const service = serviceSettings(text);
  let root = '';

  beforeAll(() => {
    if (skip) return;
    root = mkdtempSync(join(tmpdir(), 'vrrp-inspect-systemd-'));
    mkdirSync(join(root, 'usr/lib/systemd'), { recursive: true });
    cpSync(SYSTEM_UNITS, join(root, 'usr/lib/systemd/system'), { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
    cpSync(UNIT, join(root, 'etc/systemd/system/vrrp-inspect@.service'));
    // Where `npm install -g` puts the command on Debian; systemd resolves the bare ExecStart name there.
    mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
    writeFileSync(join(root, 'usr/local/bin/vrrp-inspect'), `#!/bin/sh\nexec ${process.execPath} ${CLI} "$@"\n`);
    chmodSync(join(root, 'usr/local/bin/vrrp-inspect'), 0o755);
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs as an unprivileged user with only CAP_NET_RAW and CAP_NET_ADMIN, hardened', () => {
    expect(service.get('DynamicUser')).toEqual(['yes']);
    expect(service.has('User')).toBe(false);
    expect(service.get('AmbientCapabilities')).toEqual(['CAP_NET_RAW CAP_NET_ADMIN']);
    expect(service.get('CapabilityBoundingSet')).toEqual(['CAP_NET_RAW CAP_NET_ADMIN']);
    for (const [key, value] of [
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['RestrictNamespaces', 'yes'],
    ] as const) {
      expect(service.get(key), key).toEqual([value]);
    }
    expect(service.get('EnvironmentFile')).toEqual(['-/etc/vrrp-inspect/%i.env']);
  });

  it.skipIf(skip !== '')('is clean under systemd-analyze verify', () => {
    const r = spawnSync('systemd-analyze', ['verify', `--root=${root}`, 'vrrp-inspect@eth0.service'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(skip !== '')('is rated OK (exposure at most 3.0) by systemd-analyze security', () => {
    const r = spawnSync('systemd-analyze', ['security', '--offline=true', `--root=${root}`, '--threshold=30', '--no-pager', 'vrrp-inspect@eth0.service'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const level = /Overall exposure level for vrrp-inspect@eth0\.service: ([\d.]+) (\w+)/.exec(r.stdout + r.stderr);
    expect(level, r.stdout + r.stderr).not.toBeNull();
    expect(Number(level?.[1])).toBeLessThanOrEqual(3);
    expect(r.status).toBe(0);
  });

  it.skipIf(!existsSync(CLI))('starts a command line the CLI accepts, with the example environment file and with none', () => {
    const [exec] = service.get('ExecStart') ?? [];
    const defaults = parseEnvironment((service.get('Environment') ?? []).join('\n').replaceAll(' ', '\n').replace('%H', 'host').replace('%I', 'vi-no-such-if0'));
    expect(defaults).toEqual({ VRRP_INSPECT_METRICS: ':9814', VRRP_INSPECT_SENSOR: 'host-vi-no-such-if0' });
    const example = parseEnvironment(readFileSync(ENV_EXAMPLE, 'utf8'));
    expect(Object.keys(example).sort()).toEqual(['VRRP_INSPECT_METRICS', 'VRRP_INSPECT_OPTIONS', 'VRRP_INSPECT_SENSOR']);
    for (const env of [{ ...defaults, ...example }, defaults]) {
      const [command, ...args] = expandExecStart(exec ?? '', env, 'vi-no-such-if0');
      expect(command).toBe('vrrp-inspect');
      expect(args.slice(0, 4)).toEqual(['live', 'vi-no-such-if0', '--format', 'jsonl']);
      // The options parse; what fails is opening the interface (which does not exist), before the port is bound.
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).not.toMatch(/unknown option|--sensor|--metrics|--format/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
