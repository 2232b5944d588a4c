import { CaptureFormatError } from '../errors.js';
import { PcapReader } from './pcap-reader.js';
import { PcapngReader } from './pcapng-reader.js';
import type { CaptureSummary, FramePrefilter, FrameSink, StatisticsSink } from './raw-frame.js';
import { ReadState } from './read-state.js';
import type { RecordWalker } from './record-walker.js';
import { SNIFF_BYTES, type SniffedFormat, describeFirstBytes, sniffFormat } from './sniff.js';

/**
 * A push parser for a whole capture arriving in chunks of any size (a file read, stdin, `tcpdump -U -w -`).
 * Every frame is handed to the sink synchronously inside the `push` that completed it.
 *
 * Chunks are walked in place; `push` copies only the unfinished tail of a chunk (at most one record or block) into a
 * small spill buffer, so the caller may reuse its chunk buffer as soon as `push` returns.
 */
export interface CaptureParser {
  push(chunk: Uint8Array): void;
  /** Input is over: returns the summary (warns when the input stopped in the middle of a record). */
  end(): CaptureSummary;
  /** Set once a problem the reader cannot read past was met (reported in the warnings): further input is ignored. */
  readonly stopped: boolean;
  /** True once the file header has been read. */
  readonly headerRead: boolean;
  /** The caller stops early on purpose: `end()` then marks the summary `aborted` and does not warn about a cut. */
  interrupt(): void;
}

export interface CaptureParserOptions {
  /** Reported in the summary: the bytes pushed are already decompressed. */
  compression?: CaptureSummary['compression'];
  /** Receives pcapng interface statistics blocks (a live capture's drop counts). */
  onStatistics?: StatisticsSink;
  /** Ethernet frames the consumer does not want: counted, never handed to the sink (see FramePrefilter). */
  prefilter?: FramePrefilter;
}

const MIN_SPILL_BYTES = 64 * 1024;

/**
 * A Buffer, like every chunk the readers push (files, streams, gunzip): frames walked in the spill then have the same
 * object shape as frames walked in a chunk, so the decoders' code stays specialised to one kind of array.
 */
function spillBuffer(size: number): Uint8Array {
  return Buffer.allocUnsafeSlow(size);
}
/** First bytes shown when the input is not a capture. */
const DESCRIBE_BYTES = 8;

export function createCaptureParser(sink: FrameSink, name: string, options: CaptureParserOptions = {}): CaptureParser {
  return new PushParser(sink, name, options.compression ?? 'none', options.onStatistics ?? null, options.prefilter ?? null);
}

class PushParser implements CaptureParser {
  private readonly state: ReadState;
  private walker: RecordWalker | null = null;
  /** Bytes of the unit that straddles chunks (or, before the format is known, the first bytes). */
  private spill: Uint8Array = spillBuffer(MIN_SPILL_BYTES);
  private spillView = new DataView(this.spill.buffer, this.spill.byteOffset, this.spill.byteLength);
  private spillLength = 0;
  /** Input offset of spill[0]. */
  private spillOffset = 0;
  /** Input offset of the next chunk's first byte. */
  private received = 0;
  private interrupted = false;
  private ended = false;

  constructor(
    sink: FrameSink,
    private readonly name: string,
    private readonly compression: CaptureSummary['compression'],
    onStatistics: StatisticsSink | null,
    prefilter: FramePrefilter | null,
  ) {
    this.state = new ReadState(sink, name, onStatistics, prefilter);
  }

  get stopped(): boolean {
    return this.state.stopped || this.interrupted;
  }

  get headerRead(): boolean {
    return this.walker?.headerRead ?? false;
  }

  interrupt(): void {
    this.interrupted = true;
  }

  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('CaptureParser.push after end()');
    if (this.stopped || chunk.length === 0) return;
    const base = this.received;
    this.received += chunk.length;
    let pos = 0;
    if (this.walker === null) {
      pos = this.append(chunk, 0, DESCRIBE_BYTES - this.spillLength);
      if (this.spillLength < SNIFF_BYTES) return;
      const format = sniffFormat(this.spill.subarray(0, this.spillLength));
      // Unrecognised input is described by its first 8 bytes, whatever the chunking.
      if (format.kind === 'unknown' && this.spillLength < DESCRIBE_BYTES) return;
      this.walker = this.chooseReader(format);
    }
    if (this.spillLength > 0) {
      pos = this.completeSpilledUnit(chunk, pos);
      if (pos < 0 || this.stopped) return;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    pos = this.walker.walk(chunk, view, pos, chunk.length, base);
    if (!this.stopped && pos < chunk.length) {
      this.spillOffset = base + pos;
      this.append(chunk, pos, chunk.length - pos);
    }
  }

