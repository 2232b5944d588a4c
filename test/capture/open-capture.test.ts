import { getEventListeners } from 'node:events';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/open-capture.js';
import { CaptureFormatError, InputError } from '../../src/errors.js';
import {
  PcapngBuilder,
  chunked,
  collectingSink,
  frameBytes,
  gzip,
  suiteTempDir,
  pcapRecord,
  sampleFrames,
  writePcap,
} from '../helpers/capture-files.js';

const tmp = suiteTempDir();

const pcap = writePcap(sampleFrames(40, { seed: 11, maxLength: 600 }), { linkType: 1 });
const pcapng = new PcapngBuilder()
  .section({ bigEndian: true })
  .interface({ linkType: 1, tsresol: 9 })
  .enhanced({ ticks: 1_764_098_258_123_456_789n, data: frameBytes(1, 60) })
  .enhanced({ ticks: 1_764_098_259_000_000_000n, data: frameBytes(2, 60) })
  .bytes();

async function readFile(path: string) {
  const { frames, sink } = collectingSink();
  const summary = await readCapture({ kind: 'file', path }, sink);
  return { frames, summary };
}

async function readStream(stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, name = 'stdin') {
  const { frames, sink } = collectingSink();
  const summary = await readCapture({ kind: 'stream', stream, name }, sink);
  return { frames, summary };
}

/** A promise that resolves once `count()` has been called `n` times (no sleeping in tests). */
function framesSeen(n: number): { count(): void; reached: Promise<void> } {
  let seen = 0;
  let resolve: () => void = () => undefined;
  const reached = new Promise<void>((r) => {
    resolve = r;
  });
  return {
    count() {
      if (++seen === n) resolve();
    },
    reached,
  };
}

