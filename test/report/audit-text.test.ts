import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatAuditText, formatSummaryLine, wrap } from '../../src/report/audit-text.js';
import { allSamples, cleanFailover, hostileCapture, ipv6Router, rsArpLeak, splitBrain, vlanTagged, vridCollision } from './samples.js';

const GOLDEN = fileURLToPath(new URL('./__golden__/split-brain.txt', import.meta.url));

describe('formatAuditText', () => {
  it('matches the committed golden text for the split-brain sample (UPDATE_GOLDEN=1 rewrites it)', () => {
    const text = formatAuditText(splitBrain, { color: false });
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('starts each input with a summary line', () => {
    expect(formatSummaryLine(cleanFailover)).toBe(
      'failover.pcapng: 70 frames, 16.5 s, 1 virtual router, 1 failover; findings: 0 errors, 0 warnings, 1 info',
    );
    expect(formatSummaryLine(vlanTagged)).toBe(
      'trunk.pcapng: 120 frames, 20 s, 3 virtual routers, 3 failovers; findings: 0 errors, 0 warnings, 0 info',
    );
    const noTs = { ...cleanFailover, input: { ...cleanFailover.input, firstTs: null, lastTs: null } };
    expect(formatSummaryLine(noTs)).toBe('failover.pcapng: 70 frames, 1 virtual router, 1 failover; findings: 0 errors, 0 warnings, 1 info');
  });

  it('puts the capture warnings right under the summary, before any table', () => {
    const lines = formatAuditText(splitBrain, { color: false }).split('\n');
    expect(lines[1]).toBe('  ⚠ input warning: capture ended mid-record (28 of 70 bytes) [truncated-record, frame 413]');
    expect(lines.findIndex((l) => l === 'Virtual routers')).toBeGreaterThan(1);
  });

  it('groups findings by severity, errors first, with frames, filter and fix', () => {
    const text = formatAuditText(splitBrain, { color: false });
    const errors = text.indexOf('Errors (1)');
    const warnings = text.indexOf('Warnings (1)');
    const info = text.indexOf('Info (1)');
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(errors);
    expect(info).toBeGreaterThan(warnings);
    expect(text).toContain('  ERROR split-brain  Two masters for VRID 51');
    expect(text).toContain('frames  30, 31, 36 … (+25 more)');
    expect(text).toContain('filter  vrrp.virt_rtr_id == 51 && ip.src in {192.0.2.11 192.0.2.12}');
    expect(text).toContain('fix     Make sure 192.0.2.12 receives the adverts of 192.0.2.11');
  });

  it('shows the routers table with speakers, priorities, master and failovers', () => {
    const text = formatAuditText(cleanFailover, { color: false });
    expect(text).toMatch(/│ untagged │ 51 +│ IPv4 v2 │ 192\.0\.2\.100 │ 192\.0\.2\.11 0 \(earlier 150\) │ 192\.0\.2\.12 +│ 1 +│/);
    expect(text).toMatch(/│ 192\.0\.2\.12 100 +│ 19:17:47\.220 +│/);
    expect(formatAuditText(vlanTagged, { color: false })).toMatch(/│ 300\.20 +│ 10 +│/);
  });

  it('shows the IPVS inventory with director, method and real servers', () => {
    const text = formatAuditText(rsArpLeak, { color: false });
    const ipvs = text.slice(text.indexOf('IPVS inventory'));
    expect(ipvs).toMatch(/│ 203\.0\.113\.10 │ 26:39:a8:42:a9:13 │ DR +│ 02:00:00:00:03:01 +│ 20 +│/);
    expect(ipvs).toContain('02:00:00:00:03:02 / 192.0.2.32');
    expect(ipvs).toMatch(/│ TUN +│ 198\.51\.100\.40 \(ipip\) +│ 10 +│/);
    expect(formatAuditText(cleanFailover, { color: false })).toContain('No IPVS forwarding seen.');
  });

  it('keeps IPv4 reports within the width except for the summary line and Wireshark filters', () => {
    for (const doc of [cleanFailover, splitBrain, vridCollision, rsArpLeak, vlanTagged]) {
      for (const width of [100, 90]) {
        const lines = formatAuditText(doc, { color: false, width }).split('\n');
        const summary = formatSummaryLine(doc);
        for (const line of lines.filter((l) => !l.includes('filter  ') && l !== summary)) {
          expect([...line].length, line).toBeLessThanOrEqual(width);
        }
      }
    }
  });

  it('colours only on request, and the coloured text reads the same without the codes', () => {
    const coloured = formatAuditText(splitBrain, { color: true });
    expect(coloured).toContain('\u001b[');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(formatAuditText(splitBrain, { color: false }));
    for (const doc of Object.values(allSamples)) expect(formatAuditText(doc, { color: false })).not.toContain('\u001b');
  });

  it('reports several inputs one after the other', () => {
    const text = formatAuditText([cleanFailover, ipv6Router], { color: false });
    expect(text.indexOf('failover.pcapng: 70 frames')).toBe(0);
    expect(text).toContain('\nv3-ipv6.pcapng: 40 frames, 16.5 s, 1 virtual router, 1 failover; findings: 0 errors, 1 warning, 0 info\n');
    expect(text).toContain('fe80::5054:ff:fe12:3401 → fe80::5054:ff:fe12:3402');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('says so when there is nothing to show', () => {
    const empty = { ...cleanFailover, routers: [], findings: [], ipvs: [] };
    const text = formatAuditText(empty, { color: false });
    expect(text).toContain('No VRRP adverts in this capture.');
    expect(text).toContain('No findings.');
    expect(text).not.toContain('Failover timeline');
  });

  it('prints capture text as it is (a terminal report has no markup to escape)', () => {
    expect(formatAuditText(hostileCapture, { color: false })).toContain('<script>alert("src")</script>.pcap: 3 frames');
  });
});

describe('wrap', () => {
  it('wraps at spaces, indents continuation lines and keeps runs of spaces', () => {
    expect(wrap('aaa bbb ccc ddd', 10, '  ', '    ')).toEqual(['  aaa bbb', '    ccc', '    ddd']);
    expect(wrap('fix     the thing', 40, '')).toEqual(['fix     the thing']);
    expect(wrap('averyveryverylongword x', 8, '')).toEqual(['averyveryverylongword', 'x']);
  });
});

describe('findings not tied to a router', () => {
  it('name their VRID, family and VLAN instead', () => {
    const finding = { ...rsArpLeak.findings[0]!, router: null, vrid: null, vlan: 20, family: 'ipv4' as const };
    const text = formatAuditText({ ...rsArpLeak, findings: [finding] }, { color: false });
    expect(text).toContain('      IPv4 · VLAN 20 · 2025-11-25 19:17:40.400 → 19:17:50.400 UTC (10 s)');
  });
});
