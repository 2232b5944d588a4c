import { CaptureFormatError } from '../errors.js';
import { MAX_FRAME_BYTES, MAX_PCAPNG_BLOCK_BYTES } from './capture-limits.js';
import { LINKTYPE, isSupportedLinkType, linkTypeName } from './link-types.js';
import { type TimestampScale, ticksToMicros, timestampScale } from './pcapng-timestamp.js';
import type { ReadState } from './read-state.js';
import type { RecordWalker } from './record-walker.js';

const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 0x00000001;
const BLOCK_OPB = 0x00000002;
const BLOCK_SPB = 0x00000003;
const BLOCK_ISB = 0x00000005;
const BLOCK_EPB = 0x00000006;
const BLOCK_CUSTOM = 0x00000bad;
const BLOCK_CUSTOM_NO_COPY = 0x40000bad;

const BLOCK_HEADER_BYTES = 12;
const MIN_SHB_BYTES = 28;
const MIN_IDB_BYTES = 20;
const MIN_PACKET_BLOCK_BYTES = 32;
const MIN_SPB_BYTES = 16;
const MIN_ISB_BYTES = 24;

const OPT_ENDOFOPT = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;
const OPT_ISB_IFRECV = 4;
const OPT_ISB_IFDROP = 5;
const OPT_ISB_OSDROP = 7;

interface Interface {
  /** File-wide interface number (ids restart in every section; this one does not). */
  readonly number: number;
  readonly linkType: number;
  /** 0 = not limited. */
  readonly snaplen: number;
  readonly scale: TimestampScale;
}

/**
 * pcapng: a sequence of blocks, grouped in sections that each start with a section header block (SHB) giving the
 * byte order of the section. Interface description blocks (IDB) are numbered per section. Packet blocks (EPB, SPB,
 * the obsolete OPB) become frames; custom blocks take a frame number without being frames, as in Wireshark.
 */
export class PcapngReader implements RecordWalker {
  readonly format = 'pcapng';
  headerRead = false;
  private littleEndian = true;
  private section = 0;
  private interfaces: Interface[] = [];
  private interfacesBefore = 0;
  private customBlocks = 0;

  constructor(private readonly state: ReadState) {}

  headerBytes(): number {
    return BLOCK_HEADER_BYTES;
  }

  unitLength(view: DataView, pos: number, offset: number): number {
    const type = view.getUint32(pos, this.littleEndian);
    if (type === BLOCK_SHB && !this.readByteOrder(view, pos, offset)) return -1;
    const length = view.getUint32(pos + 4, this.littleEndian);
    const minimum = type === BLOCK_SHB ? MIN_SHB_BYTES : BLOCK_HEADER_BYTES;
    if (length % 4 !== 0 || length < minimum || length > MAX_PCAPNG_BLOCK_BYTES) {
      const why = length > MAX_PCAPNG_BLOCK_BYTES ? `larger than ${MAX_PCAPNG_BLOCK_BYTES}` : 'invalid';
      this.corrupt(offset, `block length ${length} is ${why}`);
      return -1;
    }
    return length;
  }

  unitIsFrame(view: DataView, length: number): boolean {
    if (length < 4) return true;
    const type = view.getUint32(0, this.littleEndian);
    return type === BLOCK_EPB || type === BLOCK_SPB || type === BLOCK_OPB || type === BLOCK_CUSTOM || type === BLOCK_CUSTOM_NO_COPY;
  }

  finalWarnings(): void {
    if (this.customBlocks === 0) return;
    this.state.warnings.push({
      code: 'pcapng-custom-blocks',
      count: this.customBlocks,
      message:
        `${this.customBlocks} pcapng custom block(s) took a frame number, as Wireshark numbers them, ` +
        'but hold no packet and were skipped',
    });
  }

  walk(buf: Uint8Array, view: DataView, pos: number, end: number, base: number): number {
    const state = this.state;
    while (end - pos >= BLOCK_HEADER_BYTES && !state.stopped) {
      const length = this.unitLength(view, pos, base + pos);
      if (length < 0 || end - pos < length) break;
      this.readBlock(buf, view, pos, length, base + pos);
      pos += length;
    }
    return pos;
  }

  private readBlock(buf: Uint8Array, view: DataView, pos: number, length: number, offset: number): void {
    const le = this.littleEndian;
    if (view.getUint32(pos + length - 4, le) !== length) {
      this.corrupt(offset, 'its leading and trailing lengths differ');
      return;
    }
    switch (view.getUint32(pos, le)) {
      case BLOCK_EPB:
      case BLOCK_OPB:
        this.readPacketBlock(buf, view, pos, length, offset);
        break;
      case BLOCK_SPB:
        this.readSimplePacket(buf, view, pos, length, offset);
        break;
      case BLOCK_IDB:
        this.readInterface(view, pos, length, offset);
        break;
      case BLOCK_SHB:
        this.readSectionHeader(view, pos, length, offset);
        break;
      case BLOCK_ISB:
        if (this.state.statisticsSink) this.readStatistics(view, pos, length, offset);
        break;
      case BLOCK_CUSTOM:
      case BLOCK_CUSTOM_NO_COPY:
        this.state.frames++;
        this.customBlocks++;
        break;
      default:
        // Name resolution, decryption secrets, journal and unknown blocks carry no frames.
        break;
    }
  }

