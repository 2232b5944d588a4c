/**
 * Hand-written AuditDocuments for the reporter tests, shaped like what the analysis produces for real incidents
 * (docs/output-contract.md). Times are capture times around 1764098258 (2025-11-25 19:17:38 UTC).
 */
import type {
  AuditDocument,
  FindingDoc,
  InputDoc,
  RouterDoc,
  SpeakerDoc,
  StatsDoc,
} from '../../src/analysis/audit-document.js';

const T0 = 1764098258.0;

function speaker(s: Partial<SpeakerDoc> & Pick<SpeakerDoc, 'ip' | 'mac' | 'priorities' | 'adverts' | 'firstSeen' | 'lastSeen'>): SpeakerDoc {
  return {
    checksumVariant: 'v2',
    version: 2,
    intervalMs: 1000,
    vips: [],
    ttl: [255],
    unicast: false,
    ...s,
  };
}

function doc(parts: {
  input: Partial<InputDoc> & Pick<InputDoc, 'source' | 'frames'>;
  stats: Partial<StatsDoc>;
  routers?: RouterDoc[];
  ipvs?: AuditDocument['ipvs'];
  findings?: FindingDoc[];
}): AuditDocument {
  return {
    schemaVersion: 1,
    tool: { name: 'vrrp-inspect', version: '0.1.0' },
    profile: 'keepalived',
    input: { format: 'pcapng', linkTypes: [1], firstTs: T0, lastTs: T0 + 16.5, warnings: [], ...parts.input },
    stats: { frames: parts.input.frames, vrrp: 0, arp: 0, nd: 0, ipvs: 0, undecodable: 0, ...parts.stats },
    routers: parts.routers ?? [],
    ipvs: parts.ipvs ?? [],
    findings: parts.findings ?? [],
  };
}

function notFromVmac(router: RouterDoc, macs: string[], frames: number[], frameCount: number): FindingDoc {
  return {
    rule: 'advert-not-from-vmac',
    severity: 'info',
    title: `Adverts for VRID ${router.vrid} come from physical MACs`,
    message: `Speakers of VRID ${router.vrid} send adverts from their own MAC, not 00:00:5e:00:01:${router.vrid
      .toString(16)
      .padStart(2, '0')}: normal for keepalived without use_vmac.`,
    router: router.key,
    vrid: router.vrid,
    vlan: router.vlan,
    family: router.family,
    subjects: { macs },
    firstTs: router.speakers[0]?.firstSeen ?? T0,
    lastTs: router.speakers[router.speakers.length - 1]?.lastSeen ?? T0,
    frames,
    frameCount,
    wiresharkFilter: `vrrp.virt_rtr_id == ${router.vrid}`,
    remediation: 'Nothing to fix for keepalived. Set use_vmac on both nodes if the switches must see the RFC virtual MAC.',
  };
}

/** keepalived on 192.0.2.11 stopped: a priority-0 advert, 192.0.2.12 takes over 0.61 s later and sends GARPs. */
const failoverRouter: RouterDoc = {
  key: '0|untagged|ipv4|51',
  iface: 0,
  vlan: null,
  family: 'ipv4',
  vrid: 51,
  version: 2,
  vips: ['192.0.2.100'],
  intervalMs: 1000,
  speakers: [
    speaker({ ip: '192.0.2.11', mac: '7a:a6:57:7c:4d:ac', priorities: [150, 0], adverts: 6, firstSeen: 1764098262.08, lastSeen: 1764098266.61, vips: ['192.0.2.100'] }),
    speaker({ ip: '192.0.2.12', mac: '22:f6:60:bb:e8:e3', priorities: [100], adverts: 8, firstSeen: 1764098267.22, lastSeen: 1764098274.22, vips: ['192.0.2.100'] }),
  ],
  master: { ip: '192.0.2.12', mac: '22:f6:60:bb:e8:e3', since: 1764098267.22 },
  failovers: 1,
  transitions: [
    { ts: 1764098262.08, from: null, to: { ip: '192.0.2.11' }, reason: 'unknown', gapMs: null, expectedGapMs: null, frames: [30] },
    { ts: 1764098267.22, from: { ip: '192.0.2.11' }, to: { ip: '192.0.2.12' }, reason: 'priority-zero', gapMs: 610, expectedGapMs: 609, frames: [45, 47] },
  ],
  events: [
    { ts: 1764098262.09, kind: 'garp', ip: '192.0.2.100', mac: '7a:a6:57:7c:4d:ac', frame: 31 },
    { ts: 1764098266.61, kind: 'priority-zero', ip: '192.0.2.11', mac: '7a:a6:57:7c:4d:ac', frame: 44 },
    { ts: 1764098267.23, kind: 'garp', ip: '192.0.2.100', mac: '22:f6:60:bb:e8:e3', frame: 48 },
    { ts: 1764098268.23, kind: 'garp', ip: '192.0.2.100', mac: '22:f6:60:bb:e8:e3', frame: 51 },
  ],
};

