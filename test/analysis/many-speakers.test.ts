/**
 * Many speakers of one VRID (issue #9 item 3): audit work must grow with adverts, not with adverts × speakers. No
 * timing: split-brain counts the pair checks it does, and that count must not grow when the same speakers send more
 * adverts. The capture is built in code (bench/generate-many-speakers.ts), 10,000 adverts from 300 speakers.
 */
import { describe, expect, it } from 'vitest';
import { manySpeakerFrames } from '../../bench/generate-many-speakers.js';
import { AnalysisEngine } from '../../src/analysis/engine.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { MAX_RUNS, splitBrainWork } from '../../src/analysis/rules/split-brain.js';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import { rawFrame } from '../helpers/frame-builder.js';

function audit(speakers: number, adverts: number) {
  const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, ALL_RULES);
  const before = splitBrainWork.pairChecks;
  const options = createDecodeOptions();
  let n = 0;
  for (const f of manySpeakerFrames(speakers, adverts)) {
    const frame = decodeFrame(rawFrame(f.data, { index: ++n, tsMicros: f.tsMicros }), options);
    if (frame) engine.push(frame);
  }
  engine.end();
  const doc = engine.document({ source: 'test', format: 'pcap', linkTypes: [1], frames: n, firstTs: null, lastTs: null, warnings: [] }, { frames: n });
  return { doc, pairChecks: splitBrainWork.pairChecks - before };
}

describe('many speakers of one VRID', () => {
  it('10,000 adverts from 300 speakers: split-brain finds them all, and its work does not grow with the adverts', () => {
    const small = audit(300, 10_000);
    const large = audit(300, 20_000);
    const sb = small.doc.findings.filter((f) => f.rule === 'split-brain');
    expect(sb).toHaveLength(1);
    expect(sb[0]!.subjects.ips).toHaveLength(300);
    expect(small.doc.findings.map((f) => f.rule)).toContain('vip-list-mismatch');
    // Pairs are looked at when a run starts and when a due member advertises: at most a few times per pair of
    // speakers (300 × 299 / 2 = 44,850), not once per advert and pair (10,000 × 300 = 3,000,000 and more).
    expect(small.pairChecks).toBeLessThan(3 * 44_850);
    // Twice the adverts from the same speakers: no more pair checks than the first 10,000 needed (+1%).
    expect(large.pairChecks).toBeLessThanOrEqual(small.pairChecks * 1.01);
  });

  it('bounds the speakers compared per router and says so in the finding', () => {
    // Seven rounds of adverts: seven seconds, beyond the allowance.
    const { doc } = audit(MAX_RUNS + 20, 7 * (MAX_RUNS + 20));
    const sb = doc.findings.find((f) => f.rule === 'split-brain');
    expect(sb?.subjects.ips?.length).toBe(MAX_RUNS);
    expect(sb?.message).toContain(`20 more speakers of this router were not compared (limit of ${MAX_RUNS} concurrent masters per router)`);
  });
});
