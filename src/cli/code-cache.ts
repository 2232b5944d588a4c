/**
 * A V8 code cache for the command's bundles (dist/bin/*.js), so that a run does not parse and compile them again:
 * Node 20 has no compile cache for CommonJS or ES modules (`module.enableCompileCache` came in 22.1; where it exists
 * the entry uses it instead of this). Compiling the bundles was about half of `audit`'s start-up above `node -e 0`.
 *
 * How: CommonJS modules are compiled by `Module.prototype._compile`; for files in the bundle directory only, it is
 * replaced by one that compiles the same wrapper with `vm.Script` and V8's cached data, keyed by the bundle's name, its
 * directory, the digest of its text that the build wrote on its last line, V8's flags (see flagState) and the V8
 * version (hashing the text at run time cost more than a millisecond and loaded node:crypto; V8 itself only checks the
 * length of the source). Node's module registry, `require` and error stacks stay as they are. A bundle compiled
 * without usable cached data gets its cache written when the thread exits, so the cache also holds every function the
 * run compiled lazily. Any failure to read or write the cache (no home directory, a read-only or full disk, a corrupt
 * file, data V8 rejects, files someone else could have written) only means compiling as without it; nothing is ever
 * printed.
 *
 * Where: $XDG_CACHE_HOME/vrrp-inspect, else ~/.cache/vrrp-inspect; NODE_DISABLE_COMPILE_CACHE=1 turns it off (the
 * same switch as Node's own compile cache).
 */
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

const HASH_CHARS = 20;

/** The last line of every bundle (see bundleDigestLine). */
const DIGEST_LINE = /\n\/\/# vrrpInspectDigest=([0-9a-f]{20})\n$/;

/** What scripts/bundle-cli.mjs appends to a bundle: the first 20 hex digits of the SHA-1 of the text before it. */
export function bundleDigestLine(sha1Hex: string): string {
  return `\n//# vrrpInspectDigest=${sha1Hex.slice(0, HASH_CHARS)}\n`;
}

interface CompilableModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

/** The cache directory for this V8 version, or null when there is none to use. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env['NODE_DISABLE_COMPILE_CACHE'] === '1') return null;
  // Without user ids there is no telling whose cache files they are (see readTrusted).
  if (process.getuid === undefined) return null;
  let base = env['XDG_CACHE_HOME'];
  if (!base) {
    try {
      base = join(homedir(), '.cache');
    } catch {
      return null;
    }
  }
  // Cached data is only valid for the V8 build and architecture that made it (V8 would reject it anyway).
  return join(base, 'vrrp-inspect', `v8-${process.versions.v8}-${process.arch}`);
}

/** Compiled scripts whose cache is missing or stale: written when the thread exits. */
interface PendingWrite {
  script: Script;
  file: string;
  prefix: string;
  /** V8's flags when the script was compiled (flagState). */
  flags: string;
  digest: string;
}

/**
 * Compiles every CommonJS module in `bundleDir` through the code cache in `cacheDir` from now on, in this thread.
 * Returns false (and changes nothing) when the module system is not the one this was written for.
 */
export function useCodeCache(bundleDir: string, cacheDir: string): boolean {
  const proto = (nodeModule as unknown as { prototype: CompilableModule }).prototype;
  const original = proto._compile;
  if (typeof original !== 'function') return false;
  const pending: PendingWrite[] = [];
  proto._compile = function compileWithCodeCache(this: CompilableModule, content: string, filename: string): unknown {
    const digest = dirname(filename) === bundleDir ? DIGEST_LINE.exec(content.slice(-64))?.[1] : undefined;
    if (digest === undefined) return original.call(this, content, filename);
    const wrapper = compileCached(content, filename, digest, cacheDir, pending);
    const require = createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, bundleDir);
  };
  process.once('exit', () => writePending(pending, cacheDir, directoryTag(bundleDir)));
  return true;
}