export const cleanFailover: AuditDocument = doc({
  input: { source: 'failover.pcapng', frames: 70 },
  stats: { vrrp: 14, arp: 15 },
  routers: [failoverRouter],
  findings: [notFromVmac(failoverRouter, ['7a:a6:57:7c:4d:ac', '22:f6:60:bb:e8:e3'], [30, 32, 34, 36, 38, 40], 14)],
});

/**
 * A firewall dropped protocol 112 towards 192.0.2.12 for 14 s: both nodes were master for VIP 192.0.2.100. The analysis
 * gives activeIntervals here. The capture ends mid-record.
 */
const splitBrainRouter: RouterDoc = {
  key: '0|untagged|ipv4|51',
  iface: 0,
  vlan: null,
  family: 'ipv4',
  vrid: 51,
  version: 2,
  vips: ['192.0.2.100'],
  intervalMs: 1000,
  speakers: [
    speaker({
      ip: '192.0.2.11', mac: '7a:a6:57:7c:4d:ac', priorities: [150], adverts: 30, firstSeen: 1764098258.05, lastSeen: 1764098287.05,
      vips: ['192.0.2.100'], activeIntervals: [{ start: 1764098258.05, end: 1764098287.05, priority: 150 }],
    }),
    speaker({
      ip: '192.0.2.12', mac: '22:f6:60:bb:e8:e3', priorities: [100], adverts: 14, firstSeen: 1764098262.1, lastSeen: 1764098276.0,
      vips: ['192.0.2.100'], activeIntervals: [{ start: 1764098262.1, end: 1764098276.0, priority: 100 }],
    }),
  ],
  master: { ip: '192.0.2.11', mac: '7a:a6:57:7c:4d:ac', since: 1764098258.05 },
  failovers: 0,
  transitions: [{ ts: 1764098258.05, from: null, to: { ip: '192.0.2.11' }, reason: 'unknown', gapMs: null, expectedGapMs: null, frames: [2] }],
  events: [
    { ts: 1764098258.06, kind: 'garp', ip: '192.0.2.100', mac: '7a:a6:57:7c:4d:ac', frame: 3 },
    { ts: 1764098262.11, kind: 'garp', ip: '192.0.2.100', mac: '22:f6:60:bb:e8:e3', frame: 31 },
  ],
};

export const splitBrain: AuditDocument = doc({
  input: {
    source: 'split-brain.pcapng',
    frames: 412,
    lastTs: T0 + 30,
    warnings: [{ code: 'truncated-record', message: 'capture ended mid-record (28 of 70 bytes)', frame: 413, offset: 41872 }],
  },
  stats: { vrrp: 44, arp: 36 },
  routers: [splitBrainRouter],
  findings: [
    {
      rule: 'split-brain',
      severity: 'error',
      title: 'Two masters for VRID 51',
      message:
        '192.0.2.11 (priority 150) and 192.0.2.12 (priority 100) both advertised as master of VRID 51 for 13.9 s, from ' +
        '19:17:42.100 to 19:17:56.000 UTC; 192.0.2.11 should win. 192.0.2.12 kept advertising while 192.0.2.11 did: it does not receive the adverts of 192.0.2.11.',
      router: '0|untagged|ipv4|51',
      vrid: 51,
      vlan: null,
      family: 'ipv4',
      subjects: { ips: ['192.0.2.11', '192.0.2.12'], vips: ['192.0.2.100'] },
      firstTs: 1764098262.1,
      lastTs: 1764098276.0,
      frames: [30, 31, 36],
      frameCount: 28,
      wiresharkFilter: 'vrrp.virt_rtr_id == 51 && ip.src in {192.0.2.11 192.0.2.12}',
      remediation:
        'Make sure 192.0.2.12 receives the adverts of 192.0.2.11: allow IP protocol 112 to 224.0.0.18 in both directions ' +
        '(iptables/nftables, security groups), check IGMP snooping on the switch, or configure unicast_peer on both nodes.',
    },
    {
      rule: 'missing-garp',
      severity: 'warning',
      title: 'No gratuitous ARP after 192.0.2.12 became master',
      message: '192.0.2.12 became master of VRID 51 at 19:17:42.100 UTC and sent one GARP for 192.0.2.100 only after the split-brain began.',
      router: '0|untagged|ipv4|51',
      vrid: 51,
      vlan: null,
      family: 'ipv4',
      subjects: { ips: ['192.0.2.12'], vips: ['192.0.2.100'] },
      firstTs: 1764098262.1,
      lastTs: 1764098267.1,
      frames: [30],
      frameCount: 1,
      wiresharkFilter: 'arp.src.proto_ipv4 == 192.0.2.100',
      remediation: 'Check vrrp_garp_master_delay and vrrp_garp_master_repeat in keepalived.conf.',
    },
    notFromVmac(splitBrainRouter, ['7a:a6:57:7c:4d:ac', '22:f6:60:bb:e8:e3'], [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40], 44),
  ],
});

