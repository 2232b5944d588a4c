/** The merged reports (audit --merge) in text and HTML, from the one-way-loss lab recording. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditDocument } from '../../src/analysis/audit-document.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { auditMerged } from '../../src/merge/merge-audit.js';
import { formatAuditText } from '../../src/report/audit-text.js';
import { renderHtmlReport } from '../../src/report/html/render.js';
import { formatMatched, formatOffsetSeconds } from '../../src/report/vantages-text.js';
import { FIXTURE_PCAPS } from '../helpers/analyze-capture.js';
import { checkHtml } from './html/html-check.js';

let doc: AuditDocument;

beforeAll(async () => {
  const d = join(FIXTURE_PCAPS, 'merge-path-loss');
  doc = await auditMerged(
    [
      { name: 'obs', source: 'obs.pcap', input: { kind: 'file', path: join(d, 'obs.pcap') } },
      { name: 'n2', source: 'n2.pcap', input: { kind: 'file', path: join(d, 'n2.pcap') } },
    ],
    { analysis: DEFAULT_ANALYSIS_OPTIONS, rules: ALL_RULES, guePorts: new Set() },
  );
});

describe('merged reports', () => {
  it('text: the vantage points, the reception matrix and a lane of missed adverts', () => {
    const text = formatAuditText(doc, { color: false, width: 120 });
    expect(text).toContain('Vantage points');
    expect(text).toContain('clocks aligned to obs');
    expect(text).toMatch(/Reception · VRID 51 · IPv4 · untagged/);
    expect(text).toMatch(/│ 192\.0\.2\.11 +│ 100 % +│ \d+ % \(\d+\/\d+\) +│/);
    expect(text).toMatch(/192\.0\.2\.11 → n2 +✗+─+/);
    expect(text).toMatch(/✗ n2 missed \d+ adverts of 192\.0\.2\.11/);
  });

  it('text: a single capture has no such section', () => {
    const { vantages: _, ...single } = doc;
    expect(formatAuditText(single, { color: false })).not.toContain('Vantage points');
  });

  it('HTML: a well-formed page with the section and a missed-advert strip on the speaker lane', () => {
    const page = renderHtmlReport([doc]);
    expect(checkHtml(page)).toEqual([]);
    expect(page).toContain('<h3>Vantage points</h3>');
    expect(page).toContain('<table class="reception">');
    expect(page).toMatch(/<g class="marker missed"[^>]*><title>n2 missed \d+ adverts of 192\.0\.2\.11/);
    expect(page).toContain('adverts a vantage point did not capture');
  });

  it('offsets: sub-millisecond offsets keep their microseconds, larger ones three decimals', () => {
    expect(formatOffsetSeconds(3.25)).toBe('+3.250 s');
    expect(formatOffsetSeconds(-0.000008)).toBe('-0.000008 s');
    expect(formatOffsetSeconds(null)).toBe('not aligned');
  });

  it('matched frames: the count alone, or said to be of a sample when the clock estimate sampled', () => {
    expect(formatMatched({ matched: 43 })).toBe('43');
    expect(formatMatched({ matched: 124_963, matchedOneIn: 2 })).toBe('124963 in a 1/2 sample');
    const sampled: AuditDocument = {
      ...doc,
      vantages: { ...doc.vantages!, points: doc.vantages!.points.map((p, i) => (i === 1 ? { ...p, matchedOneIn: 4 } : p)) },
    };
    expect(formatAuditText(sampled, { color: false, width: 160 })).toContain(`${doc.vantages!.points[1]!.matched} in a 1/4 sample`);
    expect(renderHtmlReport([sampled])).toContain(`${doc.vantages!.points[1]!.matched} in a 1/4 sample`);
  });
});
