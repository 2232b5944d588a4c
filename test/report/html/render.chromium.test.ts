/**
 * Opens the split-brain report in headless Chromium (Debian package `chromium`; `.ci/run` installs it): the page's script
 * runs under its own CSP, the overlap is drawn, a click on the overlap shows its frames, and screenshots (light and dark)
 * are saved to test-artifacts/. Skipped, with the reason printed, when no Chromium is installed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../src/report/html/render.js';
import { splitBrain } from '../samples.js';
import { findChromium, runChromium } from '../../helpers/chromium.js';

const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

const chromium = findChromium();
if (chromium === undefined) console.warn('skipping the headless Chromium report test: no chromium on PATH (apt-get install chromium)');

/** Clicks the first overlap marker after the report's own script ran and records what the detail panel shows. */
const CLICK_PROBE = `(function () {
  var marker = document.querySelector('.marker.overlap');
  if (!marker) { document.body.setAttribute('data-probe', 'no overlap marker'); return; }
  marker.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  var panel = marker.closest('figure').querySelector('.detail');
  document.body.setAttribute('data-probe', panel.hidden ? 'panel hidden' : panel.textContent);
})();`;

describe.skipIf(chromium === undefined)('HTML report in headless Chromium', () => {
  let work = '';
  const browser = chromium ?? 'chromium';

  const chromiumRun = (args: string[]): Promise<string> => runChromium(browser, work, args);

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'vrrp-inspect-html-'));
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('runs the report script under its CSP and draws the split-brain overlap', async () => {
    const file = join(ARTIFACTS, 'split-brain-report.html');
    writeFileSync(file, renderHtmlReport([splitBrain]));
    const dom = await chromiumRun(['--dump-dom', pathToFileURL(file).href]);
    // Set by the report script: it ran, so the CSP hash matches.
    expect(dom).toMatch(/<html[^>]* data-report-ready="true"/);
    const figure = dom.slice(dom.indexOf('<figure class="timeline"'), dom.indexOf('</figure>'));
    expect(figure.match(/<rect class="bar-overlap" data-start="1764098262.1" data-end="1764098276"/g)).toHaveLength(2);
    expect(figure).toContain('two masters for 13.9 s');
    // The copy buttons are shown only when the script runs.
    expect(dom).toMatch(/<button class="copy" type="button" data-copy=/);
  });

  it('shows the frames of a marker when it is clicked', async () => {
    const page = renderHtmlReport([splitBrain]);
    const hash = `sha256-${createHash('sha256').update(CLICK_PROBE, 'utf8').digest('base64')}`;
    const probed = page.replace("script-src '", `script-src '${hash}' '`).replace('</body>', `<script>${CLICK_PROBE}</script></body>`);
    const file = join(work, 'probe.html');
    writeFileSync(file, probed);
    const dom = await chromiumRun(['--dump-dom', pathToFileURL(file).href]);
    const probe = /<body data-probe="([^"]*)"/.exec(dom)?.[1] ?? '(no probe result)';
    expect(probe).toContain('Two masters: 192.0.2.11 and 192.0.2.12 both advertised 19:17:42.100 → 19:17:56.000 UTC (13.9 s)');
    expect(probe).toContain('Frames: 30, 31, 36 … (+25 more)');
    expect(probe).toContain('Go to the finding');
  });

  it('saves light and dark screenshots as test artifacts', async () => {
    const file = join(ARTIFACTS, 'split-brain-report.html');
    writeFileSync(file, renderHtmlReport([splitBrain]));
    const light = join(ARTIFACTS, 'split-brain-report.png');
    const dark = join(ARTIFACTS, 'split-brain-report-dark.png');
    rmSync(light, { force: true });
    rmSync(dark, { force: true });
    await chromiumRun([`--screenshot=${light}`, '--window-size=1400,1000', pathToFileURL(file).href]);
    await chromiumRun(['--force-dark-mode', `--screenshot=${dark}`, '--window-size=1400,1000', pathToFileURL(file).href]);
    for (const png of [light, dark]) {
      expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(statSync(png).size).toBeGreaterThan(20_000);
    }
    // prefers-color-scheme: dark changed the rendering.
    expect(readFileSync(dark).equals(readFileSync(light))).toBe(false);
  });
});