/** Two unrelated clusters on VLAN 20 both use VRID 51. */
const collisionRouter: RouterDoc = {
  key: '0|20|ipv4|51',
  iface: 0,
  vlan: 20,
  family: 'ipv4',
  vrid: 51,
  version: 2,
  vips: ['192.0.2.100', '198.51.100.100'],
  intervalMs: 1000,
  speakers: [
    speaker({ ip: '192.0.2.11', mac: '7a:a6:57:7c:4d:ac', priorities: [150], adverts: 16, firstSeen: 1764098258.3, lastSeen: 1764098273.3, vips: ['192.0.2.100'] }),
    speaker({ ip: '198.51.100.2', mac: '02:42:c6:33:64:02', priorities: [200], adverts: 16, firstSeen: 1764098258.7, lastSeen: 1764098273.7, vips: ['198.51.100.100'] }),
  ],
  master: { ip: '198.51.100.2', mac: '02:42:c6:33:64:02', since: 1764098258.7 },
  failovers: 0,
  transitions: [],
};

export const vridCollision: AuditDocument = doc({
  input: { source: 'vlan20-collision.pcap', format: 'pcap', frames: 64 },
  stats: { vrrp: 32, arp: 4 },
  routers: [collisionRouter],
  findings: [
    {
      rule: 'vrid-collision',
      severity: 'error',
      title: 'VRID 51 used by two clusters on VLAN 20',
      message:
        'Two groups advertise VRID 51 on VLAN 20 with disjoint VIPs: {192.0.2.11 → 192.0.2.100} and {198.51.100.2 → 198.51.100.100}. ' +
        'Free VRIDs on this VLAN include 1-50 and 52-255.',
      router: '0|20|ipv4|51',
      vrid: 51,
      vlan: 20,
      family: 'ipv4',
      subjects: { ips: ['192.0.2.11', '198.51.100.2'], vips: ['192.0.2.100', '198.51.100.100'] },
      firstTs: 1764098258.7,
      lastTs: 1764098273.7,
      frames: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
      frameCount: 32,
      wiresharkFilter: 'vlan.id == 20 && vrrp.virt_rtr_id == 51',
      remediation: 'Give one of the clusters another virtual_router_id (e.g. 52) on all of its nodes.',
    },
  ],
});

/** LVS-DR: a real server answers ARP for the VIP (no arp_ignore/arp_announce). */
const lvsRouter: RouterDoc = {
  key: '0|untagged|ipv4|60',
  iface: 0,
  vlan: null,
  family: 'ipv4',
  vrid: 60,
  version: 2,
  vips: ['203.0.113.10'],
  intervalMs: 1000,
  speakers: [
    speaker({ ip: '192.0.2.21', mac: '26:39:a8:42:a9:13', priorities: [150], adverts: 17, firstSeen: 1764098258.0, lastSeen: 1764098274.0, vips: ['203.0.113.10'] }),
  ],
  master: { ip: '192.0.2.21', mac: '26:39:a8:42:a9:13', since: 1764098258.0 },
  failovers: 0,
  transitions: [{ ts: 1764098258.0, from: null, to: { ip: '192.0.2.21' }, reason: 'unknown', gapMs: null, expectedGapMs: null, frames: [1] }],
};

