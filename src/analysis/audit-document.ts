/**
 * The `audit --format json` document (docs/output-contract.md). Public API: field names are fixed.
 * Also the `summary` event of `live --format jsonl` and the data behind the text and HTML reports.
 */
import type { ChecksumVariant } from '../decoders/frame-info.js';
import type { CaptureWarning } from '../capture/raw-frame.js';

export type Severity = 'error' | 'warning' | 'info';
export type Family = 'ipv4' | 'ipv6';
export type TransitionReason = 'priority-zero' | 'master-down' | 'preempt' | 'unknown';

export interface SpeakerDoc {
  ip: string;
  mac: string;
  /** Distinct priorities in the order first seen. */
  priorities: number[];
  adverts: number;
  firstSeen: number;
  lastSeen: number;
  checksumVariant: ChecksumVariant | null;
  /** Added fields (allowed by the contract). */
  version: number;
  intervalMs: number;
  vips: string[];
  ttl: number[];
  unicast: boolean;
  authType?: number;
  /**
   * When this speaker was advertising, for the reporters' timelines (optional; reporters fall back to firstSeen/lastSeen and
   * the transitions when absent). One entry per run of consecutive adverts with the same priority: a run ends when the
   * priority changes or the speaker stays silent longer than its Master_Down_Interval. `end` is the last advert of the run.
   * Priority-0 adverts form their own runs (priority 0). Sorted by start, non-overlapping; capped like `events` (500).
   */
  activeIntervals?: { start: number; end: number; priority: number }[];
  /** Added with --keepalived: the node (router_id or file name) whose config this speaker matched, when it is unambiguous. */
  node?: string;
}

/** A point event drawn on a router's timeline (HTML report markers). */
export interface RouterEventDoc {
  ts: number;
  /** garp: gratuitous ARP for a VIP; na: unsolicited neighbour advertisement for a VIP; priority-zero: a resigning advert. */
  kind: 'garp' | 'na' | 'priority-zero';
  /** The VIP announced (garp/na) or the advert's source IP (priority-zero). */
  ip: string;
  mac: string;
  frame: number;
}

export interface TransitionDoc {
  ts: number;
  from: { ip: string } | null;
  to: { ip: string };
  reason: TransitionReason;
  gapMs: number | null;
  expectedGapMs: number | null;
  frames: number[];
}

export interface RouterDoc {
  key: string;
  iface: number;
  vlan: number | null;
  vlanStack?: number[];
  family: Family;
  vrid: number;
  /** The current master's version (or the highest seen). */
  version: number;
  /** Added: every version seen, only when both v2 and v3 adverts were (RFC 5798 §8.4 migration, or a mistake). */
  versions?: number[];
  vips: string[];
  intervalMs: number;
  speakers: SpeakerDoc[];
  master: { ip: string; mac: string; since: number } | null;
  failovers: number;
  transitions: TransitionDoc[];
  /**
   * Optional, for the reporters' timelines: GARPs / unsolicited NAs for this router's VIPs and priority-0 adverts, in capture
   * order, at most the first 500 (`eventCount` tells the total when more were seen).
   */
  events?: RouterEventDoc[];
  eventCount?: number;
  /** Added with --keepalived: the configured vrrp_instance name(s) for this router (one name, or names joined by ', '). */
  instance?: string;
  /** Added with --keepalived: every configured instance this router matched, per node. */
  config?: ConfigRefDoc[];
}

export interface IpvsRealServerDoc {
  method: 'dr' | 'tun';
  mac?: string;
  ip?: string;
  /** tun: ipip, gre, gue, ip6in4. */
  encap?: string;
  frames: number;
  /** Added with --keepalived: the configured real_server this one is (`192.0.2.40:80`), when its address is known. */
  configured?: string;
}

export interface IpvsDoc {
  vip: string;
  director: { mac: string; ip?: string } | null;
  /** Added: every director MAC seen forwarding for this VIP, when more than one was (two directors forwarding at once). */
  directors?: { mac: string; frames: number }[];
  realServers: IpvsRealServerDoc[];
  /** Added with --keepalived: the virtual_server blocks of the configs for this VIP, with their real servers. */
  configured?: ConfiguredVirtualServerDoc[];
}

export interface ConfiguredVirtualServerDoc {
  /** `192.0.2.100:80`, `fwmark 1`, `group NAME`. */
  virtualServer: string;
  lbKind: 'DR' | 'NAT' | 'TUN' | null;
  nodes: string[];
  realServers: { ip: string; port?: number }[];
}

export interface FindingDoc {
  rule: string;
  severity: Severity;
  title: string;
  message: string;
  router: string | null;
  vrid: number | null;
  vlan: number | null;
  family: Family | null;
  subjects: { ips?: string[]; macs?: string[]; vips?: string[] };
  firstTs: number;
  lastTs: number;
  frames: number[];
  frameCount: number;
  wiresharkFilter: string;
  remediation: string;
  /** Added (conf-* rules): the keepalived.conf statements behind the finding. */
  config?: ConfigRefDoc[];
  /**
   * Live capture only, for a finding a lost frame can cause (a gap, a missing advert or GARP): frames the capture
   * dropped around it, or null when the capture cannot tell whether it dropped any. Absent otherwise.
   */
  captureDrops?: number | null;
}

/** A statement of a node's keepalived.conf: the node (router_id or file name), the file it is in, its line. */
export interface ConfigRefDoc {
  node: string;
  file: string;
  line: number;
  /** The vrrp_instance or virtual_server it belongs to, when it does. */
  instance?: string;
}

export interface InputDoc {
  source: string;
  format: 'pcap' | 'pcapng' | 'live';
  linkTypes: number[];
  frames: number;
  firstTs: number | null;
  lastTs: number | null;
  warnings: CaptureWarning[];
  /** Live capture only: what captured and what it lost. */
  capture?: CaptureDoc;
}

