import { describe, expect, it } from 'vitest';
import type { AuditDocument } from '../../../src/analysis/audit-document.js';
import { renderTimelineSvg } from '../../../src/report/html/timeline-svg.js';
import { buildRouterTimeline } from '../../../src/report/timeline-model.js';
import { cleanFailover, ipv6Router, splitBrain } from '../samples.js';

function svgOf(doc: AuditDocument): string {
  const tl = buildRouterTimeline(doc, doc.routers[0]!);
  return renderTimelineSvg(tl, { id: 'r1', findingAnchor: (f) => `finding-${doc.findings.indexOf(f) + 1}` }).html;
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe('renderTimelineSvg', () => {
  it('draws a lane per speaker with master bars and overlap bars hatched', () => {
    const svg = svgOf(splitBrain);
    expect(svg.startsWith('<svg class="timeline"')).toBe(true);
    expect(count(svg, '<rect class="lane-bg"')).toBe(2);
    expect(count(svg, '<rect class="bar-master"')).toBe(2);
    expect(count(svg, 'class="bar-overlap" data-start="1764098262.1" data-end="1764098276"')).toBe(2);
    expect(count(svg, 'fill="url(#r1-hatch)"')).toBe(2);
    expect(svg).toContain('<title>Two masters: 192.0.2.11 and 192.0.2.12 both advertised 19:17:42.100 → 19:17:56.000 UTC (13.9 s)\nframes 30, 31, 36 … (+25 more)</title>');
    expect(svg).toContain('data-frames="30, 31, 36 … (+25 more)"');
    expect(svg).toContain('data-finding="finding-1"');
  });

  it('puts one findings row per finding, most severe first', () => {
    const svg = svgOf(splitBrain);
    const labels = [...svg.matchAll(/<text class="finding-label sev-(\w+)"/g)].map((m) => m[1]);
    expect(labels).toEqual(['error', 'warning', 'info']);
    expect(count(svg, 'class="marker marker-finding')).toBe(3);
  });

  it('marks the priority-0 advert, GARPs, the takeover and its gap', () => {
    const svg = svgOf(cleanFailover);
    expect(count(svg, 'class="marker marker-zero"')).toBe(1);
    expect(svg).toContain('data-frames="44"><title>Priority-0 advert from 192.0.2.11 at 19:17:46.610 UTC: it resigned as master\nframes 44</title>');
    expect(count(svg, 'class="marker marker-garp"')).toBe(3);
    expect(svg).toContain('data-frames="48"><title>Gratuitous ARP for 192.0.2.100 from 22:f6:60:bb:e8:e3 at 19:17:47.230 UTC\nframes 48</title>');
    expect(count(svg, 'class="marker takeover"')).toBe(1);
    expect(svg).toContain('Takeover at 19:17:47.220 UTC: 192.0.2.11 → 192.0.2.12 (priority-zero, gap 610 ms)');
    expect(count(svg, 'class="marker gap-marker"')).toBe(1);
    expect(svg).toContain('Takeover gap 610 ms (expected 609 ms)');
    expect(svg).not.toContain('bar-overlap');
    expect(count(svg, 'class="bar-master approximate"')).toBe(2);
  });

  it('marks unsolicited NAs, and GARPs from hosts that are not speakers on their own row', () => {
    expect(count(svgOf(ipv6Router), 'class="marker marker-na"')).toBe(1);
    const router = cleanFailover.routers[0]!;
    const doc: AuditDocument = {
      ...cleanFailover,
      routers: [{ ...router, events: [{ ts: 1764098270, kind: 'garp', ip: '192.0.2.100', mac: '02:00:00:00:03:02', frame: 60 }] }],
    };
    const svg = svgOf(doc);
    expect(svg).toContain('>other hosts</text>');
    expect(count(svg, '<rect class="lane-bg"')).toBe(3);
  });

  it('labels the axis with offsets and UTC clock times', () => {
    const svg = svgOf(cleanFailover);
    const offsets = [...svg.matchAll(/<text class="tick"[^>]*>\+([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(offsets).toEqual(['0s', '2s', '4s', '6s', '8s', '10s', '12s', '14s', '16s']);
    expect(svg).toContain('>19:17:38</text>');
    expect(svg).toContain('>19:17:54</text>');
  });

  it('makes every marker focusable with a tooltip', () => {
    const svg = svgOf(cleanFailover);
    const markers = svg.match(/<g class="marker [^"]*" tabindex="0" role="button"[^>]*><title>[^<]+<\/title>/g) ?? [];
    expect(markers.length).toBe(count(svg, '<g class="marker '));
    expect(markers.length).toBe(1 + 3 + 1 + 1 + 1);
  });
});
