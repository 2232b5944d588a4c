import { describe, expect, it } from 'vitest';
import { describeFirstBytes, sniffFormat } from '../../src/capture/sniff.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('sniffFormat', () => {
  it.each([
    [bytes(0xd4, 0xc3, 0xb2, 0xa1), { kind: 'pcap', littleEndian: true, nanosecond: false }],
    [bytes(0x4d, 0x3c, 0xb2, 0xa1), { kind: 'pcap', littleEndian: true, nanosecond: true }],
    [bytes(0xa1, 0xb2, 0xc3, 0xd4), { kind: 'pcap', littleEndian: false, nanosecond: false }],
    [bytes(0xa1, 0xb2, 0x3c, 0x4d), { kind: 'pcap', littleEndian: false, nanosecond: true }],
    [bytes(0x0a, 0x0d, 0x0d, 0x0a), { kind: 'pcapng' }],
    [bytes(0x1f, 0x8b, 0x08, 0x00), { kind: 'gzip' }],
    [bytes(0x1f, 0x8b), { kind: 'gzip' }],
    [bytes(0x0a, 0x0d, 0x0d), { kind: 'unknown' }],
    [bytes(0x50, 0x4b, 0x03, 0x04), { kind: 'unknown' }],
  ])('%#', (head, expected) => {
    expect(sniffFormat(head)).toEqual(expected);
  });
});

describe('describeFirstBytes', () => {
  it('shows the first bytes as text and hex, with a guess', () => {
    expect(describeFirstBytes(bytes(0x50, 0x4b, 0x03, 0x04))).toBe("starts with 'PK..' (50 4b 03 04), a zip archive?");
    expect(describeFirstBytes(bytes(0x28, 0xb5, 0x2f, 0xfd, 1))).toMatch(/a zstd file: decompress it with unzstd\?$/);
    expect(describeFirstBytes(new TextEncoder().encode('{"frame": 1}'))).toMatch(/^starts with '\{"frame"' .*a JSON document\?$/);
    expect(describeFirstBytes(bytes(0xde, 0xad))).toBe("starts with '..' (de ad)");
  });
});