describe('readCapture', () => {
  it('reads a file larger than one read chunk, frames straddling the 1 MiB chunk boundaries', async () => {
    const frames = sampleFrames(9000, { seed: 4, minLength: 60, maxLength: 400 });
    const bytes = writePcap(frames, { linkType: 1 });
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    const path = await tmp.write('big.pcap', bytes);
    let count = 0;
    let checksum = 0;
    const summary = await readCapture({ kind: 'file', path }, (f) => {
      count++;
      // First data byte is the frame number (mod 256), last byte follows frameBytes' pattern.
      if (f.buf[f.offset] !== (f.index & 0xff)) throw new Error(`frame ${f.index} has the wrong bytes`);
      checksum += f.buf[f.offset + f.capLen - 1] ?? 0;
    });
    const expected = frames.reduce((sum, w) => sum + (w.data[w.data.length - 1] ?? 0), 0);
    expect(count).toBe(9000);
    expect(checksum).toBe(expected);
    expect(summary).toMatchObject({ frames: 9000, bytes: bytes.length, warnings: [] });
  });

  it('reads a stream (stdin) in small chunks the same way as the file', async () => {
    const path = await tmp.write('s.pcap', pcap);
    const fromFile = await readFile(path);
    const fromStream = await readStream(Readable.from(chunked(pcap, [3, 100, 7, 1000])));
    expect(fromStream).toEqual(fromFile);
  });

  it('reads a file that is already open from where it stands, plain or gzip, and leaves it open', async () => {
    for (const [name, bytes] of [['open.pcap', pcap], ['open.pcap.gz', gzip(pcap)]] as const) {
      const path = await tmp.write(name, bytes);
      const fd = openSync(path, 'r');
      try {
        const { frames, sink } = collectingSink();
        const summary = await readCapture({ kind: 'open-file', fd, name: 'stdin' }, sink);
        expect({ frames, summary: { ...summary, source: undefined } }).toEqual({ ...(await readFile(path)), summary: { ...(await readFile(path)).summary, source: undefined } });
        // Still open: the caller closes it.
        expect(fstatSync(fd).size).toBe(bytes.length);
      } finally {
        closeSync(fd);
      }
    }
  });

  it('accepts any async iterable of byte chunks', async () => {
    async function* source() {
      yield* chunked(pcapng, [5, 50]);
    }
    const { frames, summary } = await readStream(source(), 'live');
    expect(frames.map((f) => f.tsMicros)).toEqual([1_764_098_258_123_456, 1_764_098_259_000_000]);
    expect(summary.format).toBe('pcapng');
  });

  it('delivers frames from a live stream before the stream ends', async () => {
    const live = new PassThrough();
    const seen: number[] = [];
    const firstFrame = framesSeen(1);
    const done = readCapture({ kind: 'stream', stream: live, name: 'stdin' }, (f) => {
      seen.push(f.index);
      firstFrame.count();
    });
    const bytes = writePcap(sampleFrames(2), { linkType: 1 });
    const firstEnd = 24 + 16 + bytes.readUInt32LE(24 + 8);
    live.write(bytes.subarray(0, firstEnd));
    await firstFrame.reached;
    expect(seen).toEqual([1]);
    live.end(bytes.subarray(firstEnd));
    expect((await done).frames).toBe(2);
    expect(seen).toEqual([1, 2]);
  });

  for (const [name, bytes] of [
    ['pcap', pcap],
    ['pcapng', pcapng],
  ] as const) {
    it(`decompresses gzip ${name} transparently, from a file and from a stream`, async () => {
      const plain = await readFile(await tmp.write(`plain.${name}`, bytes));
      const zipped = gzip(bytes);
      const fromFile = await readFile(await tmp.write(`z.${name}.gz`, zipped));
      expect(fromFile.frames).toEqual(plain.frames);
      expect(fromFile.summary).toEqual({ ...plain.summary, compression: 'gzip' });
      const fromStream = await readStream(Readable.from(chunked(zipped, [1, 9, 64])));
      expect(fromStream).toEqual(fromFile);
    });
  }

  it('warns when a gzip file is cut, after delivering what could be decompressed', async () => {
    const big = writePcap(sampleFrames(3000, { seed: 8 }), { linkType: 1 });
    const zipped = gzip(big);
    const { frames, summary } = await readFile(await tmp.write('cut.pcap.gz', zipped.subarray(0, zipped.length - 5000)));
    expect(frames.length).toBeGreaterThan(100);
    expect(frames.length).toBeLessThan(3000);
    expect(summary.compression).toBe('gzip');
    expect(summary.warnings[0]?.code).toBe('truncated-gzip');
    expect(summary.frames).toBe(frames.length);
  });

  it('rejects a gzip file that cannot be decompressed at all', async () => {
    const zipped = gzip(pcap);
    zipped.fill(0x55, 10, 40);
    const path = await tmp.write('bad.pcap.gz', zipped);
    await expect(readFile(path)).rejects.toThrow(/gzip-compressed but could not be decompressed/);
  });

  it('stops reading a file at an oversized record instead of buffering the rest', async () => {
    const head = writePcap(sampleFrames(2), { linkType: 1 });
    const bad = pcapRecord({ tsMicros: 1, data: frameBytes(3, 30) });
    bad.writeUInt32LE(0xffffffff, 8);
    const rest = Buffer.alloc(3 * 1024 * 1024, 0x41);
    const path = await tmp.write('oversized.pcap', Buffer.concat([head, bad, rest]));
    const { frames, summary } = await readFile(path);
    expect(frames).toHaveLength(2);
    expect(summary.warnings).toMatchObject([{ code: 'oversized-record', frame: 3, offset: head.length }]);
    expect(summary.bytes).toBe(head.length);
  });

  it('stops a gzip file at an oversized record too', async () => {
    const head = writePcap(sampleFrames(2), { linkType: 1 });
    const bad = pcapRecord({ tsMicros: 1, data: frameBytes(3, 30) });
    bad.writeUInt32LE(0xffffffff, 8);
    const rest = Buffer.from(Array.from({ length: 4 * 1024 * 1024 }, (_, i) => (i * 131) & 0xff));
    const path = await tmp.write('oversized.pcap.gz', gzip(Buffer.concat([head, bad, rest])));
    const { frames, summary } = await readFile(path);
    expect(frames).toHaveLength(2);
    expect(summary).toMatchObject({ compression: 'gzip', bytes: head.length });
    expect(summary.warnings).toMatchObject([{ code: 'oversized-record', frame: 3 }]);
  });

  it('releases a stream it stops reading', async () => {
    const head = writePcap(sampleFrames(2), { linkType: 1 });
    const bad = pcapRecord({ tsMicros: 1, data: frameBytes(3, 30) });
    bad.writeUInt32LE(0xffffffff, 8);
    const live = new PassThrough();
    live.write(Buffer.concat([head, bad]));
    const summary = await readCapture({ kind: 'stream', stream: live, name: 'stdin' }, () => undefined);
    expect(summary.warnings[0]?.code).toBe('oversized-record');
    await new Promise((resolve) => setImmediate(resolve));
    expect(live.destroyed).toBe(true);
  });

  describe('inputs that cannot be read', () => {
    it('empty file', async () => {
      const path = await tmp.write('empty.pcap', new Uint8Array(0));
      const attempt = readFile(path);
      await expect(attempt).rejects.toBeInstanceOf(CaptureFormatError);
      await expect(attempt).rejects.toThrow(`${path} is empty (0 bytes)`);
    });

    it('empty stream', async () => {
      await expect(readStream(Readable.from([]))).rejects.toThrow('stdin is empty (0 bytes)');
    });

    it('garbage file', async () => {
      const path = await tmp.write('notes.zip', Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'));
      await expect(readFile(path)).rejects.toThrow(/is not a pcap or pcapng file \(starts with 'PK\.\.\.\.\.\.' .*a zip archive\?\)/);
    });

    it('missing file', async () => {
      const attempt = readFile(join(tmp.dir, 'nope.pcap'));
      await expect(attempt).rejects.toBeInstanceOf(InputError);
      await expect(attempt).rejects.toThrow(/cannot read .*nope\.pcap: no such file/);
    });

    it('a directory', async () => {
      const dir = join(tmp.dir, 'a-directory');
      await mkdir(dir);
      const attempt = readFile(dir);
      await expect(attempt).rejects.toBeInstanceOf(InputError);
      await expect(attempt).rejects.toThrow(`cannot read ${dir}: it is a directory: give a file`);
    });

    it('permission denied', async (context) => {
      if (process.getuid?.() === 0) {
        console.log('skipping the permission-denied check: running as root, which can read a mode-000 file');
        context.skip();
      }
      const path = await tmp.write('secret.pcap', pcap, 0o000);
      const attempt = readFile(path);
      await expect(attempt).rejects.toBeInstanceOf(InputError);
      await expect(attempt).rejects.toThrow(`cannot read ${path}: permission denied: run as a user who can read it`);
    });

    it('a text-mode stream', async () => {
      const text = new PassThrough();
      text.setEncoding('utf8');
      text.end(pcap);
      await expect(readStream(text)).rejects.toThrow(/delivers text, not bytes/);
    });

    it('a stream that fails', async () => {
      const failing = new Readable({
        read() {
          this.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
        },
      });
      await expect(readStream(failing)).rejects.toThrow('cannot read stdin: input/output error on the device');
    });
  });

  describe('abort signal', () => {
    it('resolves with the frames read so far, marked aborted, when a live stream is aborted', async () => {
      const live = new PassThrough();
      const controller = new AbortController();
      const three = framesSeen(3);
      const done = readCapture({ kind: 'stream', stream: live, name: 'stdin' }, () => three.count(), {
        signal: controller.signal,
      });
      live.write(writePcap(sampleFrames(3), { linkType: 1 }));
      await three.reached;
      controller.abort();
      const summary = await done;
      expect(summary).toMatchObject({ frames: 3, aborted: true, warnings: [] });
    });

    it('ends the wait on a gzip-compressed live stream too', async () => {
      const live = new PassThrough();
      const controller = new AbortController();
      const four = framesSeen(4);
      const done = readCapture({ kind: 'stream', stream: live, name: 'stdin' }, () => four.count(), {
        signal: controller.signal,
      });
      // A gzip stream flushed after the first frames, then idle.
      const { createGzip, constants } = await import('node:zlib');
      const zip = createGzip();
      zip.pipe(live);
      zip.write(writePcap(sampleFrames(4), { linkType: 1 }));
      zip.flush(constants.Z_SYNC_FLUSH);
      await four.reached;
      controller.abort();
      expect(await done).toMatchObject({ frames: 4, compression: 'gzip', aborted: true });
    });

    it('listens for the abort once per stream, not per chunk, and stops listening when the stream is read', async () => {
      const controller = new AbortController();
      const bytes = writePcap(sampleFrames(200, { seed: 5 }), { linkType: 1 });
      const listeners: number[] = [];
      let frames = 0;
      for (const format of ['pcap', 'gzip'] as const) {
        const input = format === 'gzip' ? gzip(bytes) : bytes;
        // One frame's worth of bytes per chunk, as tcpdump -U writes to a pipe.
        const stream = Readable.from(chunked(input, [97]));
        await readCapture(
          { kind: 'stream', stream, name: 'stdin' },
          () => {
            frames += 1;
            listeners.push(getEventListeners(controller.signal, 'abort').length);
          },
          { signal: controller.signal },
        );
      }
      expect(frames).toBe(400);
      expect(new Set(listeners)).toEqual(new Set([1]));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });

    it('rejects with the abort reason when aborted before anything was read', async () => {
      const controller = new AbortController();
      controller.abort(new Error('stop now'));
      const path = await tmp.write('a.pcap', pcap);
      await expect(
        readCapture({ kind: 'file', path }, () => undefined, { signal: controller.signal }),
      ).rejects.toThrow('stop now');
    });

    it('stops a file read between chunks', async () => {
      const bytes = writePcap(sampleFrames(8000, { seed: 2, minLength: 200, maxLength: 400 }), { linkType: 1 });
      const path = await tmp.write('abort.pcap', bytes);
      const controller = new AbortController();
      let count = 0;
      const summary = await readCapture(
        { kind: 'file', path },
        () => {
          if (++count === 10) controller.abort();
        },
        { signal: controller.signal },
      );
      expect(summary.aborted).toBe(true);
      expect(summary.frames).toBe(count);
      expect(count).toBeLessThan(8000);
    });
  });
});
