/**
 * Build step after tsc: bundles the command-line program into dist/bin. Start-up was dominated by loading ~80 modules
 * one file at a time (each one resolved, opened, stat'ed and compiled), so the program becomes a few bundles:
 *
 * - dist/bin/vrrp-inspect.js: the entry, the command line (commander) and every command's options and help;
 * - one bundle per module that the code loads with `import()` (a command's work, a report format, the worker side of
 *   `audit`, each live-capture part), holding everything it needs, so a command opens two or three files in all;
 * - modules whose identity matters across bundles (the error classes, which `instanceof` tests; the worker entry, a
 *   module-level setting) stay single shared files that every bundle imports.
 *
 * All bundles sit side by side in dist/bin, so every external import is `./<name>.js`. The library (dist/index.js and
 * the rest of the tsc tree) is not bundled.
 *
 * The bundles are CommonJS (dist/bin/package.json says so): on Node 20 an ES-module entry costs start-up the ES module
 * loader (about 20 ms of CPU against `node -e 0`'s 100: its own modules, and reads through the thread pool), and
 * CommonJS bundles can use the V8 code cache of src/cli/code-cache.ts. `import()` becomes `require()`, import.meta.url
 * the bundle's file URL.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleDigestLine } from '../dist/cli/code-cache.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');
const outdir = join(dist, 'bin');
const ENTRY = join(dist, 'bin/vrrp-inspect.js');
/** Shared by every bundle rather than copied into each: see above. */
const SHARED = ['errors.js', 'cli/workers/worker-entry.js'].map((p) => join(dist, p));

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? jsFiles(join(dir, d.name)) : d.name.endsWith('.js') ? [join(dir, d.name)] : [],
  );
}

/** The bundle name of a dist module: its path under dist with `/` as `-` (cli/commands/audit-run.js → cli-commands-audit-run). */
function bundleName(file) {
  return relative(dist, file).replace(/\.js$/, '').replaceAll('/', '-');
}

// Every module the code loads lazily (import('./x.js') with a literal relative path) becomes a bundle of its own. A
// script started by path (new URL('./x.js', import.meta.url), e.g. the live-capture child process) is bundled under its
// base name, so that the URL, now relative to dist/bin, still finds it.
const lazy = new Set();
const byPath = new Map();
for (const file of jsFiles(dist)) {
  if (file.startsWith(outdir + '/') && file !== ENTRY) continue; // bundles of an earlier build
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+\.js)'\s*\)/g)) lazy.add(resolve(dirname(file), m[1]));
  for (const m of text.matchAll(/new URL\('\.\/([^'/]+)\.js', import\.meta\.url\)/g)) byPath.set(m[1], resolve(dirname(file), `${m[1]}.js`));
}
const separate = new Set([...lazy, ...SHARED]);

for (const f of readdirSync(outdir)) if (f.endsWith('.js') && join(outdir, f) !== ENTRY) rmSync(join(outdir, f));
for (const f of readdirSync(outdir)) if (f.endsWith('.js.map')) rmSync(join(outdir, f));
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });

/** Imports of a separate module stay imports, of its bundle beside this one. */
const separateModules = {
  name: 'separate-modules',
  setup(b) {
    b.onResolve({ filter: /^\.{1,2}\// }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const target = resolve(args.resolveDir, args.path);
      if (!separate.has(target)) return undefined;
      return { path: `./${bundleName(target)}.js`, external: true };
    });
  },
};

/**
 * commander loads node:child_process when it loads (for subcommands that are separate executables, which this program
 * has none of), and with it net, dgram and the stream machinery: several milliseconds of every start. It gets the module
 * when it first uses it instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "let m; const load = () => (m ??= require('node:child_process')); module.exports = new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });",
      loader: 'js',
    }));
  },
};

const entryPoints = { 'vrrp-inspect': ENTRY };
for (const file of separate) entryPoints[bundleName(file)] = file;
for (const [name, file] of byPath) entryPoints[name] = file;

await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  bundle: true,
  format: 'cjs',
  // import() of a bundle or a Node built-in becomes require(): no ES module loader at run time.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__vrrpInspectModuleUrl' },
  platform: 'node',
  target: 'node20',
  // tsc's output is read, then the entry is rewritten in place.
  allowOverwrite: true,
  // The optional native addon for live capture is loaded at run time when present.
  external: ['cap'],
  plugins: [separateModules, lazyChildProcess],
  banner: { js: "'use strict'; var __vrrpInspectModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
// The tsc tree is ES modules ("type": "module" in package.json); the bundles beside this file are not.
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
for (const f of readdirSync(outdir)) {
  const file = join(outdir, f);
  if (!f.endsWith('.js')) continue;
  asciiOnly(file);
  // The key of each bundle's V8 code cache (src/cli/code-cache.ts): a digest of its text, on its last line.
  if (file !== ENTRY) appendFileSync(file, bundleDigestLine(createHash('sha1').update(readFileSync(file)).digest('hex')));
}

/**
 * esbuild escapes non-ASCII characters in code (its default charset) but copies comments as they are, and one `→` in
 * a kept comment makes V8 hold the whole file as a two-byte string: twice the memory for the source Node reads and
 * for the copy our code cache compiles (src/cli/code-cache.ts), 0.8 MB more for `audit`'s two largest bundles, enough
 * to cost start-up a young-generation collection (3 scavenges instead of 2 for a 20-frame audit). In a comment a
 * `\uXXXX` means the same to a reader. A file with a non-ASCII character this simple scan does not place in a comment
 * (the HTML report's tagged templates, whose raw text esbuild must keep) is left as it is: there an escape could
 * change what the code means.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) return;
  let inBlock = false;
  let outside = false;
  const lines = text.split('\n').map((line) => {
    // Comments as esbuild keeps them: on lines of their own (`// ...`, `/** ... */` and the lines between). A `//` or
    // `/*` after code on a line could be inside a string or a template, so it does not count.
    const start = line.trimStart();
    if (!inBlock && start.startsWith('//')) return escapeNonAscii(line);
    if (!inBlock && start.startsWith('/*')) inBlock = true;
    if (!inBlock) {
      if (/[^\x00-\x7f]/.test(line)) outside = true;
      return line;
    }
    const end = line.indexOf('*/');
    if (end < 0) return escapeNonAscii(line);
    inBlock = false;
    if (/[^\x00-\x7f]/.test(line.slice(end))) outside = true;
    return escapeNonAscii(line.slice(0, end)) + line.slice(end);
  });
  if (!outside) writeFileSync(file, lines.join('\n'));
}

function escapeNonAscii(text) {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
