/**
 * Build step after tsc: bundles the command-line program into dist/bin (the entry file plus chunks that are loaded
 * only by the commands that need them). Start-up was dominated by loading ~80 modules one file at a time; a few
 * bundled chunks cut that (see README "Speed and memory"). The library (dist/index.js) stays the tsc tree.
 *
 * The bundle replaces dist/bin/vrrp-inspect.js in place; worker threads start from that same file (see
 * src/cli/workers/worker-entry.ts), so they need no entry of their own.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const outdir = `${root}dist/bin`;
rmSync(`${outdir}/chunks`, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['dist/bin/vrrp-inspect.js'],
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Read by tsc's output already compiled; esbuild rewrites it in place.
  allowOverwrite: true,
  // The optional native addon for live capture is loaded at run time when present.
  external: ['cap'],
  // commander and prom-client are CommonJS and call require() for Node built-ins, which ESM output has no binding for.
  banner: { js: "import { createRequire as __vrrpInspectCreateRequire } from 'node:module'; const require = __vrrpInspectCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
