/**
 * Golden end-to-end tests of `audit --merge`: the built CLI merges the captures of each multi-vantage lab recording
 * (fixtures/pcaps/merge-*: the observer and both nodes, the nodes named after their addresses) and the JSON must equal
 * the reviewed document in __golden__/merge-<scenario>.json. Update with `npx vitest run test/golden -u` after review.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOneCleanLine, PROJECT_ROOT, runCli } from '../helpers/run-cli.js';

const FIXTURES = join(PROJECT_ROOT, 'fixtures', 'pcaps');
const scenarios = readdirSync(FIXTURES)
  .filter((f) => f.startsWith('merge-') && statSync(join(FIXTURES, f)).isDirectory())
  .sort();

function args(scenario: string): string[] {
  const d = join(FIXTURES, scenario);
  return ['audit', '--merge', join(d, 'obs.pcap'), `192.0.2.11=${join(d, 'n1.pcap')}`, `192.0.2.12=${join(d, 'n2.pcap')}`];
}

describe('golden audit --merge documents', () => {
  it('has the three multi-vantage recordings', () => {
    expect(scenarios).toEqual(['merge-failover', 'merge-host-drop', 'merge-path-loss']);
  });

  it.each(scenarios)('%s', async (scenario) => {
    const r = runCli([...args(scenario), '--format', 'json', '--fail-on', 'never']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(join('__golden__', `${scenario}.json`));
  });

  it('exits 1 on the split-brains, 0 on the clean failover', () => {
    expect(runCli(args('merge-path-loss')).status).toBe(1);
    expect(runCli(args('merge-host-drop')).status).toBe(1);
    expect(runCli(args('merge-failover')).status).toBe(0);
  });

  it('prints the vantage points and the reception matrix in the text report', () => {
    const r = runCli([...args('merge-path-loss'), '--fail-on', 'never']);
    expect(r.stdout).toContain('Vantage points');
    expect(r.stdout).toMatch(/192\.0\.2\.12 \(own/);
    expect(r.stdout).toMatch(/192\.0\.2\.11 → 192\.0\.2\.12 +✗+/);
    expect(r.stdout).toMatch(/✗ 192\.0\.2\.12 missed \d+ adverts of 192\.0\.2\.11/);
  });

  it('takes a directory of captures, each named after its file', () => {
    const r = runCli(['audit', '--merge', join(FIXTURES, 'merge-host-drop'), '--format', 'json', '--fail-on', 'never']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { vantages: { points: { name: string; host: unknown }[] } };
    expect(doc.vantages.points.map((p) => p.name)).toEqual(['n1.pcap', 'n2.pcap', 'obs.pcap']);
    expect(doc.vantages.points.every((p) => p.host === null)).toBe(true);
  });

  it.each([
    ['a single capture', ['audit', '--merge', join(FIXTURES, 'merge-failover', 'obs.pcap')], /at least two vantage points/],
    ['two captures with one name', ['audit', '--merge', `x=${join(FIXTURES, 'merge-failover', 'obs.pcap')}`, `x=${join(FIXTURES, 'merge-failover', 'n1.pcap')}`], /two captures named x/],
    ['a missing file', ['audit', '--merge', join(FIXTURES, 'merge-failover', 'obs.pcap'), 'n9=/nonexistent/n9.pcap'], /no such file/],
  ])('exits 2 with one clean line for %s', (_what, argv, message) => {
    const r = runCli(argv);
    expect(r.status).toBe(2);
    expect(isOneCleanLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(message);
  });
});
