/** Recognising a capture by its first bytes, and describing what a non-capture looks like. */

export type SniffedFormat =
  | { kind: 'pcap'; littleEndian: boolean; nanosecond: boolean }
  | { kind: 'pcapng' }
  | { kind: 'gzip' }
  | { kind: 'unknown' };

/** Bytes needed to recognise every format. */
export const SNIFF_BYTES = 4;

export function isGzipMagic(b0: number | undefined, b1: number | undefined): boolean {
  return b0 === 0x1f && b1 === 0x8b;
}

export function sniffFormat(head: Uint8Array): SniffedFormat {
  if (isGzipMagic(head[0], head[1])) return { kind: 'gzip' };
  if (head.length < SNIFF_BYTES) return { kind: 'unknown' };
  const view = new DataView(head.buffer, head.byteOffset, SNIFF_BYTES);
  const be = view.getUint32(0, false);
  if (be === 0x0a0d0d0a) return { kind: 'pcapng' };
  const le = view.getUint32(0, true);
  if (le === 0xa1b2c3d4) return { kind: 'pcap', littleEndian: true, nanosecond: false };
  if (le === 0xa1b23c4d) return { kind: 'pcap', littleEndian: true, nanosecond: true };
  if (be === 0xa1b2c3d4) return { kind: 'pcap', littleEndian: false, nanosecond: false };
  if (be === 0xa1b23c4d) return { kind: 'pcap', littleEndian: false, nanosecond: true };
  return { kind: 'unknown' };
}

const SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; what: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2 file: decompress it with bunzip2' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: 'an xz file: decompress it with unxz' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd file: decompress it with unzstd' },
  { bytes: [0x1f, 0x9d], what: 'a compress(1) file: decompress it with uncompress' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0xa1, 0xb2, 0xcd, 0x34], what: 'a "modified" (Kuznetsov) pcap: convert it with editcap -F pcap' },
  { bytes: [0x34, 0xcd, 0xb2, 0xa1], what: 'a "modified" (Kuznetsov) pcap: convert it with editcap -F pcap' },
  { bytes: [0x72, 0x74, 0x70], what: 'an rtpdump file' },
  { bytes: [0x58, 0x43, 0x50, 0x00], what: 'a NetXray/Sniffer capture: convert it with editcap -F pcap' },
];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

function looksLikeText(head: Uint8Array): boolean {
  return head.length > 0 && head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
}

/** e.g. `starts with 'PK..' (50 4b 03 04), a zip archive?` */
export function describeFirstBytes(head: Uint8Array): string {
  const shown = head.subarray(0, 8);
  const text = Array.from(shown, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  const hex = Array.from(shown, (b) => b.toString(16).padStart(2, '0')).join(' ');
  const known = SIGNATURES.find((s) => startsWith(head, s.bytes));
  let guess = '';
  if (known) guess = `, ${known.what}?`;
  else if (head[0] === 0x3c) guess = ', an HTML or XML document?';
  else if (head[0] === 0x7b || head[0] === 0x5b) guess = ', a JSON document?';
  else if (looksLikeText(shown)) guess = ', a text file (a tcpdump or tshark text dump?)';
  return `starts with '${text}' (${hex})${guess}`;
}
