/**
 * One stream out of several captures of one segment: timestamps moved onto the reference clock, and a frame that
 * several vantage points captured (same fingerprint within the match window) kept once, with the list of who saw
 * it. The merged frame takes the earliest aligned timestamp and is numbered in merged order.
 *
 * Frames go in in aligned-time order and come out as soon as the window behind them has closed (nothing later can
 * still join them), so what is held is the frames of the last window, whatever the captures' length.
 */
import type { FrameInfo } from '../decoders/frame-info.js';
import { formatIsoMicros } from '../decoders/format.js';
import { Fifo } from '../analysis/model/fifo.js';

/** One decoded frame of one capture, its timestamp already on the reference clock. */
export interface AlignedFrame {
  ts: number;
  vantage: number;
  frame: FrameInfo;
  /** frameFingerprint of the frame. */
  print: string;
}

interface Group {
  ts: number;
  print: string;
  first: FrameInfo;
  seenBy: { vantage: number; frame: number }[];
}

/** Capture order between frames of equal aligned time: the reference first, then by frame number. */
export function compareAligned(a: AlignedFrame, b: AlignedFrame): number {
  return a.ts - b.ts || a.vantage - b.vantage || a.frame.frame - b.frame.frame;
}

export class FrameMerger {
  /** Per vantage point: frames no other vantage point captured. */
  readonly onlyHere: number[];
  /** Merged frames handed on so far. */
  merged = 0;
  /** Groups still inside the window, in order of creation (= aligned time). */
  private readonly open = new Fifo<Group>();
  /** The open groups by fingerprint. */
  private readonly live = new Map<string, Group[]>();

  constructor(
    vantages: number,
    private readonly windowS: number,
    private readonly emit: (frame: FrameInfo) => void,
  ) {
    this.onlyHere = new Array<number>(vantages).fill(0);
  }

  /** The next frame in aligned-time order (see compareAligned). */
  add(e: AlignedFrame): void {
    this.closeUpTo(e.ts);
    const candidates = this.live.get(e.print);
    // The oldest group of this fingerprint that this vantage point has not contributed to yet: a sender repeating a
    // frame byte for byte (three GARPs) makes as many groups as repeats in each capture.
    const group = candidates?.find((g) => !g.seenBy.some((s) => s.vantage === e.vantage));
    if (group) {
      group.seenBy.push({ vantage: e.vantage, frame: e.frame.frame });
      return;
    }
    const g: Group = { ts: e.ts, print: e.print, first: e.frame, seenBy: [{ vantage: e.vantage, frame: e.frame.frame }] };
    this.open.push(g);
    if (candidates) candidates.push(g);
    else this.live.set(e.print, [g]);
  }

  /** Hands on every group still open: no frame follows. */
  end(): void {
    this.closeUpTo(Number.POSITIVE_INFINITY);
  }

  /** Hands on, oldest first, the groups that a frame at `ts` can no longer join. */
  private closeUpTo(ts: number): void {
    for (let g = this.open.peek(); g !== undefined && ts - g.ts > this.windowS; g = this.open.peek()) {
      this.open.shift();
      const list = this.live.get(g.print);
      if (list) {
        list.splice(list.indexOf(g), 1);
        if (list.length === 0) this.live.delete(g.print);
      }
      this.emit(this.frameOf(g));
    }
  }

  private frameOf(g: Group): FrameInfo {
    const only = g.seenBy.length === 1 ? g.seenBy[0] : undefined;
    if (only) this.onlyHere[only.vantage] = (this.onlyHere[only.vantage] ?? 0) + 1;
    const tsMicros = Math.round(g.ts * 1e6);
    return {
      ...g.first,
      frame: ++this.merged,
      ts: tsMicros / 1e6,
      time: formatIsoMicros(tsMicros),
      // One segment seen from several points: the captures' own interface numbers do not name different links.
      iface: 0,
      seenBy: g.seenBy.sort((a, b) => a.vantage - b.vantage),
    };
  }
}
