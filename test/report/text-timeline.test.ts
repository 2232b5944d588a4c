import { describe, expect, it } from 'vitest';
import { createPalette, stripAnsi } from '../../src/report/ansi.js';
import { renderTextTimeline, renderTransitions, timelineLegend } from '../../src/report/text-timeline.js';
import { buildRouterTimeline } from '../../src/report/timeline-model.js';
import { cleanFailover, ipv6Router, splitBrain } from './samples.js';

const plain = createPalette(false);

function lanesOf(doc: typeof splitBrain, width = 100): string[] {
  return renderTextTimeline(buildRouterTimeline(doc, doc.routers[0]!), width, plain);
}

describe('renderTextTimeline', () => {
  it('draws the split-brain overlap on both lanes over the same columns', () => {
    const [a, b] = lanesOf(splitBrain);
    const colsA = [...(a ?? '')].flatMap((c, i) => (c === '▒' ? [i] : []));
    const colsB = [...(b ?? '')].flatMap((c, i) => (c === '▒' ? [i] : []));
    expect(colsA.length).toBeGreaterThan(20);
    expect(colsA).toEqual(colsB);
    expect(a).toMatch(/^ {2}192\.0\.2\.11 {2}█+▒+█+·*$/);
    expect(b).toMatch(/^ {2}192\.0\.2\.12 {2}·+▒+·+$/);
  });

  it('marks the priority-0 advert and the takeover of a clean failover, with no overlap', () => {
    const [old, next] = lanesOf(cleanFailover);
    expect(old).toMatch(/^ {2}192\.0\.2\.11 {2}·+█+0·+$/);
    expect(next).toMatch(/^ {2}192\.0\.2\.12 {2}·+\|█+·*$/);
    expect(`${old}${next}`).not.toContain('▒');
    // The takeover column comes after the resign column: the 610 ms gap is visible.
    expect((next ?? '').indexOf('|')).toBeGreaterThan((old ?? '').indexOf('0'));
  });

  it('draws an axis with offsets from the start of the capture and keeps within the width', () => {
    const lines = lanesOf(cleanFailover, 100);
    const axis = lines[2] ?? '';
    const labels = lines[3] ?? '';
    expect(axis.trim().startsWith('┬')).toBe(true);
    expect(labels.trim().split(/\s+/)).toEqual(['0s', '2s', '4s', '6s', '8s', '10s', '12s', '14s', '16s']);
    // Each label starts under its tick.
    expect(axis[labels.indexOf('4s')]).toBe('┬');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('widens the label column for IPv6 speakers and still fits the width', () => {
    const lines = lanesOf(ipv6Router, 80);
    expect(lines[0]?.startsWith('  fe80::5054:ff:fe12:3401  ')).toBe(true);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('colours only when the palette has colour', () => {
    const tl = buildRouterTimeline(splitBrain, splitBrain.routers[0]!);
    const coloured = renderTextTimeline(tl, 100, createPalette(true));
    expect(coloured.join('\n')).toContain('\u001b[31m▒');
    expect(coloured.map(stripAnsi)).toEqual(renderTextTimeline(tl, 100, plain));
    expect(lanesOf(splitBrain).join('\n')).not.toContain('\u001b');
    expect(timelineLegend(plain)).toMatch(/^█ master {3}▒ two masters at once/);
  });

  it('lists failovers with reason, gap and frames', () => {
    const tl = buildRouterTimeline(cleanFailover, cleanFailover.routers[0]!);
    expect(renderTransitions(tl, plain)).toEqual([
      '| 19:17:47.220  192.0.2.11 → 192.0.2.12  priority-zero, gap 610 ms (expected 609 ms)  frames 45, 47',
    ]);
  });

  it('says how many earlier failovers the model did not keep (failovers above the kept transitions)', () => {
    const router = { ...cleanFailover.routers[0]!, failovers: 70 };
    const doc = { ...cleanFailover, routers: [router] };
    const lines = renderTransitions(buildRouterTimeline(doc, router), plain);
    expect(lines.at(-1)).toBe(`  (${70 - router.transitions.length} earlier failovers not kept: the capture has 70)`);
    expect(renderTransitions(buildRouterTimeline(cleanFailover, cleanFailover.routers[0]!), plain).join('\n')).not.toContain('not kept');
  });
});
