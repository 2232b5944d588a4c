/**
 * Every capture engine of `vrrp-inspect live` under load, against a tcpdump beside it: two real keepalived nodes on a
 * namespace segment, background traffic replayed with tcpreplay at about 100,000 frames/s (half of it UDP port 9,
 * which `--filter 'udp port 9'` lets through to the tool, half port 10, which the filter drops in the kernel), two
 * takeovers (the master stops; it comes back and preempts).
 *
 * For each engine installed (tcpdump, dumpcap; cap when built): every advert the reference tcpdump wrote is in what the
 * tool saw (its --write file), or the tool reported drops that explain the difference; engines with kernel timestamps
 * measure the takeover gaps within 2 ms of the reference; no finding that the reference capture does not also give
 * (unless the tool says a drop may explain it). The machine may be busy (CI, other jobs): correctness is asserted,
 * speed only measured. The measured numbers are printed (and appended to $LIVE_LOAD_REPORT when set) for the README.
 */
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditDocument } from '../../src/analysis/audit-document.js';
import { readCapture } from '../../src/capture/open-capture.js';
import { LOSS_SENSITIVE_RULES } from '../../src/live/drop-ledger.js';
import { writePcap } from '../../src/capture/capture-writer.js';
import type { Lab } from '../../scripts/lab/index.js';
import { inNetns, spawnLogged } from '../../scripts/lab/exec.js';
import { nodeConfig } from '../../scripts/lab/scenarios/common.js';
import { analyzeCaptureFile } from '../helpers/analyze-capture.js';
import { ethernetIp, ipv4, udp } from '../helpers/frame-builder.js';
import { CLI, interrupt, killLive, liveLabSkipReason, startLive, startTwoNodeLab, type LiveProcess } from './live-lab.js';
import { TreeMonitor } from './process-tree.js';

const N1 = '192.0.2.11';
const N2 = '192.0.2.12';
const VIP = '192.0.2.100';
const RATE = 100_000;
const ENGINES = ['tcpdump', 'dumpcap', 'cap'] as const;

function has(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}
const CAP_BUILT = spawnSync(process.execPath, ['-e', "require('cap')"]).status === 0;

const base = await liveLabSkipReason();
const skip = base || (!has('tcpreplay') ? 'tcpreplay is not installed (apt-get install tcpreplay)' : '');
if (skip) console.log(`live-engines-load: skipped: ${skip}`);

/** Background frames: alternately UDP port 9 (passes --filter) and port 10 (does not), to a MAC nobody has (flooded). */
function backgroundPcap(frames = 2000): Buffer {
  const written = [];
  for (let i = 0; i < frames; i++) {
    const payload = new Uint8Array(18 + (i % 7) * 10);
    const packet = ipv4({ src: '198.51.100.1', dst: '198.51.100.2', proto: 17, payload: udp({ srcPort: 40000 + (i % 1000), dstPort: i % 2 === 0 ? 9 : 10, payload }) });
    written.push({ tsMicros: 1_764_000_000_000_000 + i * 10, data: ethernetIp(packet, { dst: '02:00:00:00:ee:ee', src: '02:00:00:00:ee:01' }) });
  }
  return writePcap(written, { linkType: 1 });
}

interface Advert {
  src: string;
  tsMicros: number;
}

