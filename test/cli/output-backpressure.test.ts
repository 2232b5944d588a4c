/**
 * Output back-pressure and output errors (#9 item 2), on the built CLI: a reader slower than `decode` keeps the
 * tool's memory flat (RSS peak sampled from /proc, no timing assertion), and an output that fails is one line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { suiteTempDir, writePcap } from '../helpers/capture-files.js';
import { ethernetIp, LINKTYPE, vrrpOverIpv4 } from '../helpers/frame-builder.js';
import { CLI, isOneCleanLine, PROJECT_ROOT, runCli } from '../helpers/run-cli.js';

const tmp = suiteTempDir('vi-backpressure-');
const HAVE_PROC = existsSync('/proc/self/status');

function advertsPcap(count: number): Uint8Array {
  const data = ethernetIp(vrrpOverIpv4({ src: '192.0.2.11', vrrp: { version: 2, vrid: 51, priority: 100, addresses: ['192.0.2.100'] } }), {
    src: '02:00:00:00:01:01',
  });
  return writePcap(Array.from({ length: count }, (_, i) => ({ tsMicros: 1_764_098_258_000_000 + i * 1000, data })), { linkType: LINKTYPE.ETHERNET });
}

/** Peak resident memory (VmHWM) of a process, in MiB, or 0 once it is gone. */
function peakMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `decode --format jsonl` into a reader that reads nothing for its first `stallSamples` RSS samples, then one
 * chunk at a time. Returns the tool's peak RSS and the bytes of output.
 */
function decodeIntoSlowReader(path: string, stallSamples = 20): Promise<{ peak: number; bytes: number; status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'decode', '--format', 'jsonl', path], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    let bytes = 0;
    let samples = 0;
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.pause();
    const sampler = setInterval(() => {
      peak = Math.max(peak, peakMiB(child.pid ?? 0));
      if (++samples === stallSamples) {
        child.stdout.on('data', (c: Buffer) => {
          bytes += c.length;
          child.stdout.pause();
          setImmediate(() => child.stdout.resume());
        });
        child.stdout.resume();
      }
    }, 50);
    child.on('close', (status) => {
      clearInterval(sampler);
      resolve({ peak, bytes, status, stderr });
    });
  });
}

describe.skipIf(!HAVE_PROC)('decode into a slow reader', () => {
  it('keeps memory flat: four times the output, about the same peak', async () => {
    const small = await tmp.write('small.pcap', advertsPcap(100_000));
    const large = await tmp.write('large.pcap', advertsPcap(400_000));
    const a = await decodeIntoSlowReader(small);
    const b = await decodeIntoSlowReader(large);
    for (const r of [a, b]) expect(r).toMatchObject({ status: 0, stderr: '' });
    // ~45 MiB and ~190 MiB of JSON lines. Without back-pressure the tool held what the reader had not taken yet
    // (measured: peak 467 MiB on the large one); with it the peak stays near the small run's.
    expect(b.bytes).toBeGreaterThan(4 * a.bytes - 1024);
    const growth = b.peak - a.peak;
    // The output grows by ~140 MiB; the tool may grow by a fraction of that (the garbage collector's slack on a loaded
    // machine), not by the output itself.
    expect(growth, `peak ${a.peak.toFixed(0)} MiB for ${(a.bytes / 2 ** 20).toFixed(0)} MiB of output, ${b.peak.toFixed(0)} MiB for ${(b.bytes / 2 ** 20).toFixed(0)} MiB`).toBeLessThan(
      ((b.bytes - a.bytes) / 2 ** 20) * 0.6,
    );
  }, 120_000);
});

describe('output errors', () => {
  it('a full disk (/dev/full) is one line and exit 2 for decode and audit', () => {
    if (!existsSync('/dev/full')) {
      console.log('skipped: no /dev/full on this system');
      return;
    }
    for (const args of [['decode'], ['audit'], ['audit', '--format', 'json']]) {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" ${args.join(' ')} fixtures/pcaps/failover-clean.pcap > /dev/full`], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
      });
      expect(r.status, args.join(' ')).toBe(2);
      expect(isOneCleanLine(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toBe('vrrp-inspect: cannot write the output: no space left on the device: free some space or choose another path\n');
    }
  });

  it('a reader that closes the pipe (| head -1) ends the run quietly', async () => {
    const path = await tmp.write('head.pcap', advertsPcap(50_000));
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" decode "${path}" | head -1`], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout.split('\n')[0]).toMatch(/^1 19:17:38\.000000 192\.0\.2\.11 > 224\.0\.0\.18: VRRPv2/);
    expect(r.stderr).toBe('');
  });

  it('still decodes normally into a pipe that keeps up', async () => {
    const path = await tmp.write('fast.pcap', advertsPcap(2000));
    const r = runCli(['decode', path]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2000);
  });
});
