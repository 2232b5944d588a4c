/**
 * The public reference captures in ../shared/pcaps, read and compared with tshark 4.0.17's decode of each
 * (generated-tshark-4.0.17/<file>.tshark.tsv): frame count, and per frame the number, time, wire and captured length.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/open-capture.js';
import { CaptureFormatError } from '../../src/errors.js';
import { type CopiedFrame, collectingSink } from '../helpers/capture-files.js';

const PCAPS = resolve(process.cwd(), '../shared/pcaps');
const TSHARK = join(PCAPS, 'generated-tshark-4.0.17');
const available = existsSync(TSHARK);
if (!available) console.log(`skipping the shared-capture comparison: ${TSHARK} does not exist`);

/**
 * Classic pcaps whose link type vrrp-inspect rejects by design (a classic pcap has one link type, so nothing in it
 * could be decoded); tshark reads them. pcapng interfaces with such types are read with a warning instead.
 */
const REJECTED: Record<string, RegExp> = {
  'tcpdump_icmp-icmp_print-oobr-2.pcap': /link type 107 \(Frame Relay\)/,
  'tcpdump_vrrp-vrrp_print-oobr.pcap': /link type 107 \(Frame Relay\)/,
};

interface TsharkRow {
  number: number;
  /** Microseconds (sub-µs digits truncated), or null when tshark shows no time (pcapng simple packet blocks). */
  micros: number | null;
  len: number;
  capLen: number;
}

function parseTsv(text: string): { rows: TsharkRow[]; tsharkError: boolean } {
  const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string) => header.indexOf(name);
  const [cNumber, cTime, cLen, cCapLen] = [col('frame.number'), col('frame.time_epoch'), col('frame.len'), col('frame.cap_len')];
  const rows: TsharkRow[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split('\t');
    if (!/^\d+$/.test(f[cNumber] ?? '')) continue;
    const time = f[cTime] ?? '';
    const [sec = '0', frac = ''] = time.split('.');
    rows.push({
      number: Number(f[cNumber]),
      micros: time === '' ? null : Number(sec) * 1e6 + Number(frac.padEnd(6, '0').slice(0, 6)),
      len: Number(f[cLen]),
      capLen: Number(f[cCapLen]),
    });
  }
  return { rows, tsharkError: lines.some((l) => l.startsWith('tshark:')) };
}

const captures = available
  ? readdirSync(PCAPS).filter((f) => /\.(pcap|pcapng)$/.test(f) && existsSync(join(TSHARK, `${f}.tshark.tsv`)))
  : [];

describe.skipIf(!available)('shared reference captures against tshark 4.0.17', () => {
  it('finds the corpus', () => {
    expect(captures.length).toBeGreaterThanOrEqual(35);
  });

  it.each(captures)('%s', async (file) => {
    const path = join(PCAPS, file);
    const rejected = REJECTED[file];
    if (rejected) {
      const attempt = readCapture({ kind: 'file', path }, () => undefined);
      await expect(attempt).rejects.toBeInstanceOf(CaptureFormatError);
      await expect(attempt).rejects.toThrow(rejected);
      return;
    }
    const { rows, tsharkError } = parseTsv(readFileSync(join(TSHARK, `${file}.tshark.tsv`), 'utf8'));
    const { frames, sink } = collectingSink();
    const summary = await readCapture({ kind: 'file', path }, sink);

    expect(summary.frames).toBe(rows.length);
    const byNumber = new Map(rows.map((r) => [r.number, r]));
    for (const frame of frames) {
      const row = byNumber.get(frame.index);
      expect(row, `frame ${frame.index}`).toBeDefined();
      const seen: Partial<TsharkRow> = { len: frame.wireLen, capLen: frame.capLen };
      expect(seen, `frame ${frame.index}`).toEqual({ len: row?.len, capLen: row?.capLen });
      if (row?.micros !== null) expect(frame.tsMicros, `frame ${frame.index} time`).toBe(row?.micros);
    }
    // Records tshark numbers that are not packets: pcapng custom blocks, reported as such.
    const skipped = rows.length - frames.length;
    const custom = summary.warnings.find((w) => w.code === 'pcapng-custom-blocks');
    expect(skipped).toBe(custom?.count ?? 0);

    // Where tshark stopped with an error, we stop with a warning; elsewhere no problem is reported.
    const stops = summary.warnings.filter((w) => !['pcapng-custom-blocks', 'unsupported-link-type'].includes(w.code));
    expect(stops.length > 0).toBe(tsharkError);
    expect(stops.length).toBeLessThanOrEqual(1);
  });

  it('reads libpcap_shb-option-too-long.pcapng as corrupt: no frames, one warning (tshark: damaged or corrupt)', async () => {
    const { frames, sink } = collectingSink();
    const summary = await readCapture({ kind: 'file', path: join(PCAPS, 'libpcap_shb-option-too-long.pcapng') }, sink);
    expect(frames).toEqual([] as CopiedFrame[]);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatchObject({ code: 'corrupt-block', offset: 0 });
    expect(summary.warnings[0]?.message).toMatch(/^pcapng block at byte offset 0 is corrupt \(.+\); stopped reading, no frames were read$/);
  });

  it('stops gopacket_le_test901.pcapng at its version-2 section after frame 1, as tshark does', async () => {
    const { frames, sink } = collectingSink();
    const summary = await readCapture({ kind: 'file', path: join(PCAPS, 'gopacket_le_test901.pcapng') }, sink);
    expect(frames.map((f) => f.index)).toEqual([1]);
    expect(summary.warnings).toMatchObject([{ code: 'unsupported-section', offset: 0x1e0 }]);
  });

  it('numbers gopacket_le_test202.pcapng (3 sections, mixed byte orders, SPB, custom blocks) like tshark', async () => {
    const { frames, sink } = collectingSink();
    const summary = await readCapture({ kind: 'file', path: join(PCAPS, 'gopacket_le_test202.pcapng') }, sink);
    expect(frames.map((f) => [f.index, f.linkType, f.capLen, f.wireLen])).toEqual([
      [2, 1, 96, 314],
      [3, 1, 96, 342],
      [4, 0, 168, 168],
      [5, 1, 128, 314],
      [6, 1, 128, 342],
      [8, 1, 128, 314],
      [9, 1, 128, 342],
      [11, 0, 168, 168],
    ]);
    expect(summary.linkTypes).toEqual([1, 0]);
  });
});
