/**
 * The one path every frame takes, offline and live: raw record → decoder → engine. Frames the decoder finds irrelevant
 * cost a pre-dispatch and a clock update; VIPs learned from adverts feed back into the decoder so that traffic to
 * them (IPVS) is decoded from then on.
 */
import type { CaptureSummary, RawFrame } from '../capture/raw-frame.js';
import type { AuditDocument, InputDoc } from '../analysis/audit-document.js';
import { AnalysisEngine, type EngineListener } from '../analysis/engine.js';
import type { AuditDocumentStream } from '../analysis/build-document.js';
import type { AnalysisOptions } from '../analysis/options.js';
import type { RuleDefinition } from '../analysis/rule.js';
import { decodeFrame } from '../decoders/decode-frame.js';
import type { DecodeOptions, FrameInfo } from '../decoders/frame-info.js';

export interface PipelineConfig {
  analysis: AnalysisOptions;
  rules: readonly RuleDefinition[];
  guePorts: ReadonlySet<number>;
  listener?: EngineListener;
}

export class AnalysisPipeline {
  readonly engine: AnalysisEngine;
  frames = 0;
  private readonly decodeOptions: DecodeOptions;

  constructor(config: PipelineConfig) {
    this.engine = new AnalysisEngine(config.analysis, config.rules, config.listener ?? {});
    this.decodeOptions = {
      all: false,
      showSecrets: config.analysis.showSecrets,
      guePorts: config.guePorts,
      vips4: this.engine.vips4,
      vips6: this.engine.vips6,
    };
  }

  /**
   * The reader's sink: synchronous, called once per record. Returns the decoded frame (null when irrelevant to the
   * analysis), so a caller that also shows frames need not decode them a second time; the engine does not change it.
   */
  readonly onFrame = (raw: RawFrame): FrameInfo | null => {
    this.frames += 1;
    const frame = decodeFrame(raw, this.decodeOptions);
    if (frame) this.engine.push(frame);
    else this.engine.advanceClock(raw.tsMicros / 1e6);
    return frame;
  };

  /** Ends the analysis (idempotent) and builds the document for an input read to its end. */
  finish(input: InputDoc): AuditDocument {
    this.engine.end();
    return this.engine.document(input, { frames: this.frames });
  }

  /** Like finish, with routers and findings built as they are read (for writing the document out piece by piece). */
  finishStream(input: InputDoc): AuditDocumentStream {
    this.engine.end();
    return this.engine.documentStream(input, { frames: this.frames });
  }
}

/** The `input` part of the document: the file's base name only, so no machine path leaks into reports. */
export function inputDocOf(source: string, summary: CaptureSummary): InputDoc {
  return {
    source,
    format: summary.format,
    linkTypes: [...summary.linkTypes],
    frames: summary.frames,
    firstTs: summary.firstTsMicros === null ? null : summary.firstTsMicros / 1e6,
    lastTs: summary.lastTsMicros === null ? null : summary.lastTsMicros / 1e6,
    warnings: summary.warnings.map((w) => ({ ...w })),
  };
}
