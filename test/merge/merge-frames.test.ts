import { describe, expect, it } from 'vitest';
import type { FrameInfo } from '../../src/decoders/frame-info.js';
import { frameFingerprint } from '../../src/merge/fingerprint.js';
import { compareAligned, FrameMerger, type AlignedFrame } from '../../src/merge/merge-frames.js';
import { advert, garp } from '../helpers/frame-info-builder.js';

/** The merge of whole captures shifted by a constant offset, fed in aligned-time order as replayMerged does. */
function mergeCaptures(captures: { frames: FrameInfo[]; offsetS: number }[], windowS: number) {
  const entries: AlignedFrame[] = captures.flatMap((c, vantage) =>
    c.frames.map((frame) => ({ ts: frame.ts - c.offsetS, vantage, frame, print: frameFingerprint(frame) })),
  );
  const frames: FrameInfo[] = [];
  const merger = new FrameMerger(captures.length, windowS, (f) => frames.push(f));
  for (const e of entries.sort(compareAligned)) merger.add(e);
  merger.end();
  expect(merger.merged).toBe(frames.length);
  return { frames, onlyHere: merger.onlyHere };
}

const A = { src: '192.0.2.11', mac: '02:00:00:00:01:01', prio: 150 };

describe('FrameMerger', () => {
  it('counts a frame captured at two points once, on the reference clock, with who captured it', () => {
    const ref = [advert({ ...A, t: 1, frame: 1 }), advert({ ...A, t: 2, frame: 2 })];
    // The second capture's clock runs 5 s ahead and it missed the second advert.
    const other = [advert({ ...A, t: 6.0002, frame: 7 })];
    const { frames, onlyHere } = mergeCaptures([{ frames: ref, offsetS: 0 }, { frames: other, offsetS: 5 }], 0.1);
    expect(frames).toHaveLength(2);
    expect(frames.map((f) => f.frame)).toEqual([1, 2]);
    expect(frames[0]!.ts).toBeCloseTo(ref[0]!.ts, 6);
    expect(frames[0]!.seenBy).toEqual([{ vantage: 0, frame: 1 }, { vantage: 1, frame: 7 }]);
    expect(frames[1]!.seenBy).toEqual([{ vantage: 0, frame: 2 }]);
    expect(onlyHere).toEqual([1, 0]);
  });

  it('keeps repeats of one frame from one capture apart (three GARPs in a row stay three)', () => {
    const g = (t: number, frame: number) => garp({ mac: A.mac, vip: '192.0.2.100', t, frame });
    const ref = [g(1, 1), g(1.0001, 2), g(1.0002, 3)];
    const other = [g(1.00005, 1), g(1.00015, 2), g(1.00025, 3)];
    const { frames } = mergeCaptures([{ frames: ref, offsetS: 0 }, { frames: other, offsetS: 0 }], 0.1);
    expect(frames).toHaveLength(3);
    for (const f of frames) expect(f.seenBy?.map((s) => s.vantage)).toEqual([0, 1]);
  });

  it('does not merge equal frames further apart than the window', () => {
    const ref = [advert({ ...A, t: 1, frame: 1 })];
    const other = [advert({ ...A, t: 1.5, frame: 1 })];
    expect(mergeCaptures([{ frames: ref, offsetS: 0 }, { frames: other, offsetS: 0 }], 0.1).frames).toHaveLength(2);
  });

  it('tells different adverts apart by their content', () => {
    const ref = [advert({ ...A, t: 1, frame: 1 })];
    const other = [advert({ ...A, prio: 0, t: 1, frame: 1 })];
    expect(mergeCaptures([{ frames: ref, offsetS: 0 }, { frames: other, offsetS: 0 }], 0.1).frames).toHaveLength(2);
  });

  it('hands each frame on as soon as no later frame can join it, so it holds one window of frames', () => {
    const out: FrameInfo[] = [];
    const merger = new FrameMerger(2, 0.1, (f) => out.push(f));
    for (let i = 0; i < 10_000; i++) {
      const t = 1 + i * 0.01;
      const frame = advert({ ...A, prio: i % 200, t, frame: i + 1 });
      merger.add({ ts: t, vantage: i % 2, frame, print: frameFingerprint(frame) });
      // Every frame more than the window before this one is out already; the window holds at most 11 frames.
      expect(out.length).toBeGreaterThanOrEqual(i - 10);
    }
    merger.end();
    expect(out.map((f) => f.frame)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
  });
});
