/** Shared by the decoder tests: decode crafted bytes with `all` on, so even irrelevant frames come back. */
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import type { DecodeOptions, FrameInfo } from '../../src/decoders/frame-info.js';
import { rawFrame, type RawFrameOptions } from '../helpers/frame-builder.js';

export function decodeBytes(data: Uint8Array, frame: RawFrameOptions = {}, options: Partial<DecodeOptions> = {}): FrameInfo {
  const f = decodeFrame(rawFrame(data, frame), createDecodeOptions({ all: true, ...options }));
  if (f === null) throw new Error('decodeFrame returned null with all: true');
  return f;
}

/** The relevance decision: what `decode` (without --all) does with the frame. */
export function decodeRelevant(data: Uint8Array, frame: RawFrameOptions = {}, options: Partial<DecodeOptions> = {}): FrameInfo | null {
  return decodeFrame(rawFrame(data, frame), createDecodeOptions({ all: false, ...options }));
}
