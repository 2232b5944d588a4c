/**
 * `live --write capture.pcapng`: every captured frame, in capture order, so that `audit` can read the incident again
 * later with the same frame numbers. One interface block per link type, written before its first frame. Blocks are
 * buffered briefly and flushed by the caller's ticks (and when the buffer grows), so a killed run loses well under a
 * second of frames.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { pcapngEnhancedPacket, pcapngInterfaceBlock, pcapngSectionHeader } from '../capture/capture-writer.js';
import type { RawFrame } from '../capture/raw-frame.js';
import { UsageError } from '../errors.js';
import { fileErrorMessage } from '../system-errors.js';

const FLUSH_BYTES = 256 * 1024;

export class PcapngFileWriter {
  private readonly interfaceOf = new Map<number, number>();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private closed = false;
  /** Frames written so far. */
  frames = 0;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    /** Interface name written in each interface block (`if_name`). */
    private readonly interfaceName: string,
  ) {
    this.push(pcapngSectionHeader());
  }

  /** Creates (or truncates) the file; throws a UsageError the CLI prints as one line. */
  static create(path: string, interfaceName: string): PcapngFileWriter {
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
    let iface = this.interfaceOf.get(frame.linkType);
    if (iface === undefined) {
      iface = this.interfaceOf.size;
      this.interfaceOf.set(frame.linkType, iface);
      this.push(pcapngInterfaceBlock({ linkType: frame.linkType, name: this.interfaceName, tsresol: 6 }));
    }
    // The frame's bytes are only valid during the sink call: the block copies them.
    const data = frame.buf.subarray(frame.offset, frame.offset + frame.capLen);
    this.push(pcapngEnhancedPacket({ tsMicros: frame.tsMicros, data, wireLen: frame.wireLen, iface }, 6));
    this.frames += 1;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
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
    this.pending.push(block);
    this.pendingBytes += block.length;
  }
}
