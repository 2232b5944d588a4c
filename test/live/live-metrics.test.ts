import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { createLiveMetrics, type LiveMetricsOptions } from '../../src/live/live-metrics.js';
import { masterDownIntervalMs } from '../../src/analysis/model/timers.js';
import { TOOL_VERSION } from '../../src/version.js';
import { LiveSession, type LiveObserver, type LiveView } from '../../src/live/live-session.js';
import { streamSource } from '../../src/live/live-source.js';
import { pcapBytes, preemptWithoutGarp } from './live-test-frames.js';

/** A finished session over a takeover (A 5 adverts at 100, B 8 adverts at 200) and its metrics. */
async function metricsAfterTakeover(
  drops: number | null = null,
  options: LiveMetricsOptions = { sensor: 'lb-a' },
  toolDrops = 0,
): Promise<{ text: string; before: LiveView; view: LiveView }> {
  const stream = new PassThrough();
  stream.end(pcapBytes(preemptWithoutGarp(5, 8)));
  const observers: LiveObserver[] = [];
  const source = { ...streamSource(stream, 'eth0'), engineDrops: () => drops, toolDrops: () => toolDrops };
  const live = new LiveSession({ source, analysis: DEFAULT_ANALYSIS_OPTIONS, rules: ALL_RULES, guePorts: new Set(), observers });
  const metrics = createLiveMetrics(() => live.view(), options);
  observers.push(metrics.observer);
  await live.run();
  // The stream clock keeps running after the last frame: views taken just before and after the scrape bracket it.
  const before = live.view();
  const text = await metrics.registry.metrics();
  return { text, before, view: live.view() };
}

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('live metrics', () => {
  it('per speaker: state (2 master, 1 backup), priority and adverts, labelled by interface, VLAN, family, VRID', async () => {
    const { text } = await metricsAfterTakeover();
    const router = { intf: 'eth0', vlan: '', family: 'ipv4', vrid: '51' };
    expect(sample(text, 'vrrp_inspect_vrrp_state', { ...router, speaker: '192.0.2.12' })).toBe(2);
    expect(sample(text, 'vrrp_inspect_vrrp_state', { ...router, speaker: '192.0.2.11' })).toBe(1);
    expect(sample(text, 'vrrp_inspect_vrrp_priority', { speaker: '192.0.2.12' })).toBe(200);
    expect(sample(text, 'vrrp_inspect_advertisements_received_total', { speaker: '192.0.2.11', mac: '02:00:00:00:01:01' })).toBe(5);
    expect(sample(text, 'vrrp_inspect_advertisements_received_total', { speaker: '192.0.2.12' })).toBe(8);
    expect(text).toContain('# TYPE vrrp_inspect_advertisements_received_total counter');
  });

  it('per router: failovers, active masters and seconds since the last advert', async () => {
    const { text, before, view } = await metricsAfterTakeover();
    expect(sample(text, 'vrrp_inspect_vrrp_failovers_total', { vrid: '51' })).toBe(1);
    expect(sample(text, 'vrrp_inspect_vrrp_active_masters', { vrid: '51' })).toBe(1);
    const age = sample(text, 'vrrp_inspect_vrrp_last_advert_seconds', { vrid: '51' }) ?? NaN;
    const router = view.routers[0];
    expect(router).toBeDefined();
    expect(age).toBeGreaterThanOrEqual((before.now ?? NaN) - (router?.lastSeen ?? NaN));
    expect(age).toBeLessThanOrEqual((view.now ?? NaN) - (router?.lastSeen ?? NaN));
  });

  it('frames, decoded frames by kind, findings by rule and severity', async () => {
    const { text, view } = await metricsAfterTakeover();
    expect(sample(text, 'vrrp_inspect_frames_total', {})).toBe(13);
    expect(sample(text, 'vrrp_inspect_frames_decoded_total', { kind: 'vrrp' })).toBe(13);
    expect(sample(text, 'vrrp_inspect_frames_decoded_total', { kind: 'arp' })).toBe(0);
    // The lab-style speakers advertise from their physical MACs: one info finding, opened once and still open.
    expect(sample(text, 'vrrp_inspect_findings_total', { rule: 'advert-not-from-vmac', severity: 'info' })).toBe(1);
    const open = view.openFindings.filter((f) => f.rule === 'advert-not-from-vmac').length;
    expect(sample(text, 'vrrp_inspect_findings_open', { rule: 'advert-not-from-vmac', severity: 'info' })).toBe(open);
    // The finding is about VRID 51: it carries the router's labels, so an alert on it can name the router.
    expect(sample(text, 'vrrp_inspect_findings_open', { rule: 'advert-not-from-vmac', intf: 'eth0', vlan: '', family: 'ipv4', vrid: '51' })).toBe(open);
  });

  it('counts kernel drops only when the engine can tell, and its own drops always', async () => {
    const unknown = (await metricsAfterTakeover(null)).text;
    expect(unknown).not.toContain('vrrp_inspect_capture_drops_total{by="kernel"}');
    expect(sample(unknown, 'vrrp_inspect_capture_drops_total', { by: 'vrrp-inspect' })).toBe(0);
    const counted = (await metricsAfterTakeover(4, { sensor: 'lb-a' }, 3)).text;
    expect(sample(counted, 'vrrp_inspect_capture_drops_total', { by: 'kernel' })).toBe(4);
    expect(sample(counted, 'vrrp_inspect_capture_drops_total', { by: 'vrrp-inspect' })).toBe(3);
  });

  it('a build-info gauge names the version, Node.js and the sensor; --metrics-sensor-label puts the sensor on every series', async () => {
    const plain = (await metricsAfterTakeover(null, { sensor: 'lb-a' })).text;
    expect(sample(plain, 'vrrp_inspect_build_info', { version: TOOL_VERSION, nodejs: process.version, sensor: 'lb-a' })).toBe(1);
    expect(plain).toMatch(/^vrrp_inspect_frames_total \d+$/m);

    const labelled = (await metricsAfterTakeover(null, { sensor: 'lb-a', sensorLabel: true })).text;
    const series = labelled.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(series.length).toBeGreaterThan(10);
    for (const line of series) expect(line).toContain('sensor="lb-a"');
    expect(labelled.match(/sensor=/g)?.length).toBe(series.length);
  });

  it('the Master_Down_Interval of the slowest possible backup, for the no-master alert', async () => {
    const { text, view } = await metricsAfterTakeover();
    const master = view.routers[0]?.master;
    // These test adverts are VRRPv3 at 100 ms: 3 × 100 ms + (256 - 1) / 256 × 100 ms.
    expect([master?.version, master?.intervalMs]).toEqual([3, 100]);
    expect(sample(text, 'vrrp_inspect_vrrp_master_down_interval_seconds', { vrid: '51' })).toBeCloseTo(0.3 + (255 / 256) * 0.1, 6);
    // VRRPv2 skew ignores the interval: at 1 s, 3 s + 255/256 s.
    expect(masterDownIntervalMs(2, 1, 1000)).toBeCloseTo(3996.09, 2);
  });
});
