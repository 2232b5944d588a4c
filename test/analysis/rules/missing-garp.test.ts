import { describe, expect, it } from 'vitest';
import { masterDownIntervalMs, skewMs } from '../../../src/analysis/model/timers.js';
import { missingGarp } from '../../../src/analysis/rules/missing-garp.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { advert, adverts, arp, BASE_TS, garp, na } from '../../helpers/frame-info-builder.js';
import { analyze, findingsOf, sequence } from '../../helpers/rule-tester.js';
import { fixtureFindings } from '../../helpers/analyze-capture.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const VIP = '192.0.2.100';
const MDI = masterDownIntervalMs(2, 100, 1000) / 1000;
const SKEW = skewMs(2, 100, 1000) / 1000;
/** B takes over at this time after A crashed (A's last advert at 10 s). */
const TAKEOVER = 10 + MDI;
/** Ordinary ARP traffic: proves the capture was not filtered to VRRP only. */
const CLIENT_ARP = (t: number): FrameInfo =>
  arp({ senderMac: '52:54:00:00:00:50', senderIp: '192.0.2.50', targetIp: '192.0.2.1', t, frame: 1 });

function crash(extra: FrameInfo[][] = [], until = 30, vips = [VIP]): FrameInfo[] {
  return sequence(
    [CLIENT_ARP(0.5)],
    adverts({ ...A, prio: 150, vips, from: 0, to: 10, frame: 1 }),
    adverts({ ...B, prio: 100, vips, from: TAKEOVER, to: until, frame: 1 }),
    ...extra,
  );
}