export const rsArpLeak: AuditDocument = doc({
  input: { source: 'lvs-dr-arp.pcap', format: 'pcap', frames: 188 },
  stats: { vrrp: 17, arp: 22, ipvs: 48 },
  routers: [lvsRouter],
  ipvs: [
    {
      vip: '203.0.113.10',
      director: { mac: '26:39:a8:42:a9:13', ip: '192.0.2.21' },
      realServers: [
        { method: 'dr', mac: '02:00:00:00:03:01', frames: 20 },
        { method: 'dr', mac: '02:00:00:00:03:02', ip: '192.0.2.32', frames: 18 },
        { method: 'tun', ip: '198.51.100.40', encap: 'ipip', frames: 10 },
      ],
    },
  ],
  findings: [
    {
      rule: 'rs-arp-for-vip',
      severity: 'error',
      title: 'Real server 02:00:00:00:03:02 answers ARP for VIP 203.0.113.10',
      message:
        '02:00:00:00:03:02 (192.0.2.32) is not a VRRP speaker, yet it answered 3 ARP requests for 203.0.113.10; IPVS forwards to this MAC (DR), ' +
        'so it holds the VIP on lo without arp_ignore. Clients that get its answer bypass the director.',
      router: '0|untagged|ipv4|60',
      vrid: 60,
      vlan: null,
      family: 'ipv4',
      subjects: { macs: ['02:00:00:00:03:02'], ips: ['192.0.2.32'], vips: ['203.0.113.10'] },
      firstTs: 1764098260.4,
      lastTs: 1764098270.4,
      frames: [41, 87, 133],
      frameCount: 3,
      wiresharkFilter: 'arp.opcode == 2 && arp.src.proto_ipv4 == 203.0.113.10 && arp.src.hw_mac == 02:00:00:00:03:02',
      remediation:
        'On the real server: sysctl net.ipv4.conf.all.arp_ignore=1, net.ipv4.conf.all.arp_announce=2 (and the same for lo), ' +
        'and configure the VIP as 203.0.113.10/32 on lo.',
    },
  ],
});

/** The same VRID on two VLANs (two routers, no collision) and one behind QinQ. */
function vlanRouter(vlanStack: number[], vrid: number, a: string, b: string, vip: string, t: number): RouterDoc {
  const vlan = vlanStack[vlanStack.length - 1] ?? null;
  return {
    key: `0|${vlanStack.join('.')}|ipv4|${vrid}`,
    iface: 0,
    vlan,
    ...(vlanStack.length > 1 ? { vlanStack } : {}),
    family: 'ipv4',
    vrid,
    version: 3,
    vips: [vip],
    intervalMs: 1000,
    speakers: [
      speaker({ ip: a, mac: '52:54:00:0a:00:01', priorities: [120], adverts: 9, firstSeen: t, lastSeen: t + 8, version: 3, checksumVariant: 'v3-pseudo', vips: [vip] }),
      speaker({ ip: b, mac: '52:54:00:0a:00:02', priorities: [110], adverts: 7, firstSeen: t + 11.2, lastSeen: t + 17.2, version: 3, checksumVariant: 'v3-pseudo', vips: [vip] }),
    ],
    master: { ip: b, mac: '52:54:00:0a:00:02', since: t + 11.2 },
    failovers: 1,
    transitions: [
      { ts: t, from: null, to: { ip: a }, reason: 'unknown', gapMs: null, expectedGapMs: null, frames: [1] },
      { ts: t + 11.2, from: { ip: a }, to: { ip: b }, reason: 'master-down', gapMs: 3200, expectedGapMs: 3140, frames: [17, 19] },
    ],
  };
}

export const vlanTagged: AuditDocument = doc({
  input: { source: 'trunk.pcapng', frames: 120, lastTs: T0 + 20 },
  stats: { vrrp: 48, arp: 6 },
  routers: [
    vlanRouter([100], 10, '192.0.2.1', '192.0.2.2', '192.0.2.254', T0 + 0.5),
    vlanRouter([200], 10, '198.51.100.1', '198.51.100.2', '198.51.100.254', T0 + 0.7),
    vlanRouter([300, 20], 10, '203.0.113.1', '203.0.113.2', '203.0.113.254', T0 + 0.9),
  ],
});

