import { MAX_FRAME_BYTES } from './capture-limits.js';
import type { CaptureWarning, FramePrefilter, FrameSink, RawFrame, StatisticsSink } from './raw-frame.js';

/**
 * What a format reader shares with the push parser: the reused frame, the sink, the running summary and the
 * "stop reading" flag a reader raises after a warning it cannot read past.
 */
export class ReadState {
  /** The one RawFrame object handed to the sink for every record (see the RawFrame ownership contract). */
  readonly frame: RawFrame = {
    index: 0,
    // A double from the start: timestamps are not small integers, and the field keeps one representation.
    tsMicros: Number.NaN,
    capLen: 0,
    wireLen: 0,
    linkType: 0,
    iface: 0,
    // A Buffer like the chunks the frames will point into (one object shape for the decoders).
    buf: Buffer.alloc(0),
    offset: 0,
  };
  /** Records numbered so far (= the last frame number). */
  frames = 0;
  firstTsMicros: number | null = null;
  /**
   * The last frame's time, stored for every frame (see the pcap walk): a field that only ever holds a number keeps
   * it unboxed, where a `number | null` field allocated a heap number on every store. Meaningful once `timed`.
   */
  lastTs = Number.NaN;
  /** Set with the first frame that has a timestamp (pcapng simple packet blocks have none). */
  timed = false;
  readonly linkTypes: number[] = [];
  readonly warnings: CaptureWarning[] = [];
  stopped = false;
  /** Input offset of the unit that stopped the reading: what was consumed, whatever the chunking. */
  stopOffset: number | null = null;

  constructor(
    readonly sink: FrameSink,
    /** The input as the user named it (path or `stdin`), for messages. */
    readonly name: string,
    /** Receives pcapng interface statistics blocks (drop counts), when the caller wants them. */
    readonly statisticsSink: StatisticsSink | null = null,
    /** Ethernet frames the consumer does not want (see FramePrefilter); null hands every frame to the sink. */
    readonly prefilter: FramePrefilter | null = null,
  ) {}

  /** The last timestamped frame's time, or null when no frame had one. */
  get lastTsMicros(): number | null {
    return this.timed ? this.lastTs : null;
  }

  /** Notes a frame's timestamp (the first one is the capture's first time). */
  noteTime(tsMicros: number): void {
    if (!this.timed) {
      this.firstTsMicros = tsMicros;
      this.timed = true;
    }
    this.lastTs = tsMicros;
  }

  noteLinkType(linkType: number): void {
    if (!this.linkTypes.includes(linkType)) this.linkTypes.push(linkType);
  }

  /** A problem the reader cannot read past: record it and stop; frames already delivered stay valid. */
  stop(warning: CaptureWarning): void {
    this.warnings.push(warning);
    this.stopped = true;
    this.stopOffset = warning.offset ?? null;
  }

  /** A record claims more bytes than any real frame: stop rather than buffer what is most likely the rest of the file. */
  stopOversized(capLen: number, offset: number): void {
    const frame = this.frames + 1;
    this.stop({
      code: 'oversized-record',
      frame,
      offset,
      message:
        `frame ${frame} at byte offset ${offset} claims ${capLen} captured bytes, more than the ${MAX_FRAME_BYTES}-byte ` +
        `maximum (corrupt file?); stopped reading, ${this.framesReadText()}`,
    });
  }

  /** "frames 1..N were read" / "no frames were read", for warning messages. */
  framesReadText(): string {
    return this.frames === 0 ? 'no frames were read' : `frames 1..${this.frames} were read`;
  }
}