  private readByteOrder(view: DataView, pos: number, offset: number): boolean {
    const magic = view.getUint32(pos + 8, false);
    if (magic === 0x1a2b3c4d) this.littleEndian = false;
    else if (magic === 0x4d3c2b1a) this.littleEndian = true;
    else if (!this.headerRead) {
      throw new CaptureFormatError(
        'not-a-capture',
        `${this.state.name} starts like pcapng but its byte-order magic is 0x${magic.toString(16).padStart(8, '0')}, ` +
          'not 0x1a2b3c4d: the file is damaged or not a capture',
      );
    } else {
      this.corrupt(offset, 'a section header has an invalid byte-order magic');
      return false;
    }
    return true;
  }

  private readSectionHeader(view: DataView, pos: number, length: number, offset: number): void {
    const major = view.getUint16(pos + 12, this.littleEndian);
    const minor = view.getUint16(pos + 14, this.littleEndian);
    if (major !== 1) {
      const what = `pcapng version ${major}.${minor}`;
      if (!this.headerRead) {
        throw new CaptureFormatError(
          'unsupported-version',
          `${this.state.name} is ${what}, which no reader supports (only 1.x exists): the file is damaged`,
        );
      }
      this.state.stop({
        code: 'unsupported-section',
        offset,
        message: `section at byte offset ${offset} is ${what} (only 1.x exists); stopped reading, ${this.state.framesReadText()}`,
      });
      return;
    }
    this.headerRead = true;
    const optionError = this.checkOptions(view, pos + 24, pos + length - 4, null);
    if (optionError !== null) {
      this.corrupt(offset, `section header ${optionError}`);
      return;
    }
    this.section++;
    this.interfacesBefore += this.interfaces.length;
    this.interfaces = [];
  }

  private readInterface(view: DataView, pos: number, length: number, offset: number): void {
    if (length < MIN_IDB_BYTES) {
      this.corrupt(offset, `interface description block of ${length} bytes is too short`);
      return;
    }
    const le = this.littleEndian;
    const linkType = view.getUint16(pos + 8, le);
    const snaplen = view.getUint32(pos + 12, le);
    let tsresol = 6;
    let tsoffset = 0;
    const optionError = this.checkOptions(view, pos + 16, pos + length - 4, (code, valuePos, valueLength) => {
      if (code === OPT_IF_TSRESOL && valueLength >= 1) tsresol = view.getUint8(valuePos);
      if (code === OPT_IF_TSOFFSET && valueLength === 8) {
        const low = view.getUint32(valuePos + (le ? 0 : 4), le);
        const high = view.getInt32(valuePos + (le ? 4 : 0), le);
        tsoffset = high * 4_294_967_296 + low;
      }
    });
    if (optionError !== null) {
      this.corrupt(offset, `interface description ${optionError}`);
      return;
    }
    const id = this.interfaces.length;
    const number = this.interfacesBefore + id;
    this.interfaces.push({ number, linkType, snaplen, scale: timestampScale(tsresol, tsoffset) });
    this.state.noteLinkType(linkType);
    if (!isSupportedLinkType(linkType)) {
      this.state.warnings.push({
        code: 'unsupported-link-type',
        offset,
        message:
          `interface ${id} of section ${this.section} has link type ${linkType} (${linkTypeName(linkType)}), ` +
          'which vrrp-inspect cannot decode; its frames are numbered but not decoded',
      });
    }
  }

  /**
   * ISB: counters a capture program wrote for one interface (dumpcap writes one per interface when it stops). A block
   * that cannot be read is skipped with a warning: the counters are a report, the frames around it stay valid.
   */
  private readStatistics(view: DataView, pos: number, length: number, offset: number): void {
    const le = this.littleEndian;
    const itf = length >= MIN_ISB_BYTES ? this.interfaces[view.getUint32(pos + 8, le)] : undefined;
    if (itf === undefined) {
      this.warnStatistics(offset, 'is too short or names an unknown interface');
      return;
    }
    const counters: Record<number, number> = {};
    const optionError = this.checkOptions(view, pos + 20, pos + length - 4, (code, valuePos, valueLength) => {
      if (valueLength !== 8) return;
      const high = view.getUint32(valuePos + (le ? 4 : 0), le);
      const low = view.getUint32(valuePos + (le ? 0 : 4), le);
      counters[code] = high * 4_294_967_296 + low;
    });
    if (optionError !== null) {
      this.warnStatistics(offset, optionError);
      return;
    }
    this.state.statisticsSink?.({
      iface: itf.number,
      tsMicros: ticksToMicros(view.getUint32(pos + 12, le), view.getUint32(pos + 16, le), itf.scale),
      received: counters[OPT_ISB_IFRECV] ?? null,
      interfaceDrops: counters[OPT_ISB_IFDROP] ?? null,
      osDrops: counters[OPT_ISB_OSDROP] ?? null,
    });
  }