/** VRRPv3 over IPv6 with two speakers advertising different intervals. */
const v6Router: RouterDoc = {
  key: '0|untagged|ipv6|7',
  iface: 0,
  vlan: null,
  family: 'ipv6',
  vrid: 7,
  version: 3,
  vips: ['fe80::7', '2001:db8:0:1::100'],
  intervalMs: 1000,
  speakers: [
    speaker({
      ip: 'fe80::5054:ff:fe12:3401', mac: '52:54:00:12:34:01', priorities: [200], adverts: 12, firstSeen: 1764098258.2, lastSeen: 1764098269.2,
      version: 3, checksumVariant: 'v3-pseudo', vips: ['fe80::7', '2001:db8:0:1::100'],
    }),
    speaker({
      ip: 'fe80::5054:ff:fe12:3402', mac: '52:54:00:12:34:02', priorities: [100], adverts: 20, firstSeen: 1764098272.4, lastSeen: 1764098274.4,
      version: 3, intervalMs: 100, checksumVariant: 'v3-pseudo', vips: ['fe80::7', '2001:db8:0:1::100'],
    }),
  ],
  master: { ip: 'fe80::5054:ff:fe12:3402', mac: '52:54:00:12:34:02', since: 1764098272.4 },
  failovers: 1,
  transitions: [
    { ts: 1764098258.2, from: null, to: { ip: 'fe80::5054:ff:fe12:3401' }, reason: 'unknown', gapMs: null, expectedGapMs: null, frames: [1] },
    { ts: 1764098272.4, from: { ip: 'fe80::5054:ff:fe12:3401' }, to: { ip: 'fe80::5054:ff:fe12:3402' }, reason: 'master-down', gapMs: 3200, expectedGapMs: 3219, frames: [12, 14] },
  ],
  events: [{ ts: 1764098272.41, kind: 'na', ip: '2001:db8:0:1::100', mac: '52:54:00:12:34:02', frame: 15 }],
};

export const ipv6Router: AuditDocument = doc({
  input: { source: 'v3-ipv6.pcapng', frames: 40 },
  stats: { vrrp: 32, nd: 4 },
  routers: [v6Router],
  findings: [
    {
      rule: 'interval-mismatch',
      severity: 'warning',
      title: 'Different advert intervals for VRID 7 (IPv6)',
      message: 'fe80::5054:ff:fe12:3401 advertises every 1000 ms, fe80::5054:ff:fe12:3402 every 100 ms.',
      router: '0|untagged|ipv6|7',
      vrid: 7,
      vlan: null,
      family: 'ipv6',
      subjects: { ips: ['fe80::5054:ff:fe12:3401', 'fe80::5054:ff:fe12:3402'] },
      firstTs: 1764098272.4,
      lastTs: 1764098274.4,
      frames: [14],
      frameCount: 1,
      wiresharkFilter: 'vrrp.virt_rtr_id == 7 && ipv6.src == fe80::5054:ff:fe12:3402',
      remediation: 'Set the same advert_int on every node of VRID 7.',
    },
  ],
});

/** Text that a hostile capture can put in a report: markup in names, messages and filters. */
export const hostileCapture: AuditDocument = doc({
  input: {
    source: '<script>alert("src")</script>.pcap',
    frames: 3,
    warnings: [{ code: 'bad-block', message: 'block says <img src=x onerror=alert(1)> & "quotes"' }],
  },
  stats: { vrrp: 2 },
  routers: [
    {
      ...failoverRouter,
      key: '0|untagged|ipv4|66',
      vrid: 66,
      vips: ['<b>vip</b>'],
      events: [{ ts: 1764098262.09, kind: 'garp', ip: '"><svg onload=alert(2)>', mac: "'onmouseover='alert(3)", frame: 31 }],
    },
  ],
  findings: [
    {
      rule: 'split-brain',
      severity: 'error',
      title: 'Two masters </title><script>alert(4)</script>',
      message: 'message with ]]> and <!-- comment --> and </style>',
      router: '0|untagged|ipv4|66',
      vrid: 66,
      vlan: null,
      family: 'ipv4',
      subjects: { ips: ['192.0.2.11', '192.0.2.12'] },
      firstTs: 1764098262.1,
      lastTs: 1764098266.0,
      frames: [30],
      frameCount: 1,
      wiresharkFilter: 'ip.src == "</script><script>alert(5)</script>"',
      remediation: 'fix & <i>escape</i>',
    },
  ],
});

export const allSamples: Record<string, AuditDocument> = { cleanFailover, splitBrain, vridCollision, rsArpLeak, vlanTagged, ipv6Router };
