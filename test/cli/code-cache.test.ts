/**
 * The built CLI's V8 code cache (src/cli/code-cache.ts), as a user meets it: the first run writes one file per bundle
 * it loaded, later runs use them without rewriting them, and whatever happens to the cache (corrupt, stale, not
 * writable, switched off) the output is byte for byte the same and nothing is printed about it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CACHE_FILES, directoryTag } from '../../src/cli/code-cache.js';
import { PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.js';

interface CpuProfile {
  nodes: { callFrame: { url: string } }[];
}

const ARGS = ['audit', 'fixtures/pcaps/preempt.pcap', '--fail-on', 'never'];

describe('code cache of the built CLI', () => {
  let home = '';
  const env = (): NodeJS.ProcessEnv => ({ XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '' });
  const cacheDir = (): string => {
    const base = join(home, 'vrrp-inspect');
    const [only] = readdirSync(base);
    return join(base, only as string);
  };
  const reference = runCli(ARGS, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } });

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'vi-code-cache-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('writes the cache on the first run and uses it unchanged on the next, with the same output', () => {
    expect(reference.status).toBe(0);
    const first = runCli(ARGS, { env: env() });
    expect(first).toEqual(reference);
    const files = readdirSync(cacheDir());
    // The command line, the audit, the rules and the text report at least: one file each, named by bundle, directory and digest.
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expect(f).toMatch(/^[a-z0-9-]+-[0-9a-f]{8}-[0-9a-f]{20}\.v8$/);
    const written = new Map(files.map((f) => [f, statSync(join(cacheDir(), f)).mtimeMs]));
    const second = runCli(ARGS, { env: env() });
    expect(second).toEqual(reference);
    // V8 accepted every file: a rejected one would have been written again.
    for (const [f, mtime] of written) expect(statSync(join(cacheDir(), f)).mtimeMs, f).toBe(mtime);
  });

  it('replaces a corrupt cache file and removes those of other builds, with the same output', () => {
    runCli(ARGS, { env: env() });
    const dir = cacheDir();
    const [victim] = readdirSync(dir).filter((f) => f.startsWith('cli-main-'));
    writeFileSync(join(dir, victim as string), 'not V8 cached data');
    const tag = directoryTag(join(PROJECT_ROOT, 'dist', 'bin'));
    const stale = `cli-main-${tag}-0123abcd-0123456789abcdef0123.v8`;
    const staleOlderNaming = `cli-main-${tag}-0123456789abcdef0123.v8`;
    const otherBundle = `cli-main-extra-${tag}-0123456789abcdef0123.v8`;
    const otherInstallation = `cli-main-${directoryTag('/elsewhere/dist/bin')}-0123456789abcdef0123.v8`;
    writeFileSync(join(dir, stale), 'from an older build');
    writeFileSync(join(dir, staleOlderNaming), 'from an older build, before flag states had files of their own');
    writeFileSync(join(dir, otherBundle), 'not cli-main');
    writeFileSync(join(dir, otherInstallation), 'cli-main installed elsewhere');
    expect(runCli(ARGS, { env: env() })).toEqual(reference);
    expect(statSync(join(dir, victim as string)).size).toBeGreaterThan(1000);
    expect(existsSync(join(dir, stale))).toBe(false);
    expect(existsSync(join(dir, staleOlderNaming))).toBe(false);
    expect(existsSync(join(dir, otherBundle))).toBe(true);
    expect(existsSync(join(dir, otherInstallation))).toBe(true);
  });

  it('stays bounded: past its limit a run that writes removes the files other installations wrote longest ago', () => {
    runCli(ARGS, { env: env() });
    const dir = cacheDir();
    const own = readdirSync(dir);
    // A file of this installation's to write again, so that the next run writes (and bounds the directory).
    rmSync(join(dir, own.find((f) => f.startsWith('cli-main-')) as string));
    const others = Array.from({ length: MAX_CACHE_FILES }, (_, i) => `cli-main-${directoryTag(`/gone/${i}/dist/bin`)}-0123456789abcdef0123.v8`);
    // Others written one minute apart, the first longest ago; this installation's files older than all of them.
    const start = Date.now() / 1000 - 10 * 24 * 3600;
    others.forEach((name, i) => {
      writeFileSync(join(dir, name), 'another installation');
      utimesSync(join(dir, name), start + 60 * i, start + 60 * i);
    });
    for (const name of own) if (existsSync(join(dir, name))) utimesSync(join(dir, name), start - 3600, start - 3600);
    expect(runCli(ARGS, { env: env() })).toEqual(reference);
    const after = readdirSync(dir);
    expect(after.length).toBe(MAX_CACHE_FILES);
    for (const name of own) expect(after, name).toContain(name);
    const kept = others.filter((name) => after.includes(name));
    expect(kept).toEqual(others.slice(others.length - kept.length));
    expect(kept.length).toBe(MAX_CACHE_FILES - own.length);
  });

  it('runs the same without a usable cache directory or with the cache switched off', () => {
    // A file where the directory should be: nothing can be written, nothing is said.
    const blocked = join(home, 'blocked');
    writeFileSync(blocked, '');
    expect(runCli(ARGS, { env: { XDG_CACHE_HOME: blocked, NODE_DISABLE_COMPILE_CACHE: '' } })).toEqual(reference);
    expect(runCli(ARGS, { env: { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' } })).toEqual(reference);
    expect(readdirSync(home)).toEqual(['blocked']);
  });

  it('caches the worker side of audit with several captures too', () => {
    const twoCaptures = ['audit', 'fixtures/pcaps/preempt.pcap', 'fixtures/pcaps/failover-clean.pcap', '--jobs', '2', '--format', 'json', '--fail-on', 'never'];
    const withoutCache = runCli(twoCaptures, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(runCli(twoCaptures, { env: env() })).toEqual(withoutCache);
    expect(readdirSync(cacheDir()).some((f) => f.startsWith('cli-workers-audit-worker-'))).toBe(true);
    expect(runCli(twoCaptures, { env: env() })).toEqual(withoutCache);
  });

  it('keeps the files of a run whose V8 flags change as it goes apart, so that neither kind of run rejects the other', () => {
    // V8 accepts cached data only under the flags it was made with. An audit of stdin (its length unknown) takes the
    // heap settings of a long analysis, V8 flags set while it runs: bundles it compiled before that were written with
    // the later flags, and every later run rejected and rewrote them.
    const stdinArgs = ['audit', '-', '--fail-on', 'never'];
    const capture = readFileSync(join(PROJECT_ROOT, 'fixtures/pcaps/preempt.pcap'));
    const stdinReference = runCli(stdinArgs, { input: capture, env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(runCli(ARGS, { env: env() })).toEqual(reference);
    const dir = cacheDir();
    const written = new Map(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]));
    for (let i = 0; i < 2; i++) {
      expect(runCli(stdinArgs, { input: capture, env: env() })).toEqual(stdinReference);
      expect(runCli(ARGS, { env: env() })).toEqual(reference);
    }
    for (const [f, mtime] of written) expect(statSync(join(dir, f)).mtimeMs, f).toBe(mtime);
  });

  it('never uses cached data that another user could have written', () => {
    runCli(ARGS, { env: env() });
    const dir = cacheDir();
    const [planted] = readdirSync(dir).filter((f) => f.startsWith('cli-main-'));
    const path = join(dir, planted as string);
    chmodSync(path, 0o666);
    expect(runCli(ARGS, { env: env() })).toEqual(reference);
    // Not trusted, so compiled afresh and written again, private to this user.
    expect(statSync(path).mode & 0o777).toBe(0o600);
    chmodSync(dir, 0o777);
    const before = statSync(path).mtimeMs;
    expect(runCli(ARGS, { env: env() })).toEqual(reference);
    // A directory others may write to is not trusted either: everything compiled and written again.
    expect(statSync(path).mtimeMs).not.toBe(before);
  });

  it('keeps two installations of the same build apart, so that each names its own files', () => {
    // V8 restores a script with the path it was compiled from: a cache shared between two copies of the same bundles
    // made the second copy's stack traces and profiles name the first copy's files.
    const copies = ['a', 'b'].map((name) => join(home, name));
    for (const copy of copies) cpSync(join(PROJECT_ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    const run = (copy: string, extra: string[] = []): CliResult => {
      const r = spawnSync(process.execPath, [...extra, join(copy, 'dist', 'bin', 'vrrp-inspect.js'), ...ARGS], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, NO_COLOR: '1', ...env() },
        encoding: 'utf8',
      });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
    const [first, second] = copies as [string, string];
    expect(run(first)).toEqual(reference);
    const profiles = join(home, 'profiles');
    expect(run(second, ['--cpu-prof', `--cpu-prof-dir=${profiles}`])).toEqual(reference);
    const [profile] = readdirSync(profiles);
    const urls = new Set((JSON.parse(readFileSync(join(profiles, profile as string), 'utf8')) as CpuProfile).nodes.map((n) => n.callFrame.url));
    const bundles = [...urls].filter((url) => url.includes('/dist/bin/'));
    expect(bundles.length).toBeGreaterThanOrEqual(4);
    for (const url of bundles) expect(url).toContain(pathToFileURL(second).href);
    expect(run(first)).toEqual(reference);
    // Both installations' files stay: neither counts as the other's stale build.
    expect(readdirSync(cacheDir()).filter((f) => f.startsWith('cli-main-'))).toHaveLength(2);
  });

  it('keeps each V8 version apart', () => {
    mkdirSync(join(home, 'vrrp-inspect'), { recursive: true });
    runCli(ARGS, { env: env() });
    expect(readdirSync(join(home, 'vrrp-inspect'))).toEqual([`v8-${process.versions.v8}-${process.arch}`]);
  });
});
