import { TransitionLog } from '../../src/analysis/model/transition-log.js';
import { MAX_TRANSITIONS } from '../../src/analysis/model/router-tracker.js';
import { describe, expect, it } from 'vitest';
import type { AuditDocument, FindingDoc } from '../../src/analysis/audit-document.js';
import type { Speaker, Transition, VirtualRouter } from '../../src/analysis/model/types.js';
import {
  findingClosedEvent,
  findingEvent,
  formatEventLine,
  masterChangeEvent,
  routerEvent,
  statsEvent,
  summaryEvent,
} from '../../src/live/live-events.js';

function speaker(ip: string, mac: string, priority: number, firstSeen: number): Speaker {
  return {
    id: `${ip}|${mac}`, ip, mac, priorities: [priority], lastPriority: priority, adverts: 3, firstSeen, lastSeen: firstSeen + 2,
    firstFrame: 1, lastFrame: 3, checksumVariant: 'v2', version: 2, versions: new Set([2]),
    intervalMs: 1000, advertisedIntervalMs: 1000, vips: ['192.0.2.100'], vipList: '192.0.2.100', vipLists: new Set(['192.0.2.100']), ttls: new Set([255]),
    unicast: false, authType: 0, authSecret: undefined, active: true,
  };
}

const a = speaker('192.0.2.11', '02:00:00:00:01:01', 150, 1764098262.079837);
const b = speaker('192.0.2.12', '02:00:00:00:01:02', 100, 1764098263.5);
const router: VirtualRouter = {
  key: '0|100|ipv4|51', linkKey: '0|100', iface: 0, vlanStack: [100], vlan: 100, family: 'ipv4', vrid: 51,
  speakers: new Map([[a.id, a], [b.id, b]]), versions: new Set([2]), master: b, masterSince: 1764098267.2,
  transitions: new TransitionLog(MAX_TRANSITIONS), failovers: 1, firstSeen: a.firstSeen, lastSeen: 1764098268,
};

describe('live events', () => {
  it('router: the key, identity and the first speaker, stamped with ts and an ISO time in microseconds', () => {
    const e = routerEvent(router, a.firstSeen);
    expect(e).toEqual({
      event: 'router', ts: 1764098262.079837, time: '2025-11-25T19:17:42.079837Z', router: '0|100|ipv4|51', vrid: 51, vlan: 100,
      family: 'ipv4', iface: 0, version: 2, intervalMs: 1000, vips: ['192.0.2.100'],
      speaker: { ip: '192.0.2.11', mac: '02:00:00:00:01:01', priority: 150 },
    });
  });

  it('master-change: from, to, reason and gapMs (contract fields) plus the evidence frames', () => {
    const t: Transition = { ts: 1764098267.2, from: a, to: b, reason: 'master-down', gapMs: 3610, expectedGapMs: 3609, frames: [40, 45] };
    const e = masterChangeEvent(router, t);
    expect(e).toMatchObject({
      event: 'master-change', time: '2025-11-25T19:17:47.200000Z', router: '0|100|ipv4|51',
      from: { ip: '192.0.2.11', mac: '02:00:00:00:01:01' }, to: { ip: '192.0.2.12', priority: 100 },
      reason: 'master-down', gapMs: 3610, expectedGapMs: 3609, frames: [40, 45], failovers: 1,
    });
  });

  const finding: FindingDoc = {
    rule: 'split-brain', severity: 'error', title: 'Two masters for VRID 51', message: 'm', router: router.key, vrid: 51,
    vlan: 100, family: 'ipv4', subjects: { ips: ['192.0.2.11', '192.0.2.12'] }, firstTs: 1764098262.1, lastTs: 1764098264.25,
    frames: [36, 30, 31], frameCount: 3, wiresharkFilter: 'vrrp', remediation: 'r',
  };

  it('finding: every field of the audit finding, frames sorted, a copy the engine cannot change afterwards', () => {
    const e = findingEvent(finding);
    expect(e).toMatchObject({ event: 'finding', ts: 1764098264.25, rule: 'split-brain', frames: [30, 31, 36], frameCount: 3 });
    for (const key of Object.keys(finding)) expect(e).toHaveProperty(key);
    finding.subjects.ips?.push('192.0.2.13');
    expect(e.subjects.ips).toHaveLength(2);
    finding.subjects.ips?.pop();
  });

  it('finding-closed: the closing time and the finding identity', () => {
    expect(findingClosedEvent(finding, 1764098270)).toMatchObject({
      event: 'finding-closed', ts: 1764098270, time: '2025-11-25T19:17:50.000000Z', rule: 'split-brain', router: router.key,
      firstTs: 1764098262.1, lastTs: 1764098264.25,
    });
  });

  it('stats: counters, the engine, drops (null when unknown) and adverts per router', () => {
    const capture = { engine: 'dumpcap', interfaces: ['eth0'], drops: null, kernelDrops: null, toolDrops: 0 };
    const e = statsEvent(1764098270, { frames: 10, vrrp: 6, arp: 4, nd: 0, ipvs: 0, undecodable: 0 }, capture, [router]);
    expect(e).toMatchObject({ event: 'stats', frames: 10, vrrp: 6, drops: null, engine: 'dumpcap', kernelDrops: null, toolDrops: 0 });
    const counted = statsEvent(1764098270, e, { ...capture, engine: 'tcpdump', drops: 12, kernelDrops: 10, toolDrops: 2 }, [router]);
    expect(counted).toMatchObject({ drops: 12, kernelDrops: 10, toolDrops: 2, engine: 'tcpdump' });
    expect(e.routers).toEqual([{ router: router.key, vrid: 51, vlan: 100, family: 'ipv4', master: '192.0.2.12', adverts: 6, failovers: 1 }]);
  });

  it('summary: the audit document itself, so jq paths are those of audit --format json', () => {
    const doc = { schemaVersion: 1, findings: [] } as unknown as AuditDocument;
    const line = formatEventLine(summaryEvent(1764098270.5, doc), 'lb-a');
    expect(line.endsWith('\n')).toBe(true);
    expect(line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line)).toEqual({
      event: 'summary', sensor: 'lb-a', ts: 1764098270.5, time: '2025-11-25T19:17:50.500000Z', schemaVersion: 1, findings: [],
    });
  });

  it('every line names its sensor right after the event kind, without changing the event object', () => {
    const capture = { engine: 'tcpdump', interfaces: ['eth0'], drops: 0, kernelDrops: 0, toolDrops: 0 };
    const e = statsEvent(1764098270, { frames: 1, vrrp: 1, arp: 0, nd: 0, ipvs: 0, undecodable: 0 }, capture, [router]);
    const line = formatEventLine(e, 'dc1 "segment" 7');
    expect(Object.keys(JSON.parse(line) as object).slice(0, 3)).toEqual(['event', 'sensor', 'ts']);
    expect(JSON.parse(line)).toEqual({ ...e, sensor: 'dc1 "segment" 7' });
    expect(e).not.toHaveProperty('sensor');
  });

  it('ts carries exactly microseconds', () => {
    expect(routerEvent(router, 1764098262.1 + 0.2).ts).toBe(1764098262.3);
  });
});