  private warnStatistics(offset: number, why: string): void {
    this.state.warnings.push({
      code: 'bad-statistics-block',
      offset,
      message: `pcapng interface statistics block at byte offset ${offset} ${why}; its drop counts were skipped`,
    });
  }

  /** Walks an options list; returns what is wrong with it, or null. `onOption` sees every option but the end marker. */
  private checkOptions(
    view: DataView,
    start: number,
    end: number,
    onOption: ((code: number, valuePos: number, valueLength: number) => void) | null,
  ): string | null {
    let pos = start;
    while (end - pos >= 4) {
      const code = view.getUint16(pos, this.littleEndian);
      const valueLength = view.getUint16(pos + 2, this.littleEndian);
      if (code === OPT_ENDOFOPT) return null;
      if (valueLength > end - pos - 4) return `has an option (code ${code}) of ${valueLength} bytes that overruns the block`;
      onOption?.(code, pos + 4, valueLength);
      pos += 4 + valueLength + ((4 - (valueLength % 4)) % 4);
    }
    return null;
  }

  /** EPB and OPB share the layout but for the interface id width (32 vs 16 bits). */
  private readPacketBlock(buf: Uint8Array, view: DataView, pos: number, length: number, offset: number): void {
    const state = this.state;
    if (length < MIN_PACKET_BLOCK_BYTES) {
      this.corrupt(offset, `packet block of ${length} bytes is too short`, state.frames + 1);
      return;
    }
    const le = this.littleEndian;
    const obsolete = view.getUint32(pos, le) === BLOCK_OPB;
    const id = obsolete ? view.getUint16(pos + 8, le) : view.getUint32(pos + 8, le);
    const itf = this.interfaceFor(id, offset);
    if (itf === undefined) return;
    const capLen = view.getUint32(pos + 20, le);
    if (capLen > MAX_FRAME_BYTES) {
      this.state.stopOversized(capLen, offset);
      return;
    }
    if (capLen > length - MIN_PACKET_BLOCK_BYTES) {
      this.corrupt(offset, `captured length ${capLen} overruns the ${length}-byte block`, state.frames + 1);
      return;
    }
    const ts = ticksToMicros(view.getUint32(pos + 12, le), view.getUint32(pos + 16, le), itf.scale);
    state.noteTime(ts);
    this.deliver(buf, pos + 28, capLen, view.getUint32(pos + 24, le), itf, ts);
  }

  /** SPB: interface 0, no timestamp (the previous frame's time is used, or 0), captured length implied by the block. */
  private readSimplePacket(buf: Uint8Array, view: DataView, pos: number, length: number, offset: number): void {
    if (length < MIN_SPB_BYTES) {
      this.corrupt(offset, `simple packet block of ${length} bytes is too short`, this.state.frames + 1);
      return;
    }
    const itf = this.interfaceFor(0, offset);
    if (itf === undefined) return;
    const wireLen = view.getUint32(pos + 8, this.littleEndian);
    let capLen = Math.min(wireLen, length - MIN_SPB_BYTES);
    if (itf.snaplen !== 0) capLen = Math.min(capLen, itf.snaplen);
    if (capLen > MAX_FRAME_BYTES) {
      this.state.stopOversized(capLen, offset);
      return;
    }
    this.deliver(buf, pos + 12, capLen, wireLen, itf, this.state.lastTsMicros ?? 0);
  }

  private deliver(buf: Uint8Array, dataPos: number, capLen: number, wireLen: number, itf: Interface, ts: number): void {
    const state = this.state;
    const index = ++state.frames;
    const prefilter = state.prefilter;
    if (prefilter !== null && itf.linkType === LINKTYPE.ETHERNET && prefilter(buf, dataPos, dataPos + capLen, ts)) return;
    const frame = state.frame;
    frame.index = index;
    frame.tsMicros = ts;
    frame.capLen = capLen;
    frame.wireLen = wireLen;
    frame.linkType = itf.linkType;
    frame.iface = itf.number;
    frame.buf = buf;
    frame.offset = dataPos;
    state.sink(frame);
  }

  private interfaceFor(id: number, offset: number): Interface | undefined {
    const itf = this.interfaces[id];
    if (itf === undefined) {
      const declared = this.interfaces.length;
      this.corrupt(
        offset,
        `frame refers to interface ${id} but section ${this.section} declares ${declared} interface(s)`,
        this.state.frames + 1,
      );
    }
    return itf;
  }

  private corrupt(offset: number, why: string, frame?: number): void {
    const state = this.state;
    state.stop({
      code: 'corrupt-block',
      offset,
      ...(frame === undefined ? {} : { frame }),
      message: `pcapng block at byte offset ${offset} is corrupt (${why}); stopped reading, ${state.framesReadText()}`,
    });
  }
}