  end(): CaptureSummary {
    this.ended = true;
    const state = this.state;
    const walker = this.walker;
    if (walker === null) {
      if (this.received === 0) {
        throw new CaptureFormatError('empty-input', `${this.name} is empty (0 bytes): it is not a capture, nothing to read`);
      }
      if (this.spillLength >= SNIFF_BYTES) this.chooseReader(sniffFormat(this.spill.subarray(0, this.spillLength)));
      throw new CaptureFormatError(
        'not-a-capture',
        `${this.name} is only ${this.received} byte(s) long (${describeFirstBytes(this.spill.subarray(0, this.spillLength))}): not a pcap or pcapng file`,
      );
    }
    if (!walker.headerRead && !state.stopped) {
      const what = walker.format === 'pcap' ? 'pcap file header (24 bytes)' : 'pcapng section header';
      throw new CaptureFormatError(
        'truncated-header',
        `${this.name} ends inside its ${what} after ${this.received} byte(s): the file is cut, nothing to read`,
      );
    }
    const cut = this.spillLength > 0 && !this.stopped;
    if (cut) this.warnTruncated(walker);
    walker.finalWarnings();
    return {
      format: walker.format,
      compression: this.compression,
      linkTypes: state.linkTypes,
      frames: state.frames,
      firstTsMicros: state.firstTsMicros,
      lastTsMicros: state.lastTsMicros,
      warnings: state.warnings,
      bytes: state.stopOffset ?? this.received,
      endedEarly: state.stopped || cut,
      ...(this.interrupted ? { aborted: true } : {}),
    };
  }

  private chooseReader(format: SniffedFormat): RecordWalker {
    switch (format.kind) {
      case 'pcap':
        return new PcapReader(this.state, format.littleEndian, format.nanosecond);
      case 'pcapng':
        return new PcapngReader(this.state);
      case 'gzip':
        // Reached through readCapture only when the decompressed data is gzip again; a library caller feeding the
        // parser directly gets the same advice.
        throw new CaptureFormatError(
          'compressed-input',
          this.compression === 'gzip'
            ? `${this.name} is compressed twice (gzip inside gzip): decompress it once (gunzip -c ${this.name} > capture.pcap.gz) and read the result`
            : `${this.name} is gzip-compressed: decompress it first (gunzip)`,
        );
      case 'unknown':
        throw new CaptureFormatError(
          'not-a-capture',
          `${this.name} is not a pcap or pcapng file (${describeFirstBytes(this.spill.subarray(0, this.spillLength))}); give a capture written by tcpdump -w, dumpcap or Wireshark`,
        );
    }
  }

  /**
   * Feeds the unit held in the spill buffer from `chunk` until it is whole, then reads it. Returns the chunk position
   * after the unit, or -1 when the chunk ran out first (or reading stopped).
   */
  private completeSpilledUnit(chunk: Uint8Array, pos: number): number {
    const walker = this.walker;
    if (walker === null) return -1;
    const headerBytes = walker.headerBytes();
    if (this.spillLength < headerBytes) {
      pos += this.append(chunk, pos, headerBytes - this.spillLength);
      if (this.spillLength < headerBytes) return -1;
    }
    const total = walker.unitLength(this.spillView, 0, this.spillOffset);
    if (total < 0) return -1;
    if (this.spillLength < total) {
      pos += this.append(chunk, pos, total - this.spillLength);
      if (this.spillLength < total) return -1;
    }
    walker.walk(this.spill, this.spillView, 0, total, this.spillOffset);
    this.spillLength = 0;
    return pos;
  }

  /** Copies up to `count` bytes of `chunk` from `pos` into the spill buffer; returns how many were copied. */
  private append(chunk: Uint8Array, pos: number, count: number): number {
    const n = Math.min(count, chunk.length - pos);
    const needed = this.spillLength + n;
    if (needed > this.spill.length) {
      // Bounded: a unit is at most MAX_PCAPNG_BLOCK_BYTES, and its length is checked before it is gathered.
      const grown = spillBuffer(Math.max(needed, this.spill.length * 2));
      grown.set(this.spill.subarray(0, this.spillLength));
      this.spill = grown;
      this.spillView = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
    }
    this.spill.set(chunk.subarray(pos, pos + n), this.spillLength);
    this.spillLength = needed;
    return n;
  }

  private warnTruncated(walker: RecordWalker): void {
    const state = this.state;
    const offset = this.spillOffset;
    if (walker.unitIsFrame(this.spillView, this.spillLength)) {
      const frame = state.frames + 1;
      const read = frame === 1 ? 'no frames were read' : `frames 1..${frame - 1} were read`;
      state.warnings.push({
        code: 'truncated-record',
        frame,
        offset,
        message: `capture ends in the middle of frame ${frame} at byte offset ${offset} (file cut?); ${read}`,
      });
    } else {
      state.warnings.push({
        code: 'truncated-record',
        offset,
        message: `capture ends in the middle of a pcapng block at byte offset ${offset} (file cut?); ${state.framesReadText()}`,
      });
    }
  }
}
