/**
 * One stream out of several captures of one segment: timestamps moved onto the reference clock, and a frame that
 * several vantage points captured (same fingerprint within the match window) kept once, with the list of who saw
 * it. The merged frame takes the earliest aligned timestamp and is numbered in merged order.
 */
import type { FrameInfo } from '../decoders/frame-info.js';
import { formatIsoMicros } from '../decoders/format.js';
import { toReference, type ClockModel } from './clock-offset.js';

export interface AlignedCapture {
  frames: readonly FrameInfo[];
  /** frameFingerprint of each frame. */
  prints: readonly string[];
  /** How this capture's clock relates to the reference clock. */
  clock: ClockModel;
}

interface Group {
  ts: number;
  print: string;
  first: FrameInfo;
  seenBy: { vantage: number; frame: number }[];
}

export interface MergeResult {
  frames: FrameInfo[];
  /** Per vantage point: frames no other vantage point captured. */
  onlyHere: number[];
}

export function mergeCaptures(captures: readonly AlignedCapture[], windowS: number): MergeResult {
  const entries: { ts: number; vantage: number; frame: FrameInfo; print: string }[] = [];
  captures.forEach((c, vantage) => {
    c.frames.forEach((frame, i) => entries.push({ ts: toReference(c.clock, frame.ts), vantage, frame, print: c.prints[i] ?? '' }));
  });
  entries.sort((a, b) => a.ts - b.ts || a.vantage - b.vantage || a.frame.frame - b.frame.frame);

  const groups: Group[] = [];
  /** Groups still inside the window, by fingerprint; `expire` walks `groups` from `oldest` to drop the rest. */
  const live = new Map<string, Group[]>();
  let oldest = 0;
  for (const e of entries) {
    for (; oldest < groups.length && e.ts - (groups[oldest]?.ts ?? 0) > windowS; oldest++) {
      const g = groups[oldest]!;
      const list = live.get(g.print);
      if (list) {
        list.splice(list.indexOf(g), 1);
        if (list.length === 0) live.delete(g.print);
      }
    }
    const candidates = live.get(e.print);
    // The oldest group of this fingerprint that this vantage point has not contributed to yet: a sender repeating a
    // frame byte for byte (three GARPs) makes as many groups as repeats in each capture.
    const group = candidates?.find((g) => !g.seenBy.some((s) => s.vantage === e.vantage));
    if (group) {
      group.seenBy.push({ vantage: e.vantage, frame: e.frame.frame });
      continue;
    }
    const g: Group = { ts: e.ts, print: e.print, first: e.frame, seenBy: [{ vantage: e.vantage, frame: e.frame.frame }] };
    groups.push(g);
    if (candidates) candidates.push(g);
    else live.set(e.print, [g]);
  }

  const onlyHere = captures.map(() => 0);
  const frames = groups.map((g, i): FrameInfo => {
    const only = g.seenBy.length === 1 ? g.seenBy[0] : undefined;
    if (only) onlyHere[only.vantage] = (onlyHere[only.vantage] ?? 0) + 1;
    const tsMicros = Math.round(g.ts * 1e6);
    return {
      ...g.first,
      frame: i + 1,
      ts: tsMicros / 1e6,
      time: formatIsoMicros(tsMicros),
      // One segment seen from several points: the captures' own interface numbers do not name different links.
      iface: 0,
      seenBy: g.seenBy.sort((a, b) => a.vantage - b.vantage),
    };
  });
  return { frames, onlyHere };
}
