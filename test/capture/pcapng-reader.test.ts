import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/open-capture.js';
import { CaptureFormatError } from '../../src/errors.js';
import {
  PcapngBuilder,
  collectingSink,
  frameBytes,
  suiteTempDir,
  referenceMicros,
  sampleFrames,
  writePcapng,
} from '../helpers/capture-files.js';

const tmp = suiteTempDir();

let fileCount = 0;
async function read(bytes: Uint8Array) {
  const path = await tmp.write(`f${++fileCount}.pcapng`, bytes);
  const { frames, sink } = collectingSink();
  const summary = await readCapture({ kind: 'file', path }, sink);
  return { frames, summary };
}

const T0 = 1_764_098_258_000_000n;

describe('pcapng reader', () => {
  it('reads what capture-writer writes (one little-endian section, two interfaces, µs and ns)', async () => {
    const written = sampleFrames(10, { seed: 9 }).map((f, i) => ({ ...f, iface: i % 2 }));
    const bytes = writePcapng(written, [{ linkType: 1 }, { linkType: 113, tsresol: 9 }]);
    const { frames, summary } = await read(bytes);
    expect(frames.map((f) => [f.index, f.tsMicros, f.iface, f.linkType, f.capLen])).toEqual(
      written.map((w, i) => [i + 1, w.tsMicros, i % 2, i % 2 === 0 ? 1 : 113, w.data.length]),
    );
    frames.forEach((f, i) => expect(Buffer.compare(f.data, Buffer.from(written[i]?.data ?? []))).toBe(0));
    expect(summary).toMatchObject({ format: 'pcapng', linkTypes: [1, 113], frames: 10, warnings: [] });
    expect(summary.bytes).toBe(bytes.length);
  });

  for (const bigEndian of [false, true]) {
    it(`reads a ${bigEndian ? 'big' : 'little'}-endian section with EPB, OPB and SPB`, async () => {
      const b = new PcapngBuilder()
        .section({ bigEndian })
        .interface({ linkType: 1, snaplen: 64 })
        .enhanced({ ticks: T0 + 1n, data: frameBytes(1, 60), wireLen: 60 })
        .obsolete({ ticks: T0 + 2n, data: frameBytes(2, 42), wireLen: 100 })
        .simple(frameBytes(3, 64), 1514);
      const { frames, summary } = await read(b.bytes());
      expect(frames.map((f) => [f.index, f.tsMicros, f.capLen, f.wireLen, f.iface, f.data[0]])).toEqual([
        [1, Number(T0) + 1, 60, 60, 0, 1],
        [2, Number(T0) + 2, 42, 100, 0, 2],
        // SPB: no timestamp of its own (previous frame's), captured part limited by the interface snaplen.
        [3, Number(T0) + 2, 64, 1514, 0, 3],
      ]);
      expect(summary.firstTsMicros).toBe(Number(T0) + 1);
      expect(summary.lastTsMicros).toBe(Number(T0) + 2);
    });
  }

  it('gives a simple packet block before any timestamp the time 0, and its captured length from the block', async () => {
    const b = new PcapngBuilder().section().interface({ linkType: 1, snaplen: 0 }).simple(frameBytes(1, 50), 50);
    const { frames, summary } = await read(b.bytes());
    expect(frames[0]).toMatchObject({ tsMicros: 0, capLen: 50, wireLen: 50 });
    expect(summary.firstTsMicros).toBeNull();
  });

  it('converts if_tsresol 10^-9 and 2^-n ticks and applies if_tsoffset', async () => {
    const nsTicks = 1_764_098_258_123_456_789n;
    const binTicks = 1_764_098_258n * 2n ** 24n + 12_345n;
    const b = new PcapngBuilder()
      .section()
      .interface({ linkType: 1, tsresol: 9 })
      .interface({ linkType: 1, tsresol: 0x80 | 24 })
      .interface({ linkType: 1, tsoffset: 1_700_000_000n })
      .enhanced({ iface: 0, ticks: nsTicks, data: frameBytes(1, 20) })
      .enhanced({ iface: 1, ticks: binTicks, data: frameBytes(2, 20) })
      .enhanced({ iface: 2, ticks: 42n, data: frameBytes(3, 20) });
    const { frames } = await read(b.bytes());
    expect(frames.map((f) => f.tsMicros)).toEqual([
      1_764_098_258_123_456,
      referenceMicros(binTicks, 0x80 | 24),
      1_700_000_000_000_042,
    ]);
  });

  it('reads several sections with different byte orders; interface ids restart per section', async () => {
    const b = new PcapngBuilder()
      .section({ bigEndian: false })
      .interface({ linkType: 1 })
      .interface({ linkType: 0 })
      .enhanced({ iface: 1, ticks: T0 + 10n, data: frameBytes(1, 30) })
      .section({ bigEndian: true })
      .interface({ linkType: 113, tsresol: 9 })
      .enhanced({ iface: 0, ticks: (T0 + 20n) * 1000n, data: frameBytes(2, 31) })
      .section({ bigEndian: false })
      .interface({ linkType: 276 })
      .enhanced({ iface: 0, ticks: T0 + 30n, data: frameBytes(3, 32) });
    const { frames, summary } = await read(b.bytes());
    expect(frames.map((f) => [f.index, f.linkType, f.iface, f.tsMicros, f.capLen])).toEqual([
      [1, 0, 1, Number(T0) + 10, 30],
      // Interface 0 of section 2 is the third interface of the file.
      [2, 113, 2, Number(T0) + 20, 31],
      [3, 276, 3, Number(T0) + 30, 32],
    ]);
    expect(summary.linkTypes).toEqual([1, 0, 113, 276]);
    expect(summary.warnings).toEqual([]);
  });

  it('skips unknown and statistics blocks; numbers custom blocks as Wireshark does without delivering them', async () => {
    const b = new PcapngBuilder()
      .section()
      .interface({ linkType: 1 })
      .block(0x12345678, frameBytes(0, 13))
      .enhanced({ ticks: T0, data: frameBytes(1, 20) })
      .custom(frameBytes(0, 24))
      .statistics()
      .custom(frameBytes(0, 8), false)
      .enhanced({ ticks: T0 + 1n, data: frameBytes(4, 20) });
    const { frames, summary } = await read(b.bytes());
    expect(frames.map((f) => [f.index, f.data[0]])).toEqual([
      [1, 1],
      [4, 4],
    ]);
    expect(summary.frames).toBe(4);
    expect(summary.warnings).toEqual([
      {
        code: 'pcapng-custom-blocks',
        count: 2,
        message: '2 pcapng custom block(s) took a frame number, as Wireshark numbers them, but hold no packet and were skipped',
      },
    ]);
  });

  for (const bigEndian of [false, true]) {
    it(`hands interface statistics blocks (drop counts) to onStatistics, ${bigEndian ? 'big' : 'little'}-endian`, async () => {
      const b = new PcapngBuilder()
        .section({ bigEndian })
        .interface({ linkType: 1 })
        .interface({ linkType: 1, tsresol: 9 })
        .enhanced({ ticks: T0, data: frameBytes(1, 20) })
        .statistics(1, { 4: 5_000_000_123n, 5: 7n, 7: 2n }, T0 * 1000n)
        .statistics(0, { 5: 0n }, T0)
        .statistics(0, {}, T0);
      const path = await tmp.write(`isb-${bigEndian}.pcapng`, b.bytes());
      const stats: unknown[] = [];
      const { sink } = collectingSink();
      const summary = await readCapture({ kind: 'file', path }, sink, { onStatistics: (s) => stats.push(s) });
      expect(stats).toEqual([
        { iface: 1, tsMicros: Number(T0), received: 5_000_000_123, interfaceDrops: 7, osDrops: 2 },
        { iface: 0, tsMicros: Number(T0), received: null, interfaceDrops: 0, osDrops: null },
        { iface: 0, tsMicros: Number(T0), received: null, interfaceDrops: null, osDrops: null },
      ]);
      expect(summary.frames).toBe(1);
      expect(summary.warnings).toEqual([]);
    });
  }

  it('skips an interface statistics block naming an unknown interface, with a warning, and reads on', async () => {
    const b = new PcapngBuilder()
      .section()
      .interface({ linkType: 1 })
      .statistics(3, { 5: 1n })
      .enhanced({ ticks: T0, data: frameBytes(1, 20) });
    const path = await tmp.write('isb-bad.pcapng', b.bytes());
    const stats: unknown[] = [];
    const { frames, sink } = collectingSink();
    const summary = await readCapture({ kind: 'file', path }, sink, { onStatistics: (s) => stats.push(s) });
    expect(stats).toEqual([]);
    expect(frames).toHaveLength(1);
    expect(summary.warnings.map((w) => w.code)).toEqual(['bad-statistics-block']);
  });

  it('warns once per interface with an unsupported link type and still delivers its frames', async () => {
    const b = new PcapngBuilder()
      .section()
      .interface({ linkType: 127 })
      .interface({ linkType: 1 })
      .enhanced({ iface: 0, ticks: T0, data: frameBytes(1, 20) })
      .enhanced({ iface: 0, ticks: T0, data: frameBytes(2, 20) })
      .enhanced({ iface: 1, ticks: T0, data: frameBytes(3, 20) });
    const { frames, summary } = await read(b.bytes());
    expect(frames.map((f) => f.linkType)).toEqual([127, 127, 1]);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatchObject({ code: 'unsupported-link-type', offset: new PcapngBuilder().section().length });
    expect(summary.warnings[0]?.message).toMatch(/interface 0 of section 1 has link type 127 \(IEEE 802.11 radiotap\)/);
  });

  describe('corrupt blocks: warning, frames before it kept, reading stops', () => {
    const start = () =>
      new PcapngBuilder()
        .section()
        .interface({ linkType: 1 })
        .enhanced({ ticks: T0, data: frameBytes(1, 20) });

    async function expectStop(b: PcapngBuilder, badOffset: number, pattern: RegExp) {
      b.enhanced({ ticks: T0, data: frameBytes(9, 20) });
      const { frames, summary } = await read(b.bytes());
      expect(frames.map((f) => f.index)).toEqual([1]);
      expect(summary.warnings).toHaveLength(1);
      expect(summary.warnings[0]).toMatchObject({ code: 'corrupt-block', offset: badOffset });
      expect(summary.warnings[0]?.message).toMatch(pattern);
      expect(summary.warnings[0]?.message).toMatch(/stopped reading, frames 1\.\.1 were read$/);
    }

    const header = (type: number, length: number) => {
      const h = Buffer.alloc(8);
      h.writeUInt32LE(type, 0);
      h.writeUInt32LE(length, 4);
      return h;
    };

    it('length not a multiple of 4', async () => {
      const b = start();
      const at = b.length;
      await expectStop(b.raw(header(6, 50)).raw(Buffer.alloc(42)), at, /block length 50 is invalid/);
    });

    it('length below 12', async () => {
      const b = start();
      const at = b.length;
      await expectStop(b.raw(header(6, 8)).raw(Buffer.alloc(4)), at, /block length 8 is invalid/);
    });

    it('length above 16 MiB (never buffered)', async () => {
      const b = start();
      const at = b.length;
      await expectStop(b.raw(header(6, 0x40000000)).raw(Buffer.alloc(64)), at, /larger than 16777216/);
    });

    it('trailing length differs', async () => {
      const b = start();
      const at = b.length;
      const block = new PcapngBuilder().enhanced({ ticks: T0, data: frameBytes(2, 20) }).bytes();
      block.writeUInt32LE(block.length + 4, block.length - 4);
      await expectStop(b.raw(block), at, /leading and trailing lengths differ/);
    });

    it('packet on an undeclared interface', async () => {
      const b = start();
      const at = b.length;
      await expectStop(b.enhanced({ iface: 3, ticks: T0, data: frameBytes(2, 20) }), at, /interface 3 but section 1 declares 1/);
    });

    it('captured length overrunning its block', async () => {
      const b = start();
      const at = b.length;
      const block = new PcapngBuilder().enhanced({ ticks: T0, data: frameBytes(2, 20) }).bytes();
      block.writeUInt32LE(200, 20);
      await expectStop(b.raw(block), at, /captured length 200 overruns/);
    });

    it('interface option overrunning its block', async () => {
      const b = start();
      const at = b.length;
      const idb = new PcapngBuilder().interface({ linkType: 1 }).bytes();
      idb.writeUInt16LE(0x3030, 18);
      await expectStop(b.raw(idb), at, /option \(code 2\) of 12336 bytes that overruns the block/);
    });
  });

  it('stops at a later section of an unknown major version', async () => {
    const b = new PcapngBuilder()
      .section()
      .interface({ linkType: 1 })
      .enhanced({ ticks: T0, data: frameBytes(1, 20) });
    const at = b.length;
    b.section({ major: 2 }).interface({ linkType: 1 }).enhanced({ ticks: T0, data: frameBytes(2, 20) });
    const { frames, summary } = await read(b.bytes());
    expect(frames).toHaveLength(1);
    expect(summary.warnings).toMatchObject([{ code: 'unsupported-section', offset: at }]);
    expect(summary.warnings[0]?.message).toMatch(/pcapng version 2\.0/);
  });

  it('rejects a file whose first section has an unknown major version', async () => {
    const path = await tmp.write('v2.pcapng', new PcapngBuilder().section({ major: 2 }).bytes());
    await expect(readCapture({ kind: 'file', path }, () => undefined)).rejects.toThrow(CaptureFormatError);
  });

  it('rejects a pcapng magic followed by a bad byte-order magic', async () => {
    const bytes = new PcapngBuilder().section().bytes();
    bytes.writeUInt32LE(0x01020304, 8);
    const path = await tmp.write('bom.pcapng', bytes);
    await expect(readCapture({ kind: 'file', path }, () => undefined)).rejects.toThrow(/byte-order magic is 0x04030201/);
  });

  it('warns on a file cut inside a packet block and inside another block', async () => {
    const b = new PcapngBuilder().section().interface({ linkType: 1 }).enhanced({ ticks: T0, data: frameBytes(1, 20) });
    const packetAt = b.length;
    b.enhanced({ ticks: T0, data: frameBytes(2, 40) });
    const whole = b.bytes();
    const cutPacket = await read(whole.subarray(0, packetAt + 30));
    expect(cutPacket.frames).toHaveLength(1);
    expect(cutPacket.summary.warnings).toEqual([
      {
        code: 'truncated-record',
        frame: 2,
        offset: packetAt,
        message: `capture ends in the middle of frame 2 at byte offset ${packetAt} (file cut?); frames 1..1 were read`,
      },
    ]);
    const idbAt = new PcapngBuilder().section().length;
    const cutIdb = await read(whole.subarray(0, idbAt + 10));
    expect(cutIdb.summary.warnings).toMatchObject([{ code: 'truncated-record', offset: idbAt }]);
    expect(cutIdb.summary.warnings[0]?.message).toMatch(/middle of a pcapng block at byte offset/);
  });

  it('rejects a file cut inside its first section header', async () => {
    const path = await tmp.write('cut-shb.pcapng', new PcapngBuilder().section().bytes().subarray(0, 20));
    await expect(readCapture({ kind: 'file', path }, () => undefined)).rejects.toThrow(/pcapng section header/);
  });

  it('stops at a packet block whose captured length exceeds the 262144-byte maximum', async () => {
    const b = new PcapngBuilder().section().interface({ linkType: 1 }).enhanced({ ticks: T0, data: frameBytes(1, 20) });
    b.enhanced({ ticks: T0, data: new Uint8Array(262_148) });
    const { frames, summary } = await read(b.bytes());
    expect(frames).toHaveLength(1);
    expect(summary.warnings).toMatchObject([{ code: 'oversized-record', frame: 2 }]);
  });
});