type ModuleWrapper = (this: unknown, exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => unknown;

function compileCached(content: string, filename: string, digest: string, cacheDir: string, pending: PendingWrite[]): ModuleWrapper {
  // The same wrapper as Node's, on the first line so that line numbers in stack traces stay right. A bundle never
  // starts with #! (only the entry does, and Node loads the entry itself).
  const source = `(function (exports, require, module, __filename, __dirname) { ${content}\n})`;
  const prefix = `${basename(filename, '.js')}-${directoryTag(dirname(filename))}-`;
  const flags = flagState();
  const file = join(cacheDir, `${prefix}${flags}-${digest}.v8`);
  const cachedData = readTrusted(file);
  const script = new Script(source, { filename, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected === true) pending.push({ script, file, prefix, flags, digest });
  return script.runInThisContext() as ModuleWrapper;
}

/**
 * V8 accepts cached data only under the flags it was made with, and makes it with the flags of the moment it is
 * asked, while a long audit changes flags as it goes (its heap settings, pipeline/heap-tuning.ts): a bundle compiled
 * before the change and written at exit after it carried flags that no later run loads it under, so every large audit
 * found every such cache rejected, compiled the bundles again and rewrote the files (and the next small run did the
 * same the other way). So each flag state has its own files, and a script is written only if the flags at exit are
 * the ones it was compiled under. The state is told by the cached data of a one-character script (about 50 µs): its
 * header is V8's magic number, version hash, source hash and a hash of the non-default flags (V8 11, Node 20); the
 * rest differs from process to process. Should a later V8 put something else there, the state would differ on every
 * run and the cache would simply never be used (test/cli/code-cache.test.ts would say so).
 */
function flagState(): string {
  const probe = new Script('0', { filename: 'vrrp-inspect-v8-flag-probe' }).createCachedData();
  let hash = 0x811c9dc5;
  for (let i = 0; i < FLAG_PROBE_HEADER_BYTES && i < probe.length; i++) hash = Math.imul(hash ^ (probe[i] as number), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

const FLAG_PROBE_HEADER_BYTES = 16;

/**
 * Cached data carries the path the bundle was compiled from, and V8 keeps that path for the script it restores (stack
 * traces and profiles then name the other installation's files): so each installation directory has its own files,
 * told apart by an FNV-1a hash of its path (no node:crypto at start-up).
 */
export function directoryTag(dir: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < dir.length; i++) hash = Math.imul(hash ^ dir.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Most cache files this directory may hold. An installation's own files replace each other build after build, but
 * nothing tells when another installation is gone (npx runs from a new directory per version, CI clones to new
 * paths), so without a bound their files would pile up (one installation's set is about 30 files, 0.5-1 MB).
 */
export const MAX_CACHE_FILES = 256;

/**
 * Past MAX_CACHE_FILES, removes the files of other installations that were written longest ago; this installation's
 * own files stay (it has just written some and uses them). Only runs that write pay for it.
 */
function evictOtherInstallations(cacheDir: string, ownTag: string): void {
  const names = readdirSync(cacheDir).filter((name) => name.endsWith('.v8'));
  let excess = names.length - MAX_CACHE_FILES;
  if (excess <= 0) return;
  const others = names
    .filter((name) => !name.includes(`-${ownTag}-`))
    .map((name) => ({ name, writtenMs: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => a.writtenMs - b.writtenMs);
  for (const { name } of others) {
    if (excess-- <= 0) break;
    rmSync(join(cacheDir, name), { force: true });
  }
}

/**
 * `cli-main-<dir>-<flags>-<hash>.v8` belongs to cli-main, not to a bundle whose name merely starts with `cli-main-`;
 * so does `cli-main-<dir>-<hash>.v8`, written by builds before flag states had files of their own.
 */
function isCacheFileOf(name: string, prefix: string): boolean {
  if (!name.startsWith(prefix)) return false;
  const rest = name.slice(prefix.length);
  return new RegExp(`^([0-9a-f]{8}-)?[0-9a-f]{${HASH_CHARS}}\\.v8$`).test(rest);
}

/**
 * Cached data is code: it is used only from a directory and a file that this user owns and that nobody else may write
 * to, so that a cache under a shared XDG_CACHE_HOME (/tmp) cannot make another user's code run in this process.
 */
function readTrusted(file: string): Buffer | undefined {
  const uid = process.getuid?.();
  let fd: number | undefined;
  try {
    if (uid === undefined || !ownedAndPrivate(statSync(dirname(file)), uid)) return undefined;
    fd = openSync(file, 'r');
    return ownedAndPrivate(fstatSync(fd), uid) ? readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function ownedAndPrivate(s: Stats, uid: number): boolean {
  return s.uid === uid && (s.mode & 0o022) === 0;
}

/**
 * Writes each new cache file whole (a temporary file renamed into place), for the scripts compiled under the flags
 * V8 has now (see flagState), removes the bundle's files of other builds, and keeps the directory bounded (see
 * evictOtherInstallations).
 */
function writePending(pending: readonly PendingWrite[], cacheDir: string, ownTag: string): void {
  if (pending.length === 0) return;
  try {
    const now = flagState();
    const writable = pending.filter((p) => p.flags === now);
    if (writable.length === 0) return;
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const existing = readdirSync(cacheDir);
    for (const { script, file, prefix, digest } of writable) {
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, file);
      // Other builds' files go; this build's files for other flag states stay.
      for (const old of existing) {
        if (isCacheFileOf(old, prefix) && !old.endsWith(`${digest}.v8`)) rmSync(join(cacheDir, old), { force: true });
      }
    }
    evictOtherInstallations(cacheDir, ownTag);
  } catch {
    // Without a cache the next run compiles again, as it did without one.
  }
}
