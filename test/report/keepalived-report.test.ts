/** The reporters show what --keepalived adds: instance names on router rows, config lines of findings, configured real servers. */
import { describe, expect, it } from 'vitest';
import type { AuditDocument } from '../../src/analysis/audit-document.js';
import { formatAuditText } from '../../src/report/audit-text.js';
import { renderHtmlReport } from '../../src/report/html/render.js';
import { checkHtml } from './html/html-check.js';
import { cleanFailover } from './samples.js';

const withConfig: AuditDocument = {
  ...cleanFailover,
  routers: cleanFailover.routers.map((r) => ({
    ...r,
    instance: 'VI_<web>',
    config: [{ node: 'n1', file: 'n1.conf', line: 7, instance: 'VI_<web>' }],
    speakers: r.speakers.map((s, i) => (i === 0 ? { ...s, node: 'lb-<1>' } : s)),
  })),
  ipvs: [{ vip: '192.0.2.150', director: null, realServers: [], configured: [{ virtualServer: '192.0.2.150:80', lbKind: 'DR', nodes: ['n1'], realServers: [{ ip: '192.0.2.41', port: 80 }] }] }],
  findings: cleanFailover.findings.map((f) => ({ ...f, config: [{ node: 'n1', file: 'n1.conf', line: 12 }] })),
};

describe('reports with keepalived configs', () => {
  it('text: instance under the VRID, config line under each finding, configured real servers', () => {
    const text = formatAuditText([withConfig], { color: false, width: 120 });
    expect(text).toContain('VI_<web>');
    expect(text).toMatch(/192\.0\.2\.11 0 \(earlier 150\) lb-<1>/);
    expect(text).toContain('config  n1.conf:12 (n1)');
    expect(text).toContain('configured 192.0.2.150:80 DR: 192.0.2.41');
  });

  it('HTML: the same, escaped and well-formed', () => {
    const page = renderHtmlReport([withConfig]);
    expect(checkHtml(page)).toEqual([]);
    expect(page).toContain('VI_&lt;web&gt;');
    expect(page).toContain('lb-&lt;1&gt;');
    expect(page).toContain('n1.conf:12 (n1)');
    expect(page).toContain('configured 192.0.2.150:80 DR: 192.0.2.41');
  });
});
