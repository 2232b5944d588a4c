/**
 * The rule catalogue is public API: every rule file, its id, its default severity, its documentation and its tests must
 * agree with the catalogue index docs/rules/README.md. This test reads the tree, so a new rule is checked without editing it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleDefinition } from '../../../src/analysis/rule.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RULES_DIR = join(ROOT, 'src/analysis/rules');
const DOCS_DIR = join(ROOT, 'docs/rules');
const TESTS_DIR = join(ROOT, 'test/analysis/rules');
const DESIGN = join(DOCS_DIR, 'README.md');
const NOT_RULES = new Set(['shared.ts', 'index.ts']);

const REQUIRED_SECTIONS = ['What it detects', 'Why it matters', 'Evidence', 'False positives', 'How to fix'];
const WITH_OPTIONS = ['What it detects', 'Why it matters', 'Evidence', 'Options', 'False positives', 'How to fix'];

const ruleIds = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f))
  .map((f) => f.slice(0, -'.ts'.length))
  .sort();

/** `| \`id\` | default | ... |` rows of the design tables: id -> the first severity named in the default column. */
function designSeverities(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\|\s*`([a-z0-9-]+)`\s*\|([^|]*)\|/.exec(line);
    const severity = m?.[2]?.match(/\b(error|warning|info)\b/)?.[1];
    if (m?.[1] && severity) out.set(m[1], severity);
  }
  return out;
}

const design = designSeverities(readFileSync(DESIGN, 'utf8'));

function camelCase(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function isRule(value: unknown): value is RuleDefinition {
  return typeof value === 'object' && value !== null && 'meta' in value && 'create' in value;
}

async function ruleOf(id: string): Promise<{ name: string; rule: RuleDefinition }> {
  const mod = (await import(pathToFileURL(join(RULES_DIR, `${id}.ts`)).href)) as Record<string, unknown>;
  const rules = Object.entries(mod).filter(([, v]) => isRule(v));
  expect(rules.map(([name]) => name), `${id}.ts must export exactly one rule`).toHaveLength(1);
  const [name, rule] = rules[0] as [string, RuleDefinition];
  return { name, rule };
}

describe('rule catalogue', () => {
  it('finds rule files', () => {
    expect(ruleIds.length).toBeGreaterThan(0);
  });

  it('has a rule file for every id in docs/rules/README.md', () => {
    expect(design.size).toBeGreaterThan(0);
    const missing = [...design.keys()].filter((id) => !ruleIds.includes(id));
    expect(missing, 'ids in docs/rules/README.md without src/analysis/rules/<id>.ts').toEqual([]);
  });

  describe.each(ruleIds)('%s', (id) => {
    it('exports one rule, named after its id, whose meta.id is the file name', async () => {
      const { name, rule } = await ruleOf(id);
      expect(rule.meta.id).toBe(id);
      expect(name).toBe(camelCase(id));
      expect(rule.meta.summary.length).toBeGreaterThan(0);
      expect(rule.meta.summary).not.toContain('\n');
    });

    it('is in docs/rules/README.md with the same default severity', async () => {
      const { rule } = await ruleOf(id);
      expect(design.has(id), `${id} is not in docs/rules/README.md`).toBe(true);
      expect(rule.meta.defaultSeverity).toBe(design.get(id));
    });

    it('is documented in docs/rules/<id>.md with the required structure', async () => {
      const path = join(DOCS_DIR, `${id}.md`);
      expect(existsSync(path), `${path} is missing`).toBe(true);
      const lines = readFileSync(path, 'utf8').split('\n');
      const h1s = lines.filter((l) => /^# /.test(l));
      expect(h1s).toEqual([`# ${id}`]);
      expect(lines.find((l) => l.trim() !== '')).toBe(`# ${id}`);
      const { rule } = await ruleOf(id);
      expect(lines.some((l) => l.startsWith(`Default severity: **${rule.meta.defaultSeverity}**`))).toBe(true);
      const h2s = lines.filter((l) => /^## /.test(l)).map((l) => l.slice(3).trim());
      expect(h2s, `sections of ${id}.md`).toEqual(h2s.includes('Options') ? WITH_OPTIONS : REQUIRED_SECTIONS);
    });

    it('has a test file', () => {
      expect(existsSync(join(TESTS_DIR, `${id}.test.ts`)), `test/analysis/rules/${id}.test.ts is missing`).toBe(true);
    });
  });

  const registry = existsSync(join(RULES_DIR, 'index.ts'));
  if (!registry) console.log('catalog: skipping the registry check, src/analysis/rules/index.ts is absent');
  it.skipIf(!registry)('registers every rule file in index.ts', async () => {
    const { ALL_RULES } = (await import(pathToFileURL(join(RULES_DIR, 'index.ts')).href)) as { ALL_RULES: readonly RuleDefinition[] };
    expect(ALL_RULES.map((r) => r.meta.id).sort()).toEqual(ruleIds);
  });
});
