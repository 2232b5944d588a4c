/**
 * Two keepalived nodes, n1 (priority 150, starts as MASTER) and n2 (100); after a few adverts n1 is stopped
 * gracefully (priority-0 advert, n2 takes over after Skew_Time) or killed (n2 takes over after Master_Down_Interval).
 * Variants differ in VRRP version/family/interval, VMAC, unicast, and where and how the capture is taken.
 */
import type { FrameRow } from '../tshark-frames.js';
import type { LabCaptureOptions } from '../lab.js';
import type { StopMode } from '../keepalived-process.js';
import { adverts, after, before, claim, first, frameList, garps, last, neighbourAdverts, secs } from './claims.js';
import { hold, N1, N2, nodeConfig, VIP, VRID, type InstanceOptions } from './common.js';
import type { RecordingSession } from './session.js';
import type { Scenario, ScenarioFacts } from './types.js';

/** EUI-64 link-local address of a MAC, as the kernel derives it (addr_gen_mode eui64). */
export function linkLocalOf(mac: string): string {
  const b = mac.split(':').map((h) => Number.parseInt(h, 16));
  const e = [(b[0] ?? 0) ^ 0x02, b[1] ?? 0, b[2] ?? 0, 0xff, 0xfe, b[3] ?? 0, b[4] ?? 0, b[5] ?? 0];
  const groups = [0, 2, 4, 6].map((i) => (((e[i] ?? 0) << 8) | (e[i + 1] ?? 0)).toString(16));
  // Compress the leading zero groups as the kernel and tshark print them (fe80::ff:fe00:101).
  while (groups[0] === '0') groups.shift();
  return `fe80::${groups.join(':')}`;
}

export interface FailoverSpec {
  name: string;
  title: string;
  summary: string;
  ext?: 'pcap' | 'pcapng';
  stop: StopMode;
  family?: 4 | 6;
  /** Per-node instance options on top of priority 150 (n1, MASTER) / 100 (n2). */
  instance?: (i: 1 | 2) => Partial<InstanceOptions>;
  ageingTimeSec?: number;
  /** Capture point; default the observer's eth0 with tcpdump. */
  captureOn?: 'obs' | 'n2';
  capture?: LabCaptureOptions;
  /** The v6 VIP whose NA proves the takeover; v4 uses 192.0.2.100. */
  vip?: string;
  /** Expected findings besides the defaults. */
  mustReport?: string[];
  /** Rule ids that may legitimately appear, removed from the default must-not list. */
  allow?: string[];
  extraKeyFrames?: (rows: readonly FrameRow[]) => string[];
  extraMustNotReport?: string[];
  remarks?: string[];
}

export const QUIET_RULES: ReadonlyArray<readonly [string, string]> = [
  ['split-brain', 'at no time do two speakers advertise with priority > 0'],
  ['vrid-collision', 'one group of speakers with one VIP set'],
  ['wrong-vmac', 'no frame uses another VRID\'s virtual MAC'],
  ['missing-garp', 'the new master announces the VIP right after its first advert'],
  ['slow-takeover', 'the takeover gap stays within the expected timer plus one interval'],
  ['ttl-not-255', 'every advert has TTL / hop limit 255'],
  ['bad-checksum', 'keepalived computes valid checksums'],
  ['malformed-vrrp', 'keepalived sends well-formed adverts'],
  ['interval-mismatch', 'both nodes use the same interval'],
  ['auth-mismatch', 'no authentication configured'],
  ['plaintext-auth', 'no authentication configured'],
  ['version-mismatch', 'one VRRP version'],
  ['checksum-variant-mismatch', 'one keepalived version, default checksum'],
  ['vip-list-mismatch', 'both nodes advertise the same VIP list'],
  ['equal-priority', 'priorities 150 and 100'],
  ['multiple-owners', 'nobody uses priority 255'],
  ['rs-arp-for-vip', 'no host other than the VRRP nodes sends ARP for the VIP'],
  ['backup-answers-arp', 'only the current master announces the VIP'],
  ['master-flapping', 'one master change'],
  ['ipvs-forwarding-by-backup', 'no IPVS traffic'],
];

export function mustNotExcept(allow: readonly string[]): string[] {
  return QUIET_RULES.filter(([id]) => !allow.includes(id)).map(([id, why]) => `\`${id}\`: ${why}`);
}

function masterDownInterval(version: number, advInt: number, prio: number): number {
  // v2 advInt in seconds; v3 in centiseconds.
  return version === 3 ? (3 * advInt) / 100 + ((256 - prio) * advInt) / 100 / 256 : 3 * advInt + (256 - prio) / 256;
}

