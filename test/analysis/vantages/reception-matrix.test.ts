import { describe, expect, it } from 'vitest';
import { SegmentModel } from '../../../src/analysis/model/model.js';
import type { ModelEvent } from '../../../src/analysis/model/types.js';
import { ReceptionMatrix } from '../../../src/analysis/vantages/reception-matrix.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { advert, BASE_TS } from '../../helpers/frame-info-builder.js';

const A = { src: '192.0.2.11', mac: '02:00:00:00:01:01', prio: 150 };
const EVER = { firstTs: Number.NEGATIVE_INFINITY, lastTs: Number.POSITIVE_INFINITY };

/** Feeds adverts through the model and the matrix, as the engine does. */
function fill(matrix: ReceptionMatrix, frames: FrameInfo[]): ModelEvent[] {
  const model = new SegmentModel();
  const out: ModelEvent[] = [];
  for (const f of frames) {
    const start = out.length;
    model.update(f, out);
    for (const ev of out.slice(start)) if (ev.kind === 'advert') matrix.observe(ev.router, ev.speaker, ev.frame);
  }
  return out;
}

describe('ReceptionMatrix', () => {
  it('keeps runs of adverts seen and missed per vantage point, and answers shares over a time window', () => {
    const matrix = new ReceptionMatrix([{ name: 'a', hostIp: null, aligned: true, ...EVER }, { name: 'b', hostIp: '192.0.2.12', aligned: true, ...EVER }]);
    const frames = Array.from({ length: 10 }, (_, t) => ({
      ...advert({ ...A, t, frame: t + 1 }),
      seenBy: t >= 3 && t <= 6 ? [{ vantage: 0, frame: t + 1 }] : [{ vantage: 0, frame: t + 1 }, { vantage: 1, frame: t + 1 }],
    }));
    const events = fill(matrix, frames);
    const ev = events.find((e) => e.kind === 'advert');
    if (ev?.kind !== 'advert') throw new Error('no advert');
    const row = matrix.of(ev.router, ev.speaker)!;
    expect(row.cells[0]!.runs).toEqual([{ seen: true, start: BASE_TS, end: BASE_TS + 9, adverts: 10, firstFrame: 1, lastFrame: 10 }]);
    expect(row.cells[1]!.runs.map((r) => [r.seen, r.adverts, r.firstFrame, r.lastFrame])).toEqual([
      [true, 3, 1, 3],
      [false, 4, 4, 7],
      [true, 3, 8, 10],
    ]);
    expect(matrix.share(ev.router, ev.speaker, 1, BASE_TS + 3, BASE_TS + 6)).toEqual({ seen: 0, total: 4 });
    expect(matrix.share(ev.router, ev.speaker, 1, BASE_TS, BASE_TS + 9)).toEqual({ seen: 6, total: 10 });
    expect(matrix.vantageOfHost('192.0.2.12')).toBe(1);
    expect(matrix.ownCaptureLabel(1)).toBe("192.0.2.12's own capture (b)");
    expect(matrix.ownCaptureLabel(0)).toBe('vantage point a');
  });

  it('ignores frames of a single capture (no seenBy)', () => {
    const matrix = new ReceptionMatrix([{ name: 'a', hostIp: null, aligned: true, ...EVER }]);
    fill(matrix, [advert({ ...A, t: 0, frame: 1 })]);
    expect([...matrix.all()]).toEqual([]);
  });
});
