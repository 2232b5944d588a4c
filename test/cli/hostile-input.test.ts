/**
 * The built CLI against inputs built to break it (issue #9): extreme timestamps, control codes in passwords,
 * directories, captures with no readable frame. Each input is built here, in code.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PcapngBuilder, suiteTempDir, writePcap } from '../helpers/capture-files.js';
import { ethernetIp, LINKTYPE, vrrpOverIpv4 } from '../helpers/frame-builder.js';
import { CLI, isOneCleanLine, runCli } from '../helpers/run-cli.js';

const tmp = suiteTempDir('vi-hostile-');
const START_MICROS = 1_764_098_258_000_000;

function advert(n: number, authData?: Uint8Array): Uint8Array {
  const vrrp = { version: 2, vrid: 51, priority: 100 + (n % 3), addresses: ['192.0.2.100'], ...(authData ? { authType: 1, authData } : {}) };
  return ethernetIp(vrrpOverIpv4({ src: '192.0.2.11', id: n, vrrp }), { src: '02:00:00:00:01:01', dst: '01:00:5e:00:00:12' });
}

/** Ten adverts a second apart, then one per extreme tick count (microsecond resolution). */
function extremeTimesPcapng(extremes: readonly bigint[]): Uint8Array {
  const b = new PcapngBuilder().section().interface({ linkType: LINKTYPE.ETHERNET });
  for (let i = 0; i < 10; i++) b.enhanced({ ticks: BigInt(START_MICROS + i * 1_000_000), data: advert(i) });
  extremes.forEach((ticks, i) => b.enhanced({ ticks, data: advert(10 + i) }));
  return b.bytes();
}