/** Untagged Ethernet IPv4 protocol-112 frames, read without our decoder (a plain byte test). */
async function advertsIn(path: string): Promise<Advert[]> {
  const adverts: Advert[] = [];
  await readCapture({ kind: 'file', path }, (f) => {
    const b = f.buf;
    const o = f.offset;
    if (f.linkType !== 1 || f.capLen < 34 || b[o + 12] !== 0x08 || b[o + 13] !== 0x00 || b[o + 23] !== 112) return;
    adverts.push({ src: `${b[o + 26]}.${b[o + 27]}.${b[o + 28]}.${b[o + 29]}`, tsMicros: f.tsMicros });
  });
  return adverts;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

const engines = ENGINES.filter((e) => (e === 'cap' ? CAP_BUILT : has(e)));

describe.skipIf(skip !== '')('live engines under load, against a tcpdump beside them', () => {
  const cases = [
    ...engines.map((engine) => ({ engine, freeze: false })),
    // The reader stops for 4 s (SIGSTOP) with a 1 MiB buffer: frames must be lost, and the loss must be reported.
    ...engines.filter((e) => e !== 'cap').map((engine) => ({ engine, freeze: true })),
  ];
  for (const { engine, freeze } of cases) {
    const title = freeze
      ? `${engine}, reader frozen for 4 s: the loss is counted, explains every missing advert, and findings it may cause say so`
      : `${engine}: every advert seen or its loss reported, takeover gaps as measured by tcpdump, no false finding`;
    it(title, { timeout: 240_000 }, async () => {
      let lab: Lab | undefined;
      let live: ReturnType<typeof startLive> | undefined;
      try {
        lab = await startTwoNodeLab([{ name: 'gen' }]);
        const obs = lab.member('obs');
        const reference = await lab.startCapture('obs', join(lab.workDir, 'reference.pcap'), { filter: 'vrrp' });
        const written = join(lab.workDir, 'live.pcapng');
        live = startLive([
          'ip', 'netns', 'exec', obs.ns, process.execPath, CLI, 'live', 'eth0', '--engine', engine, '--format', 'jsonl',
          '--filter', 'udp port 9', '--write', written, '--fail-on', 'never', ...(freeze ? ['--buffer-size', '1'] : []),
        ]);
        const running = live;
        await running.waitForEvent((e) => e['event'] === 'router', 'the first advert');
        const monitor = new TreeMonitor(running.child.pid ?? 0);

        // Two takeovers at idle (n1 stops, n2 takes over; n1 returns and preempts), before any background traffic:
        // master-change delivery without load. Not for the frozen cases, which are about loss.
        if (!freeze) await takeoverCycle(lab, running);
        const idleEnd = running.events.length;

        const bg = join(lab.workDir, 'background.pcap');
        writeFileSync(bg, backgroundPcap());
        const gen = lab.member('gen');
        const replay = spawnLogged(
          inNetns(gen.ns, ['tcpreplay', '-i', 'eth0', `--pps=${RATE}`, '--loop=0', bg]),
          join(lab.workDir, 'tcpreplay.log'),
        );
        const started = Date.now();
        try {
          await sleep(3000);
          if (freeze) {
            process.kill(running.child.pid ?? 0, 'SIGSTOP');
            await sleep(4000);
            process.kill(running.child.pid ?? 0, 'SIGCONT');
            await sleep(1500);
          }
          await takeoverCycle(lab, running);
          await sleep(3000);
        } finally {
          monitor.sample();
          replay.child.kill('SIGINT');
          await replay.exited;
        }
        const loadS = (Date.now() - started) / 1000;
        await sleep(1500);
        monitor.sample();
        monitor.stop();
        expect(await interrupt(running, 30_000)).toBe(0);
        await reference.stop();

        const keep = process.env['LIVE_LOAD_KEEP'];
        if (keep) for (const f of [reference.file, written]) copyFileSync(f, join(keep, `${engine}-${basename(f)}`));
        if (keep) writeFileSync(join(keep, `${engine}-events.jsonl`), running.events.map((e) => JSON.stringify(e)).join('\n'));
        const summary = running.events.find((e) => e['event'] === 'summary') as unknown as AuditDocument & { ts: number };
        expect(summary, running.stderr()).toBeDefined();
        const capture = summary.input.capture;
        expect(capture?.engine).toBe(engine);
        const referenceDoc = await analyzeCaptureFile(reference.file);
        const refAdverts = await advertsIn(reference.file);
        const liveAdverts = await advertsIn(written);

        // Adverts of the reference while the tool was running (it starts later and stops earlier).
        const first = summary.input.firstTs ?? 0;
        const last = summary.input.lastTs ?? 0;
        const expected = refAdverts.filter((a) => a.tsMicros / 1e6 >= first && a.tsMicros / 1e6 <= last);
        const errorsMs: number[] = [];
        let missing = 0;
        for (const a of expected) {
          // Each packet socket stamps the frame as the kernel hands it over, microseconds apart from the other's;
          // cap's arrival times are later, by up to 100 ms.
          const match = liveAdverts.find((l) => l.src === a.src && l.tsMicros >= a.tsMicros - 1000 && l.tsMicros - a.tsMicros <= 100_000);
          if (match) errorsMs.push(Math.abs(match.tsMicros - a.tsMicros) / 1000);
          else missing += 1;
        }
        errorsMs.sort((a, b) => a - b);
        const frames = summary.input.frames;
        // What tcpreplay achieved (its own count; a loaded machine gives less than asked).
        const rated = /Rated:.*?([\d.]+) pps/.exec(readFileSync(replay.logFile, 'utf8'));
        const tcpreplayFps = rated ? Number(rated[1]) : (frames / Math.max(1, loadS)) * 2;

        const numbers = {
          engine: freeze ? `${engine} (frozen 4 s)` : engine,
          load: `loadavg ${readLoad()}`,
          framesToTool: frames,
          framesPerSecondToTool: Math.round(frames / Math.max(1, last - first)),
          offeredFps: Math.round(tcpreplayFps),
          advertsReference: expected.length,
          advertsSeen: expected.length - missing,
          drops: capture?.drops ?? null,
          kernelDrops: capture?.kernelDrops ?? null,
          toolDrops: capture?.toolDrops ?? 0,
          cpuS: round(Object.values(monitor.lastCpuS).reduce((a, b) => a + b, 0)),
          cpuByProcess: mapValues(monitor.lastCpuS, round),
          peakRssMiB: mapValues(monitor.peakRssMiB, round),
          timestampErrorMs: { median: round3(percentile(errorsMs, 0.5)), p95: round3(percentile(errorsMs, 0.95)), max: round3(errorsMs.at(-1) ?? Number.NaN) },
          gapsMs: summary.routers.flatMap((r) => r.transitions.map((t) => t.gapMs)),
          referenceGapsMs: referenceDoc.routers.flatMap((r) => r.transitions.map((t) => t.gapMs)),
          // From the advert that proved the change (its timestamp, the kernel's for tcpdump and dumpcap) to the moment
          // its line reached this test's reader of the tool's stdout: at idle, then with the background replay running.
          masterChangeLatencyMs: {
            idle: masterChangeLatencies(running, 0, idleEnd),
            load: masterChangeLatencies(running, idleEnd, running.events.length),
          },
          findings: summary.findings.map((f) => `${f.rule}${f.captureDrops !== undefined ? ` (drops ${String(f.captureDrops)})` : ''}`),
        };
        console.log(`live-engines-load: ${JSON.stringify(numbers)}`);
        if (process.env['LIVE_LOAD_REPORT']) appendFileSync(process.env['LIVE_LOAD_REPORT'], `${JSON.stringify(numbers)}\n`);

        // The filter let the port-9 half through: the tool saw background traffic, not only adverts.
        expect(frames).toBeGreaterThan(expected.length * 10);
        if (freeze) {
          expect(capture?.drops).toBeGreaterThan(0);
          expect(missing).toBeLessThanOrEqual(capture?.drops ?? 0);
          expect(running.events.some((e) => e['event'] === 'stats' && (e['drops'] as number) > 0) || engine === 'dumpcap').toBe(true);
        } else if (engine === 'cap') {
          // cap cannot count kernel drops: the report must say "unknown", never 0, so that an advert it lost (its
          // ring holds 16 frames per MiB) is explained by the report rather than passed over in silence.
          expect(capture?.kernelDrops).toBeNull();
          expect(capture?.drops).toBeNull();
          if (missing > 0) expect(summary.findings.filter((f) => f.captureDrops === null).map((f) => f.rule)).toEqual(
            summary.findings.filter((f) => LOSS_SENSITIVE_RULES.has(f.rule)).map((f) => f.rule),
          );
        } else {
          expect(capture?.kernelDrops).not.toBeNull();
          // Every advert seen, or the reported drops explain each missing one.
          expect(missing).toBeLessThanOrEqual(capture?.drops ?? 0);
          // Kernel timestamps: the reference's time to well within a millisecond.
          expect(errorsMs.at(-1) ?? 0).toBeLessThan(1);
          // Takeover gaps within 2 ms of the reference's, when no drop could have stretched them.
          if (missing === 0) {
            const liveGaps = summary.routers.flatMap((r) => r.transitions.filter((t) => t.ts >= first + 1).map((t) => [t.to.ip, t.gapMs] as const));
            const refGaps = referenceDoc.routers.flatMap((r) => r.transitions.filter((t) => t.ts >= first + 1).map((t) => [t.to.ip, t.gapMs] as const));
            expect(liveGaps.map(([ip]) => ip)).toEqual(refGaps.map(([ip]) => ip));
            liveGaps.forEach(([, gap], i) => expect(Math.abs((gap ?? 0) - (refGaps[i]?.[1] ?? 0))).toBeLessThanOrEqual(2));
          }
        }
        // No false finding: each one is also in the reference audit, or says a drop may explain it.
        const referenceFindings = new Set(referenceDoc.findings.map((f) => `${f.rule}|${f.router}`));
        for (const f of summary.findings) {
          // A finding a loss may explain (captureDrops > 0) or whose loss cannot be known (null, cap) says so itself.
          if (f.captureDrops !== undefined) continue;
          expect(referenceFindings, `${f.rule}: ${f.message}`).toContain(`${f.rule}|${f.router}`);
        }
      } finally {
        killLive(live);
        await lab?.destroy();
      }
    });
  }
});

/**
 * n1 stops gracefully (priority 0: n2 takes over), then returns and preempts (priority 150 over 100); each master
 * change must reach the tool's stdout. Only events after the cycle began count, so it can run more than once.
 */
async function takeoverCycle(lab: Lab, running: LiveProcess): Promise<void> {
  const from = running.events.length;
  const changeTo = (ip: string) => (e: Record<string, unknown>) =>
    running.events.indexOf(e) >= from && e['event'] === 'master-change' && (e['to'] as { ip: string }).ip === ip;
  await lab.stopKeepalived('n1', 'graceful');
  await running.waitForEvent(changeTo(N2), 'n2 taking over', 30_000);
  await sleep(2000);
  await lab.startKeepalived('n1', nodeConfig('n1', { priority: 150 }));
  await running.waitForEvent(changeTo(N1), 'n1 preempting', 30_000);
  await lab.waitForAddress('n1', VIP);
}

/**
 * Milliseconds from each failover's proving advert to its line's arrival, for events [from, to), by reason (the first
 * election, whose advert may predate the tool, is left out).
 */
function masterChangeLatencies(running: LiveProcess, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const e = running.events[i];
    if (e?.['event'] !== 'master-change' || e['from'] === null) continue;
    out.push(`${String(e['reason'])} ${Math.round((running.arrivals[i] ?? 0) - (e['ts'] as number) * 1000)}`);
  }
  return out;
}

function readLoad(): string {
  return spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 3).join(' ');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function mapValues(o: Record<string, number>, f: (n: number) => number): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