export function failoverScenario(spec: FailoverSpec): Scenario {
  const family = spec.family ?? 4;
  const ip = (n: typeof N1) => (family === 6 ? linkLocalOf(n.mac) : n.ip);
  return {
    name: spec.name,
    title: spec.title,
    summary: spec.summary,
    ext: spec.ext ?? 'pcap',
    async record(s: RecordingSession) {
      for (const r of spec.remarks ?? []) s.remarks.push(r);
      const lab = await s.createLab({
        nodes: 2,
        observer: true,
        ...(family === 6 ? { ipv6: true } : {}),
        ...(spec.ageingTimeSec !== undefined ? { ageingTimeSec: spec.ageingTimeSec } : {}),
      });
      const cap = await s.capture(spec.captureOn ?? 'obs', spec.capture ?? {});
      await s.startKeepalived('n1', nodeConfig('n1', { priority: 150, state: 'MASTER', ...spec.instance?.(1) }));
      await s.waitMaster('n1');
      await s.startKeepalived('n2', nodeConfig('n2', { priority: 100, ...spec.instance?.(2) }));
      await hold(s, 3, 'n1 master, n2 backup');
      await s.stopKeepalived('n1', spec.stop);
      await s.waitMaster('n2');
      await hold(s, 3, 'n2 settles as master');
      await cap.stop();
      s.mark('capture stopped');
      void lab;
    },
    verify(rows): ScenarioFacts {
      const n1 = adverts(rows, { src: ip(N1), vrid: VRID, minPrio: 1 });
      const n2 = adverts(rows, { src: ip(N2), vrid: VRID, minPrio: 1 });
      const n1First = first(n1, 'n1 advert');
      const version = n1First.vrrpVersion ?? 2;
      const advInt = n1First.advInt ?? 1;
      const keyFrames: string[] = [];
      const mustReport: string[] = [];
      keyFrames.push(`Frames ${frameList(n1)}: n1 (${ip(N1)}, MAC ${n1First.ethSrc}) advertises VRID ${VRID}, priority 150, VRRPv${version}, interval ${version === 3 ? `${advInt} cs` : `${advInt} s`}, TTL ${n1First.ttl}, to ${n1First.ipDst}.`);
      const zero = adverts(rows, { src: ip(N1), vrid: VRID, prio: 0 });
      let departure: FrameRow;
      let expectedGap: number;
      if (spec.stop === 'graceful') {
        departure = first(zero, 'n1 priority-0 advert');
        claim(zero.length === 1, 'exactly one priority-0 advert');
        keyFrames.push(`Frame ${departure.no}: n1's priority-0 advert (keepalived SIGTERM), t=${secs(departure.rel)}.`);
        expectedGap = version === 3 ? ((256 - 100) * advInt) / 100 / 256 : (256 - 100) / 256;
      } else {
        claim(zero.length === 0, 'no priority-0 advert after SIGKILL');
        departure = last(n1, 'n1 last advert');
        keyFrames.push(`Frame ${departure.no}: n1's last advert before the SIGKILL, t=${secs(departure.rel)}; no priority-0 advert follows.`);
        expectedGap = masterDownInterval(version, advInt, 100);
      }
      const n2First = first(after(n2, departure), 'n2 first advert after n1 left');
      claim(before(n2, departure).length === 0, 'n2 sends no advert while n1 is master');
      claim(after(n1, departure).length === 0, 'n1 silent after it left');
      const gap = n2First.epoch - departure.epoch;
      claim(gap >= expectedGap * 0.8 && gap <= expectedGap + (version === 3 ? advInt / 100 : advInt), `takeover gap ${gap} vs expected ${expectedGap}`);
      keyFrames.push(`Frame ${n2First.no}: n2's first advert as master (priority 100, from ${n2First.ethSrc}), ${secs(gap)} after frame ${departure.no} (expected ${spec.stop === 'graceful' ? 'Skew_Time' : 'Master_Down_Interval'} ${secs(expectedGap)}).`);
      keyFrames.push(`Frames ${frameList(after(n2, n2First))}: n2 keeps advertising.`);
      if (family === 4) {
        const n2Garps = garps(rows, VIP).filter((r) => r.no > n2First.no);
        claim(n2Garps.length >= 1 && (first(n2Garps, 'garp').epoch - n2First.epoch) < 1, 'n2 GARPs right after taking over');
        keyFrames.push(`Frames ${frameList(n2Garps)}: gratuitous ARPs for ${VIP} from n2 (sender MAC ${first(n2Garps, 'garp').arpSrcMac}).`);
        const n1Garps = garps(rows, VIP).filter((r) => r.no < departure.no);
        if (n1Garps.length) keyFrames.push(`Frames ${frameList(n1Garps)}: n1's gratuitous ARPs for ${VIP} when it became master at startup.`);
      } else {
        const vip = spec.vip ?? '2001:db8::100';
        const nas = neighbourAdverts(rows, vip).filter((r) => r.no > n2First.no);
        claim(nas.length >= 1, 'n2 sends unsolicited NAs for the VIP');
        keyFrames.push(`Frames ${frameList(nas)}: unsolicited neighbour advertisements for ${vip} from n2 (${first(nas, 'na').ethSrc}).`);
      }
      keyFrames.push(...(spec.extraKeyFrames?.(rows) ?? []));
      mustReport.push(
        `(report, not a finding) VRID ${VRID}/IPv${family}: one master change, n1 ${ip(N1)} (prio 150) → n2 ${ip(N2)} (prio 100) at frame ${n2First.no}, takeover gap ${secs(gap)} measured from frame ${departure.no}${spec.stop === 'graceful' ? ' (after a priority-0 advert)' : ' (master vanished without priority 0)'}.`,
        ...(spec.mustReport ?? [`\`advert-not-from-vmac\` (info): both nodes advertise from their physical MACs (${N1.mac}, ${N2.mac}), one finding for VRID ${VRID}.`]),
      );
      return { keyFrames, mustReport, mustNotReport: [...(spec.extraMustNotReport ?? []), ...mustNotExcept(spec.allow ?? [])] };
    },
  };
}
