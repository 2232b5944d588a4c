import { describe, expect, it } from 'vitest';
import type { FindingDoc } from '../../../src/analysis/audit-document.js';
import { AnalysisEngine } from '../../../src/analysis/engine.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../../src/analysis/options.js';
import { advertLoss, MIN_MISSED_ADVERTS } from '../../../src/analysis/rules/advert-loss.js';
import { ReceptionMatrix, type Vantage } from '../../../src/analysis/vantages/reception-matrix.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { advert, BASE_TS } from '../../helpers/frame-info-builder.js';
import { findingsOf } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '02:00:00:00:01:01', prio: 150 };
const B = { src: '192.0.2.12', mac: '02:00:00:00:01:02', prio: 100 };
const ALL_TIME = { firstTs: Number.NEGATIVE_INFINITY, lastTs: Number.POSITIVE_INFINITY };

/** Vantage points obs, n1 (192.0.2.11's own capture) and n2 (192.0.2.12's). */
const VANTAGES: Vantage[] = [
  { name: 'obs', hostIp: null, aligned: true, ...ALL_TIME },
  { name: 'n1', hostIp: '192.0.2.11', aligned: true, ...ALL_TIME },
  { name: 'n2', hostIp: '192.0.2.12', aligned: true, ...ALL_TIME },
];

/** Adverts of `who` every second from `from` to `to`, captured by the vantage points `seenBy` returns for each second. */
function run(who: typeof A, from: number, to: number, seenBy: (t: number) => number[]): FrameInfo[] {
  const out: FrameInfo[] = [];
  for (let t = from; t <= to; t++) out.push({ ...advert({ ...who, t, frame: 0 }), seenBy: seenBy(t).map((vantage) => ({ vantage, frame: t })) });
  return out;
}

function analyse(frames: FrameInfo[], vantages: Vantage[] = VANTAGES): { findings: FindingDoc[]; closed: string[]; matrix: ReceptionMatrix } {
  const matrix = new ReceptionMatrix(vantages);
  const closed: string[] = [];
  const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, [advertLoss], { closed: (f) => closed.push(f.title) }, matrix);
  const sorted = frames.sort((a, b) => a.ts - b.ts).map((f, i) => ({ ...f, frame: i + 1 }));
  for (const f of sorted) engine.push(f);
  engine.end();
  const doc = engine.document({ source: 't', format: 'pcap', linkTypes: [1], frames: sorted.length, firstTs: null, lastTs: null, warnings: [] }, { frames: sorted.length });
  return { findings: doc.findings, closed, matrix };
}

describe('advert-loss', () => {
  it('reports adverts of one speaker missing at one vantage point while others captured them, with direction and span', () => {
    // n2 misses A's adverts from 5 s to 12 s (8 adverts), then hears them again.
    const frames = run(A, 0, 20, (t) => (t >= 5 && t <= 12 ? [0, 1] : [0, 1, 2]));
    const { findings, closed } = analyse(frames);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.rule).toBe('advert-loss');
    expect(f.severity).toBe('warning');
    expect(f.title).toBe('Adverts of 192.0.2.11 lost towards n2');
    expect(f.message).toBe(
      "192.0.2.12's own capture (n2) has none of 8 consecutive adverts of 192.0.2.11 (02:00:00:00:01:01) for VRID 51 (IPv4) " +
        'from 5.00 s to 12.0 s into the capture (7.00 s), while obs and n1 captured them: they are lost on the path from ' +
        '192.0.2.11 to n2, so 192.0.2.12 cannot hear 192.0.2.11 and will take over as master if it is a backup.',
    );
    expect(f.firstTs).toBe(BASE_TS + 5);
    expect(f.lastTs).toBe(BASE_TS + 12);
    expect(f.frames[0]).toBe(6);
    expect(f.frames).toContain(13);
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    // Merged frame numbers name no frame of any one capture: the filter selects by content only.
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && ip.src == 192.0.2.11');
    expect(closed).toEqual(['Adverts of 192.0.2.11 lost towards n2']);
  });

  it(`needs ${MIN_MISSED_ADVERTS} adverts missed in a row: single lost frames only lower the share`, () => {
    const frames = run(A, 0, 20, (t) => (t % 5 === 0 || t === 7 || t === 8 ? [0, 1] : [0, 1, 2]));
    const { findings, matrix } = analyse(frames);
    expect(findings).toEqual([]);
    const row = [...matrix.all()][0]!;
    expect(row.cells[2]).toMatchObject({ total: 21, seen: 14 });
  });

  it('reports each direction on its own and a second run of losses as a second finding', () => {
    const frames = [
      ...run(A, 0, 30, (t) => ((t >= 2 && t <= 6) || (t >= 15 && t <= 19) ? [0, 1] : [0, 1, 2])),
      ...run(B, 0.5, 30.5, (t) => (t >= 20 && t <= 26 ? [0, 2] : [0, 1, 2])),
    ];
    const { findings } = analyse(frames);
    expect(findings.map((f) => f.title)).toEqual([
      'Adverts of 192.0.2.11 lost towards n2',
      'Adverts of 192.0.2.11 lost towards n2',
      'Adverts of 192.0.2.12 lost towards n1',
    ]);
  });

  it('does not count adverts sent while a vantage point was not capturing', () => {
    // n2's capture started at 10 s: the adverts before are not missing from it.
    const late = VANTAGES.map((v) => (v.name === 'n2' ? { ...v, firstTs: BASE_TS + 10 } : v));
    const frames = run(A, 0, 20, (t) => (t < 10 ? [0, 1] : [0, 1, 2]));
    const { findings, matrix } = analyse(frames, late);
    expect(findings).toEqual([]);
    expect([...matrix.all()][0]!.cells[2]).toMatchObject({ total: 11, seen: 11 });
  });

  it("does not call a gap in a node's own capture of its own adverts path loss", () => {
    // n1's own capture lacks n1's adverts 5-12 s (dropped by the capture itself): no path in between.
    const frames = run(A, 0, 20, (t) => (t >= 5 && t <= 12 ? [0, 2] : [0, 1, 2]));
    expect(analyse(frames).findings).toEqual([]);
  });

  it('says nothing about a single capture (no vantage points)', () => {
    const frames = run(A, 0, 10, () => []).map(({ seenBy: _, ...f }) => f);
    expect(findingsOf(frames, advertLoss)).toEqual([]);
  });
});
