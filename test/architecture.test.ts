/**
 * The dependency direction of src/ (design/architecture-notes.md §2): capture ← decoders ← analysis ← pipeline/report ←
 * live ← cli ← bin. Lower layers never import higher ones, so decoders stay usable without the analysis and the
 * analysis without any output format.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/run-cli.js';

const SRC = join(PROJECT_ROOT, 'src');

/** What each top-level folder of src/ may import (besides itself and the shared root files errors.ts, version.ts). */
const ALLOWED: Record<string, readonly string[]> = {
  capture: [],
  decoders: ['capture'],
  /** keepalived.conf reading: address text shared with the decoders. */
  keepalived: ['decoders'],
  analysis: ['capture', 'decoders', 'keepalived'],
  pipeline: ['capture', 'decoders', 'analysis', 'keepalived'],
  report: ['capture', 'decoders', 'analysis', 'keepalived'],
  /** audit --merge: several captures of one segment aligned and merged into one analysis. */
  merge: ['capture', 'decoders', 'analysis', 'keepalived'],
  live: ['capture', 'decoders', 'analysis', 'pipeline', 'report', 'keepalived'],
  cli: ['capture', 'decoders', 'analysis', 'pipeline', 'report', 'live', 'merge', 'keepalived'],
  bin: ['cli'],
  bench: ['capture', 'decoders', 'analysis', 'pipeline', 'report', 'keepalived'],
  /** src/index.ts, the library facade: everything but the command line and live capture. */
  facade: ['capture', 'decoders', 'analysis', 'pipeline', 'report', 'merge', 'keepalived'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function layerOf(file: string): string {
  const rel = relative(SRC, file).split('/');
  if (rel.length === 1) return rel[0] === 'index.ts' || rel[0] === 'index.js' ? 'facade' : 'root';
  return rel[0] ?? 'root';
}

describe('source layering', () => {
  it('imports only downwards', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const layer = layerOf(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
        const target = join(file, '..', m[1] ?? '');
        const targetLayer = layerOf(target);
        if (targetLayer === layer) continue;
        if (targetLayer === 'root') continue;
        const allowed = ALLOWED[layer];
        if (!allowed?.includes(targetLayer)) violations.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the root files (errors, version) free of layer imports', () => {
    for (const file of sourceFiles(SRC).filter((f) => layerOf(f) === 'root')) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from\s*'(\.[^']+)'/g)].map((m) => layerOf(join(file, '..', m[1] ?? '')));
      expect(imports.filter((l) => l !== 'root'), relative(SRC, file)).toEqual([]);
    }
  });
});