export interface CaptureDoc {
  /** tcpdump, dumpcap, cap, or stream (`live -`). */
  engine: string;
  /** Interface names by interface number (empty for a stream). */
  interfaces: string[];
  /** kernelDrops + toolDrops; null while the kernel's count is unknown. */
  drops: number | null;
  /** Frames the kernel (libpcap's buffer) dropped; null when the engine cannot tell. */
  kernelDrops: number | null;
  /** Frames vrrp-inspect itself discarded because it fell behind. */
  toolDrops: number;
}

export interface StatsDoc {
  frames: number;
  vrrp: number;
  arp: number;
  nd: number;
  ipvs: number;
  undecodable: number;
}

/** One capture of a merged analysis (`audit --merge`). */
export interface VantagePointDoc {
  /** `name=` from the command line, else the file's base name. */
  name: string;
  source: string;
  format: 'pcap' | 'pcapng';
  /** Records in the capture, and those the analysis kept (VRRP, ARP, ND, ...). */
  frames: number;
  relevant: number;
  /** Kept frames no other vantage point captured. */
  onlyHere: number;
  /** This capture's clock minus the reference clock, in seconds; null when it shares no frame with the others (not aligned). */
  offsetS: number | null;
  /**
   * How fast that offset changes, in microseconds per second (ppm; 0 below 1 ppm or when the matched frames span less
   * than 10 s); with a drift, `offsetS` holds at reference time `offsetAtTs`.
   */
  driftPpm: number | null;
  offsetAtTs?: number;
  /** Frames matched with the other captures when the offset was estimated, and their median residual after alignment. */
  matched: number;
  /**
   * Present when a capture had more frames of interest than the clock estimate keeps (131,072): the estimate, and so
   * `matched`, looked at about one frame in this many (those whose fingerprint hash is a multiple of it).
   */
  matchedOneIn?: number;
  residualMs: number | null;
  /** Capture span on the reference clock. */
  firstTs: number | null;
  lastTs: number | null;
  /** The speaker this capture was taken on (its own view), when the name is one of the speakers' IPs. */
  host: { ip: string } | null;
  /**
   * What this capture alone shows, on the reference clock: per router, the speakers it captured adverts of and when each
   * advertised as master (runs of adverts with priority > 0, as `activeIntervals`). In a node's own capture, its own
   * runs are when it was master in its own view.
   */
  view: {
    router: string;
    vrid: number;
    family: Family;
    speakers: {
      ip: string;
      mac: string;
      adverts: number;
      master: { start: number; end: number }[];
      /** Gratuitous ARPs / unsolicited NAs for the router's VIPs from the speaker's MAC in this capture. */
      announcements: number;
    }[];
  }[];
}

/** Per vantage point, the adverts of one speaker it captured, and the runs it missed. */
export interface ReceptionCellDoc {
  vantage: string;
  /** Adverts of the speaker (captured by any vantage point) while this capture was running, and how many it captured. */
  total: number;
  seen: number;
  /** seen / total, rounded to 3 decimals; null when total is 0. */
  share: number | null;
  /** Runs of consecutive adverts this vantage point missed (merged frame numbers). */
  missed: { start: number; end: number; adverts: number; firstFrame: number; lastFrame: number }[];
}

export interface ReceptionDoc {
  router: string;
  vrid: number;
  family: Family;
  vlan: number | null;
  speakers: { ip: string; mac: string; adverts: number; vantages: ReceptionCellDoc[] }[];
}

/** Added by `audit --merge`: the captures, their clock offsets and who captured whose adverts. */
export interface VantagesDoc {
  /** The vantage point whose clock the merged timestamps use. */
  reference: string;
  /** Window within which one frame captured at two points counts once (milliseconds). */
  windowMs: number;
  points: VantagePointDoc[];
  reception: ReceptionDoc[];
}

/** A host that sent CARP adverts for a group (in CARP only the master advertises). Values are its latest advert's. */
export interface CarpAdvertiserDoc {
  ip: string;
  mac: string;
  adverts: number;
  firstSeen: number;
  lastSeen: number;
  /** Seconds. */
  advbase: number;
  advskew: number;
  demotion: number;
  /** Adverts whose checksum was judged and is bad. */
  badChecksums: number;
}

/** A CARP group (vhid) on one link: never a VRRP router, never judged by the VRRP rules. */
export interface CarpGroupDoc {
  key: string;
  iface: number;
  vlan: number | null;
  family: Family;
  vhid: number;
  /** By first advert. */
  advertisers: CarpAdvertiserDoc[];
}

/** Added: CARP seen in the capture. Present only when there was at least one CARP frame. */
export interface CarpDoc {
  frames: number;
  groups: CarpGroupDoc[];
}

export interface AuditDocument {
  schemaVersion: 1;
  tool: { name: 'vrrp-inspect'; version: string };
  profile: 'keepalived' | 'rfc';
  input: InputDoc;
  stats: StatsDoc;
  routers: RouterDoc[];
  ipvs: IpvsDoc[];
  findings: FindingDoc[];
  /** Only in a merged analysis of several captures (`audit --merge`). */
  vantages?: VantagesDoc;
  /**
   * Added field: rules that could not judge this capture and why (e.g. missing-garp when the capture holds no ARP at
   * all, as with `tcpdump vrrp`). Present only when some rule could not judge.
   */
  notJudged?: NotJudgedDoc[];
  carp?: CarpDoc;
}

export interface NotJudgedDoc {
  rule: string;
  /** Router key when the judgement concerned one router, else null. */
  router: string | null;
  reason: string;
}