describe('missing-garp', () => {
  it('reports a takeover without any gratuitous ARP for the VIP', () => {
    const frames = crash();
    const doc = analyze(frames, [missingGarp]);
    const t = doc.routers[0]!.transitions[0]!;
    expect(doc.findings).toHaveLength(1);
    const f = doc.findings[0]!;
    expect(f.rule).toBe('missing-garp');
    expect(f.severity).toBe('warning');
    expect(f.title).toBe('No gratuitous ARP from new master of VRID 51');
    expect(f.message).toContain('192.0.2.12 (52:54:00:00:00:12) became master of VRID 51 (IPv4)');
    expect(f.message).toContain('takeover from 192.0.2.11, master-down');
    expect(f.message).toContain(`for ${VIP} within 5.00 s`);
    expect(f.subjects).toEqual({ ips: ['192.0.2.12'], macs: [B.mac], vips: [VIP] });
    expect(f.frames).toEqual(t.frames);
    expect(f.firstTs).toBeCloseTo(t.ts, 6);
    expect(f.wiresharkFilter).toBe(
      `((vrrp.virt_rtr_id == 51 && ip && !icmp) || arp.src.proto_ipv4 == ${VIP}) && frame.number in {12..13}`,
    );
    expect(f.remediation).toContain('garp_master_refresh');
  });

  it('accepts gratuitous ARPs from the new master MAC or from the virtual MAC', () => {
    const own = crash([[garp({ mac: B.mac, vip: VIP, t: TAKEOVER + 0.01, frame: 1 })]]);
    expect(findingsOf(own, missingGarp)).toEqual([]);
    const vmac = crash([[garp({ mac: '00:00:5e:00:01:33', vip: VIP, t: TAKEOVER + 0.02, frame: 1 })]]);
    expect(findingsOf(vmac, missingGarp)).toEqual([]);
    // An ARP reply with SPA = TPA = VIP is gratuitous too.
    const reply = crash([[arp({ op: 2, senderMac: B.mac, senderIp: VIP, targetIp: VIP, t: TAKEOVER + 3, frame: 1 })]]);
    expect(findingsOf(reply, missingGarp)).toEqual([]);
  });

  it('does not accept a GARP that came too late or from the wrong MAC, and names that MAC', () => {
    const late = crash([[garp({ mac: B.mac, vip: VIP, t: TAKEOVER + 6, frame: 1 })]]);
    expect(findingsOf(late, missingGarp)).toHaveLength(1);
    const wrong = crash([[garp({ mac: '52:54:00:00:00:99', vip: VIP, t: TAKEOVER + 0.5, frame: 1 })]]);
    const [f] = findingsOf(wrong, missingGarp);
    expect(f?.message).toContain('came only from 52:54:00:00:00:99');
    const garpFrame = wrong.find((x) => x.arp?.gratuitous)!.frame;
    expect(f?.frames).toContain(garpFrame);
  });

  it('names only the VIPs that were not announced', () => {
    const vips = [VIP, '192.0.2.101'];
    const frames = crash([[garp({ mac: B.mac, vip: VIP, t: TAKEOVER + 0.01, frame: 1 })]], 30, vips);
    const [f] = findingsOf(frames, missingGarp);
    expect(f?.subjects.vips).toEqual(['192.0.2.101']);
    expect(f?.message).toContain('for 192.0.2.101 within');
    expect(f?.message).not.toContain(`for ${VIP}`);
  });

  it('finds the GARP of a preempting master although the model commits the change later', () => {
    const base = (extra: FrameInfo[][]): FrameInfo[] =>
      sequence(
        [CLIENT_ARP(0.5)],
        adverts({ ...B, prio: 100, from: 0, to: 10, frame: 1 }),
        adverts({ ...A, prio: 150, from: 10.5, to: 30, frame: 1 }),
        ...extra,
      );
    expect(findingsOf(base([[garp({ mac: A.mac, vip: VIP, t: 10.51, frame: 1 })]]), missingGarp)).toEqual([]);
    const [f] = findingsOf(base([]), missingGarp);
    expect(f?.message).toContain('takeover from 192.0.2.12, preempt');
    expect(f?.firstTs).toBeCloseTo(BASE_TS + 10.5, 6);
  });

  it('is silent on a clean failover with GARPs (keepalived: advert, then 5 GARPs)', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, t: 10.3, frame: 1 })],
      adverts({ ...B, prio: 100, from: 10.3 + SKEW, to: 30, frame: 1 }),
      [0, 1, 2, 3, 4].map((i) => garp({ mac: B.mac, vip: VIP, t: 10.3 + SKEW + 0.001 + i * 0.001, frame: 1 })),
    );
    expect(findingsOf(frames, missingGarp)).toEqual([]);
  });

  it('says nothing when the capture holds no ARP at all (filtered to VRRP), but judges once ARP shows up later', () => {
    const vrrpOnly = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 100, from: TAKEOVER, to: 30, frame: 1 }),
    );
    expect(findingsOf(vrrpOnly, missingGarp)).toEqual([]);
    expect(findingsOf(sequence(vrrpOnly, [CLIENT_ARP(25)]), missingGarp)).toHaveLength(1);
  });

  it('does not judge a takeover less than 5 s before the end of the capture', () => {
    expect(findingsOf(crash([], TAKEOVER + 4), missingGarp)).toEqual([]);
    expect(findingsOf(crash([], TAKEOVER + 5.5), missingGarp)).toHaveLength(1);
  });

  it('follows the configured window', () => {
    const frames = crash([[garp({ mac: B.mac, vip: VIP, t: TAKEOVER + 3, frame: 1 })]]);
    expect(findingsOf(frames, missingGarp)).toEqual([]);
    expect(findingsOf(frames, missingGarp, { missingGarp: { withinS: 2 } })).toHaveLength(1);
  });

  it('merges repeated silent takeovers of one master into one finding', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 10, frame: 1 }),
      adverts({ ...B, prio: 100, from: TAKEOVER, to: 20, frame: 1 }),
      adverts({ ...A, prio: 150, from: 20.5, to: 30, frame: 1 }),
      [garp({ mac: A.mac, vip: VIP, t: 20.51, frame: 1 })],
      adverts({ ...B, prio: 100, from: 30 + MDI, to: 45, frame: 1 }),
    );
    const found = findingsOf(frames, missingGarp);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('2 of the 2 times');
    expect(found[0]!.frames).toHaveLength(4);
  });

  it('judges the first master when the capture shows it starting, not one already running', () => {
    const other = arp({ senderMac: '52:54:00:00:00:77', senderIp: '192.0.2.77', targetIp: '192.0.2.1', t: 0, frame: 1 });
    const starting = sequence([other], adverts({ ...A, prio: 150, from: 3.7, to: 20, frame: 1 }));
    const [f, ...rest] = findingsOf(starting, missingGarp);
    expect(rest).toEqual([]);
    expect(f?.message).toContain('first master, starting 3.70 s after the capture began');
    expect(f?.frames).toEqual([2]);
    const announced = sequence(starting, [garp({ mac: A.mac, vip: VIP, t: 3.71, frame: 1 })]);
    expect(findingsOf(announced, missingGarp)).toEqual([]);
    const running = sequence([other], adverts({ ...A, prio: 150, from: 0.6, to: 20, frame: 1 }));
    expect(findingsOf(running, missingGarp)).toEqual([]);
  });

  it('forgets announcements of addresses that are no VIP, but not a GARP sent just before its address became a VIP', () => {
    // GARPs of other hosts every 0.1 s from the start: quiet addresses are forgotten every second of capture time.
    const others = Array.from({ length: 100 }, (_, i) => garp({ mac: '52:54:00:00:00:60', vip: `198.51.100.${1 + i}`, t: i * 0.1, frame: 1 }));
    // The first master GARPs 0.95 s before its first advert (within the 1 s it may announce early): the GARP is kept
    // although its address was no VIP yet when quiet addresses were forgotten in between (at 7 s).
    const early = sequence(others, [garp({ mac: A.mac, vip: VIP, t: 6.55, frame: 1 })], adverts({ ...A, prio: 150, from: 7.5, to: 20, frame: 1 }));
    expect(findingsOf(early, missingGarp)).toEqual([]);
    // Announced 2 s before: too early to count, forgotten or not.
    const tooEarly = sequence(others, [garp({ mac: A.mac, vip: VIP, t: 5.5, frame: 1 })], adverts({ ...A, prio: 150, from: 7.5, to: 20, frame: 1 }));
    expect(findingsOf(tooEarly, missingGarp)).toHaveLength(1);
  });

  it('wants unsolicited NAs (S = 0) for IPv6 VIPs', () => {
    const A6 = { src: 'fe80::11', mac: A.mac };
    const B6 = { src: 'fe80::12', mac: B.mac };
    const vips = ['fe80::1', '2001:db8::100'];
    const mdi = masterDownIntervalMs(3, 100, 1000) / 1000;
    const base = (extra: FrameInfo[][]): FrameInfo[] =>
      sequence(
        adverts({ ...A6, prio: 150, vips, from: 0, to: 10, frame: 1 }),
        adverts({ ...B6, prio: 100, vips, from: 10 + mdi, to: 30, frame: 1 }),
        ...extra,
      );
    const t = 10 + mdi + 0.01;
    const both = [na({ mac: B.mac, target: 'fe80::1', t, frame: 1 }), na({ mac: B.mac, target: '2001:db8::100', t, frame: 1 })];
    expect(findingsOf(base([both]), missingGarp)).toEqual([]);
    const solicited = [na({ mac: B.mac, target: 'fe80::1', t, frame: 1 }), na({ mac: B.mac, target: '2001:db8::100', solicited: true, t, frame: 1 })];
    const [f] = findingsOf(base([solicited]), missingGarp);
    expect(f?.title).toBe('No unsolicited NA from new master of VRID 51');
    expect(f?.subjects.vips).toEqual(['2001:db8::100']);
    expect(f?.wiresharkFilter).toContain('icmpv6.nd.na.target_address == 2001:db8::100');
  });
});

