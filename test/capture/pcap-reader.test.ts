import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/open-capture.js';
import { CaptureFormatError } from '../../src/errors.js';
import {
  collectingSink,
  frameBytes,
  suiteTempDir,
  pcapFileHeader,
  pcapRecord,
  sampleFrames,
  writePcap,
} from '../helpers/capture-files.js';

const tmp = suiteTempDir();

async function read(name: string, bytes: Uint8Array) {
  const path = await tmp.write(name, bytes);
  const { frames, sink } = collectingSink();
  const summary = await readCapture({ kind: 'file', path }, sink);
  return { frames, summary, path };
}

describe('classic pcap reader', () => {
  const written = sampleFrames(25, { seed: 3 });

  for (const bigEndian of [false, true]) {
    for (const nanosecond of [false, true]) {
      it(`reads ${bigEndian ? 'big' : 'little'}-endian ${nanosecond ? 'nanosecond' : 'microsecond'} files`, async () => {
        const bytes = writePcap(written, { linkType: 1, bigEndian, nanosecond });
        const { frames, summary } = await read(`v-${bigEndian}-${nanosecond}.pcap`, bytes);
        expect(frames).toHaveLength(written.length);
        frames.forEach((f, i) => {
          const w = written[i];
          expect(w).toBeDefined();
          expect(f.index).toBe(i + 1);
          expect(f.tsMicros).toBe(w?.tsMicros);
          expect(f.capLen).toBe(w?.data.length);
          expect(f.wireLen).toBe(w?.data.length);
          expect(f.linkType).toBe(1);
          expect(f.iface).toBe(0);
          expect(Buffer.compare(f.data, Buffer.from(w?.data ?? []))).toBe(0);
        });
        expect(summary).toEqual({
          format: 'pcap',
          compression: 'none',
          linkTypes: [1],
          frames: written.length,
          firstTsMicros: written[0]?.tsMicros,
          lastTsMicros: written[written.length - 1]?.tsMicros,
          warnings: [],
          bytes: bytes.length,
          endedEarly: false,
        });
      });
    }
  }

  it('truncates sub-microsecond digits of nanosecond files', async () => {
    const header = pcapFileHeader({ linkType: 1, nanosecond: true });
    const record = pcapRecord({ tsMicros: 0, data: frameBytes(1, 20) }, { nanosecond: true });
    record.writeUInt32LE(1_418_145_369, 0);
    record.writeUInt32LE(924_505_488, 4);
    const { frames } = await read('nano-digits.pcap', Buffer.concat([header, record]));
    expect(frames[0]?.tsMicros).toBe(1_418_145_369_924_505);
  });

  it('keeps the wire length apart from the captured length', async () => {
    const bytes = writePcap([{ tsMicros: 5, data: frameBytes(1, 60), wireLen: 1514 }], { linkType: 1 });
    const { frames } = await read('snapped.pcap', bytes);
    expect(frames[0]).toMatchObject({ capLen: 60, wireLen: 1514 });
  });

  it('accepts records longer than a small snaplen, as tshark and tcpdump do', async () => {
    const bytes = writePcap(sampleFrames(3, { minLength: 64, maxLength: 64 }), { linkType: 1, snaplen: 37 });
    const { frames, summary } = await read('small-snaplen.pcap', bytes);
    expect(frames).toHaveLength(3);
    expect(summary.warnings).toEqual([]);
  });

  it('treats snaplen 0 as no limit', async () => {
    const bytes = writePcap(sampleFrames(2, { minLength: 1500, maxLength: 1500 }), { linkType: 1, snaplen: 0 });
    const { frames } = await read('snaplen0.pcap', bytes);
    expect(frames.map((f) => f.capLen)).toEqual([1500, 1500]);
  });

  it('reads every supported link type and ignores the FCS bits of the link-type field', async () => {
    for (const linkType of [0, 1, 12, 14, 101, 113, 228, 229, 276]) {
      const bytes = writePcap(sampleFrames(1), { linkType });
      const { frames, summary } = await read(`lt-${linkType}.pcap`, bytes);
      expect(summary.linkTypes).toEqual([linkType]);
      expect(frames[0]?.linkType).toBe(linkType);
    }
    const withFcs = writePcap(sampleFrames(1), { linkType: 1 });
    withFcs.writeUInt32LE((1 | 0x10000000 | (4 << 26)) >>> 0, 20);
    expect((await read('fcs.pcap', withFcs)).summary.linkTypes).toEqual([1]);
  });

  it('rejects an unsupported link type, naming its number', async () => {
    const path = await tmp.write('frelay.pcap', writePcap(sampleFrames(2), { linkType: 107 }));
    const attempt = readCapture({ kind: 'file', path }, () => undefined);
    await expect(attempt).rejects.toBeInstanceOf(CaptureFormatError);
    await expect(attempt).rejects.toThrow(/link type 107 \(Frame Relay\).*supported: 0 \(BSD loopback\), 1 \(Ethernet\)/);
  });

  it('delivers every complete frame of a file cut inside record data, then warns with frame number and offset', async () => {
    const frames = sampleFrames(5, { minLength: 100, maxLength: 100 });
    const whole = writePcap(frames, { linkType: 1 });
    // Records are 116 bytes: frame 5 starts at 24 + 4 * 116 = 488; cut 50 bytes into it.
    const cut = whole.subarray(0, 488 + 50);
    const { frames: read5, summary } = await read('cut-data.pcap', cut);
    expect(read5.map((f) => f.index)).toEqual([1, 2, 3, 4]);
    expect(summary.frames).toBe(4);
    expect(summary.warnings).toEqual([
      {
        code: 'truncated-record',
        frame: 5,
        offset: 488,
        message: 'capture ends in the middle of frame 5 at byte offset 488 (file cut?); frames 1..4 were read',
      },
    ]);
    expect(summary.endedEarly).toBe(true);
  });

  it('warns the same way when the file is cut inside a record header', async () => {
    const whole = writePcap(sampleFrames(3, { minLength: 100, maxLength: 100 }), { linkType: 1 });
    const { frames, summary } = await read('cut-header.pcap', whole.subarray(0, 24 + 2 * 116 + 7));
    expect(frames).toHaveLength(2);
    expect(summary.warnings).toMatchObject([{ code: 'truncated-record', frame: 3, offset: 256 }]);
  });

  it('says so when the first record is already cut', async () => {
    const whole = writePcap(sampleFrames(1), { linkType: 1 });
    const { summary } = await read('cut-first.pcap', whole.subarray(0, 30));
    expect(summary.warnings[0]?.message).toBe(
      'capture ends in the middle of frame 1 at byte offset 24 (file cut?); no frames were read',
    );
  });

  it('stops at an oversized record length with a warning, keeping the frames before it', async () => {
    const good = writePcap(sampleFrames(3), { linkType: 1 });
    const bad = pcapRecord({ tsMicros: 1, data: frameBytes(9, 40) });
    bad.writeUInt32LE(0x7fff0000, 8);
    const after = Buffer.concat(sampleFrames(50).map((f) => pcapRecord(f)));
    const { frames, summary } = await read('oversized.pcap', Buffer.concat([good, bad, after]));
    expect(frames).toHaveLength(3);
    expect(summary.frames).toBe(3);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatchObject({ code: 'oversized-record', frame: 4, offset: good.length });
    expect(summary.warnings[0]?.message).toContain('claims 2147418112 captured bytes');
  });

  it('rejects a file cut inside its 24-byte header', async () => {
    const path = await tmp.write('short-header.pcap', writePcap([], { linkType: 1 }).subarray(0, 20));
    await expect(readCapture({ kind: 'file', path }, () => undefined)).rejects.toThrow(
      /ends inside its pcap file header \(24 bytes\) after 20 byte\(s\)/,
    );
  });

  it('reads a header-only file as an empty capture', async () => {
    const { frames, summary } = await read('header-only.pcap', writePcap([], { linkType: 1 }));
    expect(frames).toEqual([]);
    expect(summary).toMatchObject({ frames: 0, firstTsMicros: null, lastTsMicros: null, warnings: [] });
  });
});
