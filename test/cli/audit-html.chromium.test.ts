/**
 * The HTML report as a user makes it: the built CLI audits the recorded split-brain fixture with --html, and headless
 * Chromium opens the file. The two masters' overlap must be drawn; the screenshot is kept in test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, runChromium } from '../helpers/chromium.js';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const chromium = findChromium();
if (chromium === undefined) console.warn('skipping the CLI HTML report test in Chromium: no chromium on PATH (apt-get install chromium)');

describe.skipIf(chromium === undefined)('audit --html on the split-brain fixture, in Chromium', () => {
  const work = mkdtempSync(join(tmpdir(), 'vi-html-cli-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes a self-contained report whose timeline shows the two masters overlapping', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const html = join(ARTIFACTS, 'split-brain-partition-report.html');
    const r = runCli(['audit', join(PROJECT_ROOT, 'fixtures', 'pcaps', 'split-brain-partition.pcap'), '--html', html, '--format', 'json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: { rule: string; title: string }[]; routers: { key: string }[] };
    const page = readFileSync(html, 'utf8');
    // Self-contained: nothing is fetched when the file is opened.
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    for (const router of doc.routers) expect(page).toContain(router.key.split('|').pop() ?? '');
    for (const f of doc.findings) expect(page).toContain(f.rule);

    const dom = await runChromium(chromium ?? 'chromium', work, ['--dump-dom', pathToFileURL(html).href]);
    expect(dom).toMatch(/<html[^>]* data-report-ready="true"/);
    const overlaps = dom.match(/<rect class="bar-overlap"/g) ?? [];
    expect(overlaps.length).toBeGreaterThanOrEqual(2);
    expect(dom).toMatch(/two masters for \d+(\.\d+)? s/);

    const png = join(ARTIFACTS, 'split-brain-partition-report.png');
    rmSync(png, { force: true });
    await runChromium(chromium ?? 'chromium', work, [`--screenshot=${png}`, '--window-size=1400,1100', pathToFileURL(html).href]);
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});
