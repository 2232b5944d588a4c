import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { readCapture } from '../../src/capture/open-capture.js';
import type { LiveEvent } from '../../src/live/live-events.js';
import { LiveSession, type LiveSessionConfig } from '../../src/live/live-session.js';
import { streamSource } from '../../src/live/live-source.js';
import { PcapngFileWriter } from '../../src/live/pcapng-file-writer.js';
import { AnalysisPipeline, inputDocOf } from '../../src/pipeline/analysis-pipeline.js';
import { PcapngBuilder } from '../helpers/capture-files.js';
import { B, T0_MICROS, arpRequest, garp, openStream, pcapBytes, preemptWithoutGarp, type TimedFrame } from './live-test-frames.js';

const FAST_GARP: AnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS, missingGarp: { withinS: 0.3 } };

function session(stream: NodeJS.ReadableStream, events: LiveEvent[], extra: Partial<LiveSessionConfig> = {}): LiveSession {
  return new LiveSession({
    source: streamSource(stream, 'stdin'),
    analysis: FAST_GARP,
    rules: ALL_RULES,
    guePorts: new Set(),
    observers: [{ event: (e) => events.push(e) }],
    tickMs: 20,
    ...extra,
  });
}

async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('LiveSession', () => {
  it('streams router, master-change and finding events, and ends with the audit document at end of input', async () => {
    const events: LiveEvent[] = [];
    const stream = new PassThrough();
    // B advertises long enough (0.8 s) for A's silence to exceed its Master_Down_Interval within the capture.
    stream.end(pcapBytes(preemptWithoutGarp(5, 8)));
    const result = await session(stream, events).run();
    expect(result.reason).toBe('end-of-input');
    expect(result.error).toBeNull();
    expect(events[0]?.event).toBe('router');
    expect(events.filter((e) => e.event === 'master-change')).toHaveLength(1);
    const change = events.find((e) => e.event === 'master-change');
    expect(change).toMatchObject({ from: { ip: '192.0.2.11' }, to: { ip: '192.0.2.12', priority: 200 }, reason: 'preempt' });
    const doc = result.document;
    expect(doc.input).toMatchObject({ source: 'stdin', format: 'live', frames: 13, linkTypes: [1] });
    expect(doc.input.firstTs).toBe(T0_MICROS / 1e6);
    expect(doc.routers).toHaveLength(1);
    expect(doc.routers[0]).toMatchObject({ vrid: 51, failovers: 1, master: { ip: B.ip } });
  });

  it('detects silence from the clock while the stream stays quiet (no frame after the takeover)', async () => {
    const events: LiveEvent[] = [];
    // The stream stops 0.2 s after A's last advert, before A's Master_Down_Interval (~0.36 s) is over.
    // An unrelated ARP shows ARP is captured at all (missing-garp stays quiet on a capture filtered to VRRP).
    const stream = openStream([{ at: 50_000, data: arpRequest() }, ...preemptWithoutGarp(5, 2)].sort((a, b) => a.at - b.at));
    const live = session(stream, events);
    const running = live.run();
    // No frame follows: only the ticks can tell that A went silent (the master change) and that no GARP came.
    await until(() => events.some((e) => e.event === 'master-change'), 'the master change');
    await until(() => events.some((e) => e.event === 'finding' && e.rule === 'missing-garp'), 'a missing-garp finding');
    expect(stream.writableEnded).toBe(false);
    live.stop('signal');
    const result = await running;
    expect(result.reason).toBe('signal');
    expect(result.document.findings.map((f) => f.rule)).toContain('missing-garp');
  });

  it('raises missing-garp from the frames alone without a GARP, and none when the new master sends it in time', async () => {
    const run = async (frames: TimedFrame[]) => {
      const stream = new PassThrough();
      stream.end(pcapBytes(frames.sort((a, b) => a.at - b.at)));
      return (await session(stream, []).run()).document.findings.map((f) => f.rule);
    };
    const takeover = () => [{ at: 50_000, data: arpRequest() }, ...preemptWithoutGarp(5, 8)];
    expect(await run(takeover())).toContain('missing-garp');
    expect(await run([...takeover(), { at: 520_000, data: garp() }])).not.toContain('missing-garp');
  });

  it('stops after --count frames and analyses none beyond', async () => {
    const events: LiveEvent[] = [];
    const stream = openStream(preemptWithoutGarp());
    const result = await session(stream, events, { count: 3 }).run();
    expect(result.reason).toBe('count');
    expect(result.document.input.frames).toBe(3);
    expect(result.document.stats.vrrp).toBe(3);
    expect(events.some((e) => e.event === 'master-change')).toBe(false);
  });

  it('stops after --duration even when nothing arrives', async () => {
    const result = await session(new PassThrough(), [], { durationS: 0.2 }).run();
    expect(result.reason).toBe('duration');
    expect(result.document.input.frames).toBe(0);
    expect(result.document.routers).toEqual([]);
  });

  it('is healthy (for /healthz) only while the capture runs', async () => {
    const stream = new PassThrough();
    const live = session(stream, []);
    expect(live.health()).toEqual({ ok: false, status: 'capture starting' });
    const done = live.run();
    expect(live.health()).toEqual({ ok: true, status: 'capturing on stdin, 0 frames' });
    live.stop('signal');
    expect(live.health()).toEqual({ ok: false, status: 'capture stopped (signal)' });
    await done;
    expect(live.health().ok).toBe(false);
  });

  it('emits stats events with frames, drops and adverts per router', async () => {
    const events: LiveEvent[] = [];
    const live = session(openStream(preemptWithoutGarp()), events, { statsMs: 50 });
    const running = live.run();
    const isFinal = (e: LiveEvent) => e.event === 'stats' && e.frames === 7 && e.routers[0]?.master === B.ip;
    await until(() => events.some(isFinal), 'a stats event after the takeover');
    live.stop();
    await running;
    const stats = events.find(isFinal);
    expect(stats).toMatchObject({ drops: null, vrrp: 7, routers: [{ router: '0|untagged|ipv4|51', adverts: 7, failovers: 1 }] });
  });

  it('live -: reads the kernel drops of a pcapng stream from its statistics blocks, and says which findings a drop may explain', async () => {
    const frames = [{ at: 50_000, data: arpRequest() }, ...preemptWithoutGarp(5, 8)].sort((a, b) => a.at - b.at);
    const ng = new PcapngBuilder().section().interface({ linkType: 1 });
    for (const f of frames) ng.enhanced({ ticks: BigInt(T0_MICROS + f.at), data: f.data });
    // dumpcap writes the counters when it stops: 3 frames lost by the kernel during the capture.
    ng.statistics(0, { 4: 1000n, 5: 3n }, BigInt(T0_MICROS + 1_300_000));
    const stream = new PassThrough();
    stream.end(ng.bytes());
    const events: LiveEvent[] = [];
    const result = await session(stream, events).run();
    expect(result.document.input.capture).toEqual({ engine: 'stream', interfaces: [], drops: 3, kernelDrops: 3, toolDrops: 0 });
    const garpFinding = result.document.findings.find((f) => f.rule === 'missing-garp');
    expect(garpFinding?.captureDrops).toBe(3);
    expect(garpFinding?.message).toMatch(/The capture dropped 3 frames around this time: a lost advert or GARP may explain this finding/);
    // A finding no lost frame can cause says nothing about drops.
    const vmac = result.document.findings.find((f) => f.rule === 'advert-not-from-vmac');
    expect(vmac?.captureDrops).toBeUndefined();
  });

  it('without statistics blocks the kernel drops stay unknown, never 0, and findings a loss can cause say so', async () => {
    const frames = [{ at: 50_000, data: arpRequest() }, ...preemptWithoutGarp(5, 8)].sort((a, b) => a.at - b.at);
    const stream = new PassThrough();
    stream.end(pcapBytes(frames));
    const result = await session(stream, []).run();
    expect(result.document.input.capture).toEqual({ engine: 'stream', interfaces: [], drops: null, kernelDrops: null, toolDrops: 0 });
    const garpFinding = result.document.findings.find((f) => f.rule === 'missing-garp');
    expect(garpFinding?.captureDrops).toBeNull();
    expect(garpFinding?.message).toMatch(/Whether the capture lost frames is unknown \(the stream carries no interface statistics yet\): a lost advert or GARP may explain/);
    expect(result.document.findings.find((f) => f.rule === 'advert-not-from-vmac')?.captureDrops).toBeUndefined();
  });

  it('several streams (one per interface): routers kept apart by interface, frames numbered across the run', async () => {
    const streams = [0, 1].map((ifaceBase) => {
      const stream = new PassThrough();
      stream.end(pcapBytes(preemptWithoutGarp(5, 8)));
      return { stream, ifaceBase };
    });
    const source = { ...streamSource(new PassThrough(), 'eth0+eth1'), streams, interfaces: ['eth0', 'eth1'] };
    const result = await new LiveSession({ source, analysis: FAST_GARP, rules: ALL_RULES, guePorts: new Set(), observers: [] }).run();
    const doc = result.document;
    expect(doc.input.frames).toBe(26);
    expect(doc.routers.map((r) => [r.key, r.iface, r.failovers])).toEqual([
      ['0|untagged|ipv4|51', 0, 1],
      ['1|untagged|ipv4|51', 1, 1],
    ]);
    // Frame numbers are the run's, as --write numbers them: each appears once.
    const numbers = doc.routers.flatMap((r) => r.transitions.flatMap((t) => t.frames));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Math.max(...numbers)).toBeLessThanOrEqual(26);
    expect(doc.input.capture?.interfaces).toEqual(['eth0', 'eth1']);
  });

  it('reports an unreadable stream as an error with nothing analysed', async () => {
    const stream = new PassThrough();
    stream.end(Buffer.from('this is not a capture at all, just text'));
    const result = await session(stream, []).run();
    expect(result.reason).toBe('error');
    expect(result.error?.message).toMatch(/not a pcap or pcapng/);
    expect(result.document.input.frames).toBe(0);
  });

  it('--write saves every frame so that audit reads the same analysis back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrp-inspect-live-'));
    try {
      const path = join(dir, 'live.pcapng');
      const stream = new PassThrough();
      stream.end(pcapBytes(preemptWithoutGarp()));
      const writer = PcapngFileWriter.create(path, () => 'eth0');
      const live = await session(stream, [], { writer }).run();
      const pipeline = new AnalysisPipeline({ analysis: FAST_GARP, rules: ALL_RULES, guePorts: new Set() });
      const summary = await readCapture({ kind: 'file', path }, pipeline.onFrame);
      const audit = pipeline.finish(inputDocOf('live.pcapng', summary));
      expect(summary.format).toBe('pcapng');
      expect(summary.frames).toBe(7);
      expect(audit.stats).toEqual(live.document.stats);
      expect(audit.routers).toEqual(live.document.routers);
      expect(audit.findings).toEqual(live.document.findings);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
