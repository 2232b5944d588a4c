/**
 * Writes each node's keepalived.conf beside the recorded captures from the "## Configuration" section of their notes
 * (fixtures/pcaps/<name>.md), for recordings made before the recorder wrote the .conf files itself. The notes hold
 * exactly the text keepalived ran with, so nothing is re-recorded:
 *
 *   npx tsx scripts/extract-fixture-configs.ts          # every recorded fixture with configs
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pcaps');

/** `member:` followed by a fenced block, inside the Configuration section. */
export function configsOfNotes(md: string): Map<string, string> {
  const out = new Map<string, string>();
  const start = md.indexOf('\n## Configuration\n');
  if (start < 0) return out;
  const end = md.indexOf('\n## ', start + 5);
  const section = md.slice(start, end < 0 ? undefined : end);
  for (const m of section.matchAll(/^([a-z0-9]+):\n\n```\n([\s\S]*?)\n```/gm)) out.set(m[1] ?? '', `${m[2] ?? ''}\n`);
  return out;
}

let written = 0;
for (const f of readdirSync(DIR).filter((n) => n.endsWith('.md')).sort()) {
  const name = f.slice(0, -3);
  for (const [member, text] of configsOfNotes(readFileSync(join(DIR, f), 'utf8'))) {
    writeFileSync(join(DIR, `${name}.${member}.conf`), text);
    written++;
  }
}
process.stdout.write(`wrote ${written} keepalived.conf files to fixtures/pcaps/\n`);
