/** `vrrp-inspect rules [id]`: the rule catalogue, and one rule's documentation. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';

/**
 * docs/ sits at the package root, three levels above src/cli/commands and dist/cli/commands but two above the bundled
 * CLI in dist/bin: the nearest ancestor directory that holds docs/rules.
 */
function docsDir(): URL {
  let dir = new URL('./', import.meta.url);
  for (let up = 0; up < 5; up++) {
    const candidate = new URL('docs/rules/', dir);
    if (existsSync(candidate)) return candidate;
    dir = new URL('../', dir);
  }
  throw new Error(`docs/rules/ not found above ${fileURLToPath(import.meta.url)}`);
}

export function ruleDocText(id: string): string {
  return readFileSync(new URL(`${id}.md`, docsDir()), 'utf8');
}

export function registerRulesCommand(program: Command): void {
  program
    .command('rules')
    .description('list the analysis rules, or explain one: what it detects, why it matters, evidence, false positives, the fix')
    .argument('[id]', 'a rule id, e.g. split-brain')
    .action(async (id: string | undefined) => {
      const { ALL_RULES } = await import('../../analysis/rules/index.js');
      if (id === undefined) {
        const width = Math.max(...ALL_RULES.map((r) => r.meta.id.length));
        const lines = ALL_RULES.map((r) => `${r.meta.id.padEnd(width)}  ${r.meta.defaultSeverity.padEnd(7)}  ${r.meta.summary}`);
        process.stdout.write(`${lines.join('\n')}\n\nvrrp-inspect rules <id> explains one rule.\n`);
        return;
      }
      const rule = ALL_RULES.find((r) => r.meta.id === id);
      if (!rule) throw new UsageError('unknown-rule', `unknown rule '${id}' (run 'vrrp-inspect rules' for the list)`);
      process.stdout.write(ruleDocText(id));
    });
}
