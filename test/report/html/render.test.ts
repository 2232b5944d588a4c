import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditDocument } from '../../../src/analysis/audit-document.js';
import { escapeHtml } from '../../../src/report/html/escape.js';
import { renderHtmlReport } from '../../../src/report/html/render.js';
import { allSamples, cleanFailover, hostileCapture, rsArpLeak, splitBrain } from '../samples.js';
import { checkHtml } from './html-check.js';

const sha = (text: string): string => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

function between(text: string, open: string, close: string): string {
  const start = text.indexOf(open);
  const end = text.indexOf(close, start);
  if (start < 0 || end < 0) throw new Error(`no ${open}`);
  return text.slice(start + open.length, end);
}

describe('renderHtmlReport', () => {
  it('writes well-formed HTML for every sample, alone and together', () => {
    for (const doc of Object.values(allSamples)) expect(checkHtml(renderHtmlReport([doc])), doc.input.source).toEqual([]);
    expect(checkHtml(renderHtmlReport(Object.values(allSamples)))).toEqual([]);
    expect(checkHtml(renderHtmlReport([hostileCapture]))).toEqual([]);
    expect(checkHtml(renderHtmlReport([]))).toEqual([]);
  });

  it('contains every router (table row and timeline) and every finding of the input', () => {
    const docs = Object.values(allSamples);
    const page = renderHtmlReport(docs);
    for (const doc of docs) {
      for (const router of doc.routers) {
        const key = escapeHtml(router.key);
        expect(page).toContain(`<tr data-router-key="${key}">`);
        expect(page).toContain(`<figure class="timeline" id="router-`);
        expect(page.split(`data-router-key="${key}"`).length).toBeGreaterThan(2);
      }
      for (const f of doc.findings) {
        expect(page).toContain(`data-rule="${f.rule}"`);
        expect(page).toContain(escapeHtml(f.title));
        expect(page).toContain(escapeHtml(f.message));
        expect(page).toContain(escapeHtml(f.remediation));
        expect(page).toContain(`<code>${escapeHtml(f.wiresharkFilter)}</code>`);
        expect(page).toContain(`data-copy="${escapeHtml(f.wiresharkFilter)}"`);
      }
    }
    const articles = page.match(/<article class="finding/g) ?? [];
    expect(articles).toHaveLength(docs.reduce((n, d) => n + d.findings.length, 0));
    const figures = page.match(/<figure class="timeline"/g) ?? [];
    expect(figures).toHaveLength(docs.reduce((n, d) => n + d.routers.length, 0));
  });

  it('orders finding cards errors first', () => {
    const page = renderHtmlReport([splitBrain]);
    const order = [...page.matchAll(/<article class="finding sev-(\w+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['error', 'warning', 'info']);
  });

  it('is self-contained: nothing to fetch, and a CSP that allows only its own style and script', () => {
    const page = renderHtmlReport(Object.values(allSamples));
    expect(page).not.toMatch(/\s(src|srcset|poster|action)="/);
    expect(page).not.toMatch(/href="(?!#)/);
    expect(page).not.toMatch(/url\((?!#)/);
    expect(page).not.toContain('@import');
    const csp = between(page, '<meta http-equiv="Content-Security-Policy" content="', '">');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src '${sha(between(page, '<style>', '</style>'))}'`);
    expect(csp).toContain(`script-src '${sha(between(page, '<script>', '</script>'))}'`);
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page.match(/<style/g)).toHaveLength(1);
  });

  it('escapes everything that came from the capture', () => {
    const page = renderHtmlReport([hostileCapture]);
    for (const bad of ['<script>alert', '<img src=x', '<svg onload', "'onmouseover='", '<b>vip</b>', '</title><script>', '<i>escape</i>']) {
      expect(page).not.toContain(bad);
    }
    expect(page).toContain('&lt;script&gt;alert(&quot;src&quot;)&lt;/script&gt;.pcap');
    expect(page).toContain('block says &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(page).toContain('data-copy="ip.src == &quot;&lt;/script&gt;&lt;script&gt;alert(5)&lt;/script&gt;&quot;"');
    expect(page).toContain('&#39;onmouseover=&#39;alert(3)');
  });

  it('draws the split-brain overlap, and none for a clean failover', () => {
    const split = renderHtmlReport([splitBrain]);
    expect(split.match(/class="bar-overlap" data-start/g)).toHaveLength(2);
    expect(split).toContain('two masters for 13.9 s');
    expect(renderHtmlReport([cleanFailover])).not.toContain('class="bar-overlap" data-start');
  });

  it('shows capture metadata, warnings, the IPVS inventory and transitions', () => {
    const split = renderHtmlReport([splitBrain]);
    expect(split).toContain('<div class="warnings" role="alert">');
    expect(split).toContain('capture ended mid-record (28 of 70 bytes)');
    expect(split).toContain('frame 413, byte offset 41872');
    expect(split).toContain('pcapng, link type Ethernet (1)');
    expect(split).toContain('2025-11-25 19:17:38.000 → 19:18:08.000 UTC (30 s)');
    expect(renderHtmlReport([cleanFailover])).not.toContain('class="warnings"');

    const lvs = renderHtmlReport([rsArpLeak]);
    const ipvs = between(lvs, '<table class="ipvs">', '</table>');
    expect(ipvs).toContain('<td class="mono" rowspan="3">203.0.113.10</td>');
    expect(ipvs).toContain('26:39:a8:42:a9:13 / 192.0.2.21');
    expect(ipvs).toContain('<td class="mono">02:00:00:00:03:02 / 192.0.2.32</td><td class="num">18</td>');
    expect(ipvs).toContain('<td>TUN</td><td class="mono">198.51.100.40 (ipip)</td>');

    const transitions = between(renderHtmlReport([cleanFailover]), '<table class="transitions">', '</table>');
    expect(transitions).toContain('192.0.2.11 → 192.0.2.12</td><td>priority-zero</td><td class="num">610 ms</td><td class="num">609 ms</td>');
  });

  it('says when the events list was capped', () => {
    const router = cleanFailover.routers[0]!;
    const doc: AuditDocument = { ...cleanFailover, routers: [{ ...router, eventCount: 812 }] };
    expect(renderHtmlReport([doc])).toContain('Showing the first 4 of 812 GARP/NA/priority-0 events.');
  });

  it('keeps a flapping router readable: transitions table and takeover markers are capped, with a note', () => {
    const router = cleanFailover.routers[0]!;
    const [a, b] = router.speakers;
    const transitions = Array.from({ length: 400 }, (_, i) => ({
      ts: 1764098258 + i * 0.04,
      from: { ip: (i % 2 === 0 ? a : b)!.ip },
      to: { ip: (i % 2 === 0 ? b : a)!.ip },
      reason: 'master-down' as const,
      gapMs: 10,
      expectedGapMs: 3000,
      frames: [i + 1],
    }));
    const doc: AuditDocument = {
      ...cleanFailover,
      routers: [{ ...router, transitions, failovers: 400, speakers: [{ ...a!, firstSeen: 1764098258, lastSeen: 1764098274 }, { ...b!, firstSeen: 1764098258, lastSeen: 1764098274 }] }],
    };
    const page = renderHtmlReport([doc]);
    expect(checkHtml(page)).toEqual([]);
    expect(between(page, '<table class="transitions">', '</table>').match(/<tr>/g)).toHaveLength(101);
    expect(page).toContain('… and 300 more master changes');
    expect(page.match(/class="marker takeover"/g)).toHaveLength(300);
    expect(page).toContain('Markers drawn for the first 300 of 400 takeovers.');
    expect(page).not.toContain('class="bar-overlap" data-start');
  });

  it('is deterministic', () => {
    const docs = Object.values(allSamples);
    expect(renderHtmlReport(docs)).toBe(renderHtmlReport(structuredClone(docs)));
  });
});
