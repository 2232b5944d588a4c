/**
 * Golden end-to-end tests: the built CLI audits every capture in fixtures/pcaps/ and the JSON must equal the reviewed
 * document in __golden__/<name>.json. A change in output is a change in public API: review the diff, then update with
 * `npx vitest run test/golden -u`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli.js';

const FIXTURES = join(PROJECT_ROOT, 'fixtures', 'pcaps');
const captures = readdirSync(FIXTURES)
  .filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f))
  .sort();

interface Finding {
  rule: string;
  severity: string;
}

describe('golden audit documents', () => {
  it('has fixtures to check', () => {
    expect(captures.length).toBeGreaterThan(20);
  });

  it.each(captures)('%s', async (name) => {
    const r = runCli(['audit', join(FIXTURES, name), '--format', 'json', '--fail-on', 'never', '--gue-port', '6080']);
    expect(r.stderr.includes('internal error')).toBe(false);
    expect(r.status).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(join('__golden__', `${name.replace(/\.(pcap|pcapng)(\.gz)?$/, '')}.json`));
  });

  it('exit codes follow the worst finding and --fail-on', { timeout: 300_000 }, () => {
    for (const name of captures) {
      const doc = JSON.parse(runCli(['audit', join(FIXTURES, name), '--format', 'json', '--fail-on', 'never', '--gue-port', '6080']).stdout) as {
        findings: Finding[];
      };
      const hasError = doc.findings.some((f) => f.severity === 'error');
      expect(runCli(['audit', join(FIXTURES, name), '--format', 'json', '--gue-port', '6080']).status, name).toBe(hasError ? 1 : 0);
    }
  });

  it('every fixture has a .md saying how it was made and what the audit must report', () => {
    for (const name of captures) {
      const md = readFileSync(join(FIXTURES, name.replace(/\.(pcap|pcapng)(\.gz)?$/, '.md')), 'utf8');
      expect(md.length, name).toBeGreaterThan(200);
    }
  });
});
