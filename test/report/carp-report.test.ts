import { describe, expect, it } from 'vitest';
import type { AuditDocument, CarpDoc } from '../../src/analysis/audit-document.js';
import { formatAuditText, formatSummaryLine } from '../../src/report/audit-text.js';
import { renderHtmlReport } from '../../src/report/html/render.js';
import { checkHtml } from './html/html-check.js';
import { cleanFailover } from './samples.js';

const carp: CarpDoc = {
  frames: 9,
  groups: [{
    key: '0|untagged|ipv4|7', iface: 0, vlan: null, family: 'ipv4', vhid: 7,
    advertisers: [
      { ip: '192.0.2.21', mac: '00:00:5e:00:01:07', adverts: 5, firstSeen: 1764098262.5, lastSeen: 1764098266.5, advbase: 1, advskew: 0, demotion: 0, badChecksums: 0 },
      { ip: '192.0.2.22', mac: '00:00:5e:00:01:07', adverts: 4, firstSeen: 1764098270.5, lastSeen: 1764098273.5, advbase: 1, advskew: 100, demotion: 0, badChecksums: 1 },
    ],
  }],
};
const withCarp: AuditDocument = { ...cleanFailover, carp };
const carpOnly: AuditDocument = { ...cleanFailover, routers: [], findings: [], carp };

describe('CARP in the reports', () => {
  it('text: counted in the summary and metadata, one table apart from the VRRP routers', () => {
    expect(formatSummaryLine(withCarp)).toBe(
      'failover.pcapng: 70 frames, 16.5 s, 1 virtual router, 1 failover, 1 CARP group; findings: 0 errors, 0 warnings, 1 info',
    );
    const text = formatAuditText(withCarp, { color: false, width: 120 });
    expect(text).toContain('14 VRRP, 9 CARP, 15 ARP');
    const lines = text.split('\n');
    const heading = lines.findIndex((l) => l.startsWith('CARP groups (not VRRP: 1 CARP group (9 frames)'));
    expect(heading).toBeGreaterThan(lines.indexOf('Virtual routers'));
    expect(heading).toBeLessThan(lines.indexOf('Findings'));
    const table = lines.slice(heading, lines.indexOf('Failover timeline')).join('\n');
    expect(table).toMatch(/│ 7 +│ IPv4 +│ 192\.0\.2\.21 +│ 1 s \/ 0 \/ 0 +│ 5 +│ 19:17:42\.500 +│/);
    expect(table).toMatch(/│ +│ +│ +│ 00:00:5e:00:01:07 +│ +│ +│ 19:17:46\.500 +│/);
    expect(table).toContain('4, 1 bad checksum');
  });

  it('text: a CARP-only capture says there is no VRRP, then lists the CARP group', () => {
    const text = formatAuditText(carpOnly, { color: false, width: 120 });
    expect(text).toContain('No VRRP adverts in this capture.');
    expect(text).toMatch(/│ 192\.0\.2\.22 +│ 1 s \/ 100 \/ 0 +│/);
  });

  it('text and HTML: no CARP section without CARP', () => {
    expect(formatAuditText(cleanFailover, { color: false })).not.toContain('CARP');
    expect(renderHtmlReport([cleanFailover])).not.toContain('CARP groups');
  });

  it('HTML: a well-formed CARP table with every advertiser', () => {
    const page = renderHtmlReport([withCarp, carpOnly]);
    expect(checkHtml(page)).toEqual([]);
    expect(page).toContain('<h3>CARP groups</h3>');
    expect(page).toContain('<li>192.0.2.21</li><li>00:00:5e:00:01:07</li>');
    expect(page).toContain('<li>192.0.2.22</li><li>00:00:5e:00:01:07</li>');
    expect(page).toContain('9 CARP, ');
  });
});
