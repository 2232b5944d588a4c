/**
 * One capture record as a reader hands it to its sink.
 *
 * Ownership (the gopacket ZeroCopy contract): `buf` is owned by the reader and is valid only during the sink call;
 * the next record may overwrite it. The object itself is reused too. Copy what you keep (decoders copy scalars and
 * format strings; nothing retains `buf`).
 */
export interface RawFrame {
  /** 1-based record number, exactly as Wireshark's `frame.number` (pcapng: packet blocks only). */
  index: number;
  /** Capture timestamp, microseconds since the epoch (exact in a double). */
  tsMicros: number;
  /** Bytes present in `buf` from `offset`. */
  capLen: number;
  /** Original length on the wire. */
  wireLen: number;
  /** DLT / LINKTYPE number of the interface the frame came from. */
  linkType: number;
  /** pcapng interface id, else 0. */
  iface: number;
  buf: Uint8Array;
  offset: number;
}

export type FrameSink = (frame: RawFrame) => void;

/**
 * A consumer's quick test of an Ethernet frame's bytes (`buf[start..end)`, the whole captured frame), run by the
 * record walker before anything else: true means the consumer does not want the frame, which is then counted (it
 * keeps its number, and its time counts for the summary) but never handed to the sink, so that the bulk of a capture
 * costs no RawFrame update and no call into the sink. `tsMicros` is the frame's time, for a consumer that keeps a
 * clock. Frames of other link types always go to the sink.
 */
export type FramePrefilter = (buf: Uint8Array, start: number, end: number, tsMicros: number) => boolean;

/**
 * A pcapng interface statistics block (ISB): the capture program's counters for one interface, e.g. dumpcap's
 * libpcap drop count when it stops. Counters are cumulative since the capture started; null when the block omits one.
 */
export interface InterfaceStatistics {
  /** File-wide interface number, as `RawFrame.iface`. */
  iface: number;
  /** When the counters were read, microseconds since the epoch. */
  tsMicros: number;
  /** isb_ifrecv: packets the interface received (before the filter). */
  received: number | null;
  /** isb_ifdrop: packets dropped for lack of resources (libpcap's ps_drop as dumpcap writes it). */
  interfaceDrops: number | null;
  /** isb_osdrop: packets the operating system dropped. */
  osDrops: number | null;
}

export type StatisticsSink = (statistics: InterfaceStatistics) => void;

/** A capture-level problem (file cut mid-record, oversized record, ...): never a finding, reported in input.warnings. */
export interface CaptureWarning {
  code: string;
  message: string;
  frame?: number;
  offset?: number;
  count?: number;
}

export interface CaptureSummary {
  format: 'pcap' | 'pcapng';
  /** `gzip` when the file was gzip-compressed. */
  compression: 'none' | 'gzip';
  linkTypes: number[];
  frames: number;
  firstTsMicros: number | null;
  lastTsMicros: number | null;
  warnings: CaptureWarning[];
  /** Bytes consumed from the (decompressed) input. */
  bytes: number;
  /** True when a problem ended the reading before the input did (corrupt or oversized unit, cut file, damaged gzip). */
  endedEarly: boolean;
  /** Present (true) when the caller stopped reading early on purpose (AbortSignal): the counts cover what was read. */
  aborted?: boolean;
}
