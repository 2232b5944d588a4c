/**
 * `live --write capture.pcapng`: every captured frame, in capture order, so that `audit` can read the incident again
 * later with the same frame numbers. One interface block per (interface, link type), written before its first frame. Blocks are
 * buffered briefly and flushed by the caller's ticks (and when the buffer grows), so a killed run loses well under a
 * second of frames.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { enhancedPacketLength, pcapngInterfaceBlock, pcapngSectionHeader, writeEnhancedPacketInto } from '../capture/capture-writer.js';
import type { RawFrame } from '../capture/raw-frame.js';
import { UsageError } from '../errors.js';
import { fileErrorMessage } from '../system-errors.js';

const FLUSH_BYTES = 256 * 1024;

export class PcapngFileWriter {
  /** iface × 2^16 + link type → interface id in the file (a number key: no string per frame). */
  private readonly interfaceOf = new Map<number, number>();
  /** Blocks not yet written, encoded in place: a frame costs a copy, no allocation (it keeps up with a busy capture). */
  private buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  private pendingBytes = 0;
  private closed = false;
  /** Frames written so far. */
  frames = 0;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    /** Interface name written in each interface block (`if_name`), by the run's interface number. */
    private readonly interfaceName: (iface: number) => string,
  ) {
    this.push(pcapngSectionHeader());
  }

  /** Creates (or truncates) the file; throws a UsageError the CLI prints as one line. */
  static create(path: string, interfaceName: (iface: number) => string): PcapngFileWriter {
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (error) {
      throw new UsageError('write-failed', `--write: ${fileErrorMessage('write', path, error)}`, { cause: error });
    }
    return new PcapngFileWriter(path, fd, interfaceName);
  }

  write(frame: RawFrame): void {
    if (this.closed) return;
    const key = frame.iface * 65_536 + frame.linkType;
    let iface = this.interfaceOf.get(key);
    if (iface === undefined) {
      iface = this.interfaceOf.size;
      this.interfaceOf.set(key, iface);
      this.push(pcapngInterfaceBlock({ linkType: frame.linkType, name: this.interfaceName(frame.iface), tsresol: 6 }));
    }
    // The frame's bytes are only valid during the sink call: the block copies them.
    const data = frame.buf.subarray(frame.offset, frame.offset + frame.capLen);
    this.reserve(enhancedPacketLength(frame.capLen));
    this.pendingBytes = writeEnhancedPacketInto(this.buffer, this.pendingBytes, { tsMicros: frame.tsMicros, data, wireLen: frame.wireLen, iface }, 6);
    this.frames += 1;
  }

  flush(): void {
    if (this.pendingBytes === 0) return;
    const chunk = this.buffer.subarray(0, this.pendingBytes);
    this.pendingBytes = 0;
    try {
      let written = 0;
      while (written < chunk.length) written += writeSync(this.fd, chunk, written, chunk.length - written);
    } catch (error) {
      throw new UsageError('write-failed', `--write: ${fileErrorMessage('write', this.path, error)}`, { cause: error });
    }
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }

  private push(block: Buffer): void {
    this.reserve(block.length);
    block.copy(this.buffer, this.pendingBytes);
    this.pendingBytes += block.length;
  }

  /** Room for `bytes` more: flush when the buffer cannot take them, grow it for a block larger than the buffer. */
  private reserve(bytes: number): void {
    if (this.pendingBytes + bytes <= this.buffer.length) return;
    this.flush();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
  }
}