describe('missing-garp on captures', () => {
  it('reports the preemption in flapping.pcap after which n1 sent no gratuitous ARP', async () => {
    const found = await fixtureFindings('flapping.pcap', 'missing-garp');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('warning');
    expect(f.vrid).toBe(51);
    expect(f.subjects).toEqual({ ips: ['192.0.2.11'], macs: ['02:00:00:00:01:01'], vips: ['192.0.2.100'] });
    expect(f.message).toContain('takeover from 192.0.2.12, preempt');
    expect(f.message).toContain('at 1 of the 3 times it became master');
    expect(f.frames).toEqual([41, 42]);
  });

  it('stays quiet when every new master announces its VIPs (GARP, unsolicited NA)', async () => {
    expect(await fixtureFindings('failover-clean.pcap', 'missing-garp')).toEqual([]);
    expect(await fixtureFindings('failover-crash.pcap', 'missing-garp')).toEqual([]);
    expect(await fixtureFindings('v3-ipv6.pcap', 'missing-garp')).toEqual([]);
  });
});

describe('missing-garp with another host storming', () => {
  it('still sees the new master\'s announcements when another host floods the same address', () => {
    const A = { src: '192.0.2.11', mac: '02:00:00:00:00:11' };
    const B = { src: '192.0.2.12', mac: '02:00:00:00:00:12' };
    const frames = sequence(
      adverts({ ...A, prio: 150, from: 0, to: 3, frame: 1 }),
      [advert({ ...A, prio: 0, t: 3.5, frame: 1 })],
      adverts({ ...B, prio: 100, from: 4.1, to: 12.1, frame: 1 }),
      [garp({ mac: B.mac, vip: '192.0.2.100', t: 4.11, frame: 1 })],
      // 40 gratuitous ARPs for the VIP from a third host, before the new master's window is judged.
      Array.from({ length: 40 }, (_, i) => garp({ mac: '02:00:00:00:00:99', vip: '192.0.2.100', t: 6 + i * 0.002, frame: 1 })),
    );
    expect(findingsOf(frames, missingGarp)).toEqual([]);
  });
});

describe('missing-garp when it cannot judge', () => {
  it('says so in the document (and the text report) when the capture holds no ARP at all, instead of staying silent', async () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, vips: [VIP], from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, vips: [VIP], t: 10.5, frame: 1 })],
      adverts({ ...B, prio: 100, vips: [VIP], from: 10.5 + SKEW, to: 20, frame: 1 }),
    );
    const doc = analyze(frames, [missingGarp]);
    expect(doc.findings).toEqual([]);
    expect(doc.notJudged).toHaveLength(1);
    expect(doc.notJudged?.[0]).toMatchObject({ rule: 'missing-garp', router: '0|untagged|ipv4|51' });
    expect(doc.notJudged?.[0]?.reason).toContain('no ARP frame at all');
    const { formatAuditText } = await import('../../../src/report/audit-text.js');
    expect(formatAuditText(doc, { color: false })).toContain('Not judged');
    const { renderHtmlReport } = await import('../../../src/report/html/render.js');
    expect(renderHtmlReport([doc])).toContain('<h3>Not judged</h3>');
    // With ARP in the capture (a client's request), the rule judges: a finding, nothing left unjudged.
    const withArp = analyze([...frames, CLIENT_ARP(2)], [missingGarp]);
    expect(withArp.notJudged).toBeUndefined();
    expect(withArp.findings.map((f) => f.rule)).toEqual(['missing-garp']);
  });
});
