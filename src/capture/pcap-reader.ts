import { CaptureFormatError } from '../errors.js';
import { MAX_FRAME_BYTES } from './capture-limits.js';
import { LINKTYPE, SUPPORTED_LINK_TYPES_TEXT, isSupportedLinkType, linkTypeName } from './link-types.js';
import type { ReadState } from './read-state.js';
import type { RecordWalker } from './record-walker.js';

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;

/** Classic libpcap format: a 24-byte file header, then 16-byte record headers each followed by the frame bytes. */
export class PcapReader implements RecordWalker {
  readonly format = 'pcap';
  headerRead = false;
  private linkType = 0;

  constructor(
    private readonly state: ReadState,
    private readonly littleEndian: boolean,
    private readonly nanosecond: boolean,
  ) {}

  headerBytes(): number {
    return this.headerRead ? RECORD_HEADER_BYTES : FILE_HEADER_BYTES;
  }

  unitLength(view: DataView, pos: number, offset: number): number {
    if (!this.headerRead) return FILE_HEADER_BYTES;
    const capLen = view.getUint32(pos + 8, this.littleEndian);
    if (this.recordTooLong(capLen, offset)) return -1;
    return RECORD_HEADER_BYTES + capLen;
  }

  unitIsFrame(): boolean {
    return this.headerRead;
  }

  finalWarnings(): void {}

  walk(buf: Uint8Array, view: DataView, pos: number, end: number, base: number): number {
    if (!this.headerRead) {
      if (end - pos < FILE_HEADER_BYTES) return pos;
      this.readFileHeader(view, pos);
      pos += FILE_HEADER_BYTES;
    }
    // The hot loop: no allocation, one reused frame, scalar reads only.
    const state = this.state;
    const frame = state.frame;
    const sink = state.sink;
    // One test per file: the prefilter only judges Ethernet frames.
    const prefilter = this.linkType === LINKTYPE.ETHERNET ? state.prefilter : null;
    const le = this.littleEndian;
    const nano = this.nanosecond;
    frame.buf = buf;
    frame.linkType = this.linkType;
    frame.iface = 0;
    let index = state.frames;
    while (end - pos >= RECORD_HEADER_BYTES) {
      const capLen = view.getUint32(pos + 8, le);
      if (capLen > MAX_FRAME_BYTES) {
        this.recordTooLong(capLen, base + pos);
        break;
      }
      if (end - pos - RECORD_HEADER_BYTES < capLen) break;
      const seconds = view.getUint32(pos, le);
      const fraction = view.getUint32(pos + 4, le);
      const ts = seconds * 1e6 + (nano ? Math.floor(fraction / 1000) : fraction);
      // Stored per frame rather than once after the loop: V8 optimises this loop while it runs (on-stack
      // replacement), and a comparison after it, not yet run when the loop was compiled, deoptimised the whole walk
      // (and everything inlined into it) at the end of every chunk.
      state.noteTime(ts);
      // Counted before the sink runs, so that a sink that throws leaves the count matching what it saw.
      state.frames = ++index;
      const start = pos + RECORD_HEADER_BYTES;
      pos = start + capLen;
      if (prefilter !== null && prefilter(buf, start, pos, ts)) continue;
      frame.index = index;
      frame.tsMicros = ts;
      frame.capLen = capLen;
      frame.wireLen = view.getUint32(start - 4, le);
      frame.offset = start;
      sink(frame);
    }
    return pos;
  }

  private readFileHeader(view: DataView, pos: number): void {
    const le = this.littleEndian;
    // The snaplen at pos + 16 is not used: see recordTooLong.
    // The upper 6 bits of the link-type field carry FCS information (LT_LINKTYPE in libpcap).
    const linkType = view.getUint32(pos + 20, le) & 0x03ffffff;
    if (!isSupportedLinkType(linkType)) {
      throw new CaptureFormatError(
        'unsupported-link-type',
        `${this.state.name} has link type ${linkType} (${linkTypeName(linkType)}), which vrrp-inspect cannot decode; ` +
          `supported: ${SUPPORTED_LINK_TYPES_TEXT}`,
      );
    }
    this.linkType = linkType;
    this.state.noteLinkType(linkType);
    this.headerRead = true;
  }

  /**
   * The record-length bound. The file's snaplen is deliberately NOT used: real files break it legitimately (snaplen 0
   * from old writers means "unknown"; the tcpdump test captures in the shared corpus have snaplen 35-41 with 64-byte
   * records, which tcpdump and tshark both read). What protects memory is Wireshark's own maximum frame size.
   */
  private recordTooLong(capLen: number, offset: number): boolean {
    if (capLen <= MAX_FRAME_BYTES) return false;
    this.state.stopOversized(capLen, offset);
    return true;
  }
}
