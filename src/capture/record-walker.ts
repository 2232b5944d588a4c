/**
 * The contract between the push parser (capture-parser.ts) and a format reader. The input is a sequence of "units"
 * (the pcap file header, pcap records, pcapng blocks) whose total length can be read from a short header. The
 * parser hands the reader whole chunks to walk in place, and assembles only a unit that straddles two chunks.
 */
export interface RecordWalker {
  readonly format: 'pcap' | 'pcapng';
  /** True once the file header (pcap header, first pcapng section header) has been read. */
  readonly headerRead: boolean;
  /** Bytes needed at the start of the next unit before `unitLength` can answer. */
  headerBytes(): number;
  /**
   * Total length of the unit starting at `pos` (its first `headerBytes()` are present), after checking it against the
   * size limits. Returns -1 after recording a stop when the length is corrupt. `offset` is `pos` in the input.
   */
  unitLength(view: DataView, pos: number, offset: number): number;
  /**
   * Read every complete unit in `[pos, end)`, delivering frames synchronously; `base` is the input offset of
   * `buf[0]`. Returns where the first incomplete unit starts (or any position once the state is stopped).
   */
  walk(buf: Uint8Array, view: DataView, pos: number, end: number, base: number): number;
  /** Whether an incomplete unit (its first `length` bytes in `view`) is a frame, for the truncation warning. */
  unitIsFrame(view: DataView, length: number): boolean;
  /** Warnings that summarise the whole read (added once, at the end). */
  finalWarnings(): void;
}
