/**
 * Reads one capture of a merged analysis: decodes its relevant frames and keeps them (the merge needs every capture
 * before the first frame can be aligned), and runs the model alone over them, which gives the VIPs the decoder needs
 * for IPVS traffic and this vantage point's own view (who advertised, who was master, seen from here).
 */
import type { CaptureSummary } from '../capture/raw-frame.js';
import { readCapture, type CaptureInput } from '../capture/open-capture.js';
import { AnalysisEngine } from '../analysis/engine.js';
import type { AnalysisOptions } from '../analysis/options.js';
import { createDecodeOptions, decodeFrame } from '../decoders/decode-frame.js';
import type { FrameInfo } from '../decoders/frame-info.js';
import { frameFingerprint } from './fingerprint.js';

export interface VantageSource {
  name: string;
  /** File base name (or `stdin`), as input.source shows it. */
  source: string;
  input: CaptureInput;
}

export interface VantageCapture {
  source: VantageSource;
  frames: FrameInfo[];
  /** frameFingerprint of each frame, computed once for the clock estimate and the merge. */
  prints: string[];
  summary: CaptureSummary;
  /** The model over this capture alone (no rules). */
  view: AnalysisEngine;
}

export async function readVantage(
  source: VantageSource,
  analysis: AnalysisOptions,
  guePorts: ReadonlySet<number>,
  signal?: AbortSignal,
): Promise<VantageCapture> {
  const view = new AnalysisEngine(analysis, []);
  const decode = createDecodeOptions({ showSecrets: analysis.showSecrets, guePorts, vips4: view.vips4, vips6: view.vips6 });
  const frames: FrameInfo[] = [];
  const prints: string[] = [];
  const summary = await readCapture(
    source.input,
    (raw) => {
      const frame = decodeFrame(raw, decode);
      if (!frame) return view.advanceClock(raw.tsMicros / 1e6);
      frames.push(frame);
      prints.push(frameFingerprint(frame));
      view.push(frame);
    },
    signal ? { signal } : {},
  );
  view.end();
  return { source, frames, prints, summary, view };
}