describe('timestamps at the extremes (#9 item 1)', () => {
  const extremes = [0n, 2n ** 63n, 2n ** 64n - 1n];

  it.each([
    ['decode', ['decode']],
    ['decode --format jsonl', ['decode', '--format', 'jsonl']],
    ['audit', ['audit']],
    ['audit --format json', ['audit', '--format', 'json']],
    ['live -', ['live', '-']],
    ['live --format jsonl -', ['live', '--format', 'jsonl', '-']],
  ])('%s keeps every frame and shows the time as out of range', async (_name, args) => {
    const bytes = extremeTimesPcapng(extremes);
    const path = await tmp.write('extreme-times.pcapng', bytes);
    const live = args[0] === 'live';
    const r = live ? runCli(args, { input: bytes }) : runCli([...args, path]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    if (args.includes('jsonl') && args[0] === 'decode') {
      const frames = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { frame: number; time: string; ts: number });
      expect(frames.map((f) => f.frame)).toEqual([...Array(13).keys()].map((i) => i + 1));
      expect(frames[10]?.time).toBe('1970-01-01T00:00:00.000000Z');
      expect(frames[11]?.time).toBe('out-of-range');
      expect(frames[12]?.time).toBe('out-of-range');
    } else if (args[0] === 'decode') {
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(13);
      expect(lines[11]).toMatch(/^12 out-of-range 192\.0\.2\.11 > 224\.0\.0\.18: VRRPv2/);
    } else if (args.includes('json') || args.includes('jsonl')) {
      const text = args[0] === 'audit' ? r.stdout : r.stdout.trim().split('\n').at(-1) ?? '{}';
      const last = JSON.parse(text) as { input: { frames: number }; stats: { vrrp: number } };
      expect(last.input.frames).toBe(13);
      expect(last.stats.vrrp).toBe(13);
    } else {
      expect(r.stdout).toMatch(/out-of-range/);
      expect(r.stdout).toMatch(/13 VRRP/);
    }
  });

  it('writes the HTML report', async () => {
    const path = await tmp.write('extreme-times-html.pcapng', extremeTimesPcapng(extremes));
    const html = `${tmp.dir}/report.html`;
    const r = runCli(['audit', '--html', html, path]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('terminal control codes from a capture (#9 item 5)', () => {
  it('decode --show-secrets escapes them in text output', async () => {
    const clearAndTitle = Uint8Array.of(0x1b, 0x5b, 0x32, 0x4a, 0x1b, 0x5d, 0x30, 0x3b);
    const path = await tmp.write('escape.pcap', writePcap([{ tsMicros: START_MICROS, data: advert(1, clearAndTitle) }], { linkType: LINKTYPE.ETHERNET }));
    const r = runCli(['decode', '--show-secrets', path]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('auth "\\x1b[2J\\x1b]0;"');
    expect(r.stdout.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('audit --show-secrets escapes them in the finding, C1 controls included (CSI 0x9b acts as ESC [)', async () => {
    const csiClear = Uint8Array.of(0x9b, 0x32, 0x4a, 0x1b, 0x5b, 0x48, 0x9a, 0x7f);
    const path = await tmp.write('escape-c1.pcap', writePcap([{ tsMicros: START_MICROS, data: advert(1, csiClear) }], { linkType: LINKTYPE.ETHERNET }));
    const r = runCli(['audit', '--show-secrets', path]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('the password "\\x9b2J\\x1b[H\\x9a\\x7f"');
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('no frame read at all (#9 item 8, #8 item 6)', () => {
  const header = (): Uint8Array => writePcap([], { linkType: LINKTYPE.ETHERNET });
  const oneFrame = (): Uint8Array => writePcap([{ tsMicros: START_MICROS, data: advert(1) }], { linkType: LINKTYPE.ETHERNET });

  function firstRecordClaiming(capLen: number): Uint8Array {
    const bytes = Buffer.from(oneFrame());
    bytes.writeUInt32LE(capLen, 24 + 8);
    return bytes;
  }

  /** A section header whose option runs past the end of its block (as libpcap's shb-option-too-long test file). */
  function shbOptionTooLong(): Uint8Array {
    const option = Buffer.alloc(8);
    option.writeUInt16LE(4, 0);
    option.writeUInt16LE(200, 2);
    return new PcapngBuilder().section({ rawOptions: option }).interface({ linkType: LINKTYPE.ETHERNET }).enhanced({ ticks: 1n, data: advert(1) }).bytes();
  }

  function hugePcapngBlock(): Uint8Array {
    const b = new PcapngBuilder().section().interface({ linkType: LINKTYPE.ETHERNET }).bytes();
    const block = Buffer.alloc(32);
    block.writeUInt32LE(6, 0);
    block.writeUInt32LE(0x8000_0000, 4);
    return Buffer.concat([b, block]);
  }

  it.each([
    ['cut inside its first record', () => oneFrame().subarray(0, 24 + 30)],
    ['a first record claiming 0xFFFFFFF0 bytes', () => firstRecordClaiming(0xffff_fff0)],
    ['a 2 GB pcapng block', hugePcapngBlock],
    ['a section header with an option longer than its block', shbOptionTooLong],
  ])('%s exits 2 with one line', async (_what, build) => {
    const path = await tmp.write('no-frame.pcap', build());
    for (const command of ['decode', 'audit']) {
      const r = runCli([command, path]);
      expect(r.status, `${command}: ${r.stderr}`).toBe(2);
      expect(isOneCleanLine(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/^vrrp-inspect: no frame could be read from no-frame\.pcap: /);
      expect(r.stdout).toBe('');
    }
  });

  it('a valid capture that holds no frame is not an error', async () => {
    const path = await tmp.write('empty-but-valid.pcap', header());
    expect(runCli(['audit', path]).status).toBe(0);
    expect(runCli(['decode', path])).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });
});

describe('directories (#9 item 6)', () => {
  it('decode refuses a directory of several captures instead of decoding only the first', async () => {
    mkdirSync(`${tmp.dir}/dir`);
    await tmp.write('dir/a.pcap', writePcap([{ tsMicros: START_MICROS, data: advert(1) }], { linkType: LINKTYPE.ETHERNET }));
    await tmp.write('dir/b.pcap', writePcap([{ tsMicros: START_MICROS, data: advert(2) }], { linkType: LINKTYPE.ETHERNET }));
    const r = runCli(['decode', `${tmp.dir}/dir`]);
    expect(r.status).toBe(2);
    expect(isOneCleanLine(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/decode reads one capture, and directory .*dir holds 2: name one of them \(e\.g\. .*dir\/a\.pcap\)/);
    expect(r.stdout).toBe('');
  });

  it('an unreadable directory is one clean line, not an internal error', async () => {
    if (process.getuid?.() !== 0) {
      console.log('skipped: needs root to run the tool as an unprivileged user (uid 65534) on a directory it cannot list');
      return;
    }
    mkdirSync(`${tmp.dir}/locked`);
    await tmp.write('locked/a.pcap', writePcap([], { linkType: LINKTYPE.ETHERNET }));
    chmodSync(tmp.dir, 0o755);
    chmodSync(`${tmp.dir}/locked`, 0o311);
    const r = spawnSync(process.execPath, [CLI, 'audit', `${tmp.dir}/locked`], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: '/' });
    expect(r.status).toBe(2);
    expect(isOneCleanLine(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/^vrrp-inspect: cannot list the directory .*locked: permission denied: run as a user who can read it$/m);
  });
});

describe('messages: one style, one line, a fix (#9 item 9)', () => {
  it.each([
    [['decode', '--fram', '3', 'x.pcap'], "vrrp-inspect: unknown option '--fram' (Did you mean --frame?)"],
    [['frobnicate'], "vrrp-inspect: unknown command 'frobnicate' (see vrrp-inspect --help)"],
    [['audit'], "vrrp-inspect: missing required argument 'captures' (see vrrp-inspect --help)"],
    [['audit', '--html', '/nonexistent-dir/report.html', 'fixtures/pcaps/preempt.pcap'], 'vrrp-inspect: cannot write HTML report /nonexistent-dir/report.html: its folder does not exist: create it or choose another path'],
    [['audit', '--config', '/nonexistent.json', 'fixtures/pcaps/preempt.pcap'], 'vrrp-inspect: cannot read config file /nonexistent.json: no such file or directory'],
  ])('%j', (args, line) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${line}\n`);
  });

  it('names no bare errno code and no internal function', async () => {
    const dir = tmp.dir;
    const twice = gzipSync(gzipSync(writePcap([{ tsMicros: START_MICROS, data: advert(1) }], { linkType: LINKTYPE.ETHERNET })));
    const path = await tmp.write('twice.pcap.gz', twice);
    const runs = [runCli(['audit', '--html', dir, 'fixtures/pcaps/preempt.pcap']), runCli(['audit', '--config', dir, 'fixtures/pcaps/preempt.pcap']), runCli(['audit', path])];
    for (const r of runs) {
      expect(r.status).toBe(2);
      expect(isOneCleanLine(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/^vrrp-inspect: /);
      expect(r.stderr).not.toMatch(/\bE[A-Z]{3,}\b|readCapture|internal error/);
    }
    expect(runs[2]?.stderr).toMatch(/twice\.pcap\.gz is compressed twice \(gzip inside gzip\): decompress it once/);
  });
});
