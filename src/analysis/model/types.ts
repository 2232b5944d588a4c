/**
 * The observed state of the segment, kept by the trackers and read (never written) by rules and reporters.
 * Memory grows with the number of virtual routers, speakers, VIPs and hosts, never with the number of frames.
 */
import type { ChecksumVariant, FrameInfo } from '../../decoders/frame-info.js';
import type { Family, TransitionReason } from '../audit-document.js';
import type { OwnAddressView } from './own-addresses.js';
import type { TransitionLog } from './transition-log.js';

export interface Speaker {
  /** `ip|mac`, unique inside its router. */
  id: string;
  ip: string;
  mac: string;
  /** Distinct priorities in the order first seen. */
  priorities: number[];
  lastPriority: number;
  adverts: number;
  firstSeen: number;
  lastSeen: number;
  firstFrame: number;
  lastFrame: number;
  /** Variant of the latest advert with a valid checksum (null until one was valid). */
  checksumVariant: ChecksumVariant | null;
  version: number;
  versions: Set<number>;
  /** Interval used for timers: the advertised one, or 1 s while the advert says 0 (malformed-vrrp reports that). */
  intervalMs: number;
  /** Interval of the latest advert, as on the wire (0 included). */
  advertisedIntervalMs: number;
  /** VIP list of the latest advert, in advert order. */
  vips: string[];
  /** VIP list of the latest advert, sorted and joined by ',' ('' for an advert without addresses). */
  vipList: string;
  /** Every distinct VIP list (sorted, joined by ',') this speaker advertised. */
  vipLists: Set<string>;
  ttls: Set<number>;
  /** Destination of the latest advert was unicast. */
  unicast: boolean;
  authType: number | undefined;
  /** Hex of the raw v2 auth data, for equality only; never printed. */
  authSecret: string | undefined;
  /**
   * Priority > 0 in its latest advert and, as of the last clock tick, not silent for longer than its
   * Master_Down_Interval (`isSilent` in router-tracker.ts answers for any moment).
   */
  active: boolean;
}

export interface Transition {
  ts: number;
  from: Speaker | null;
  to: Speaker;
  reason: TransitionReason;
  gapMs: number | null;
  expectedGapMs: number | null;
  /** Evidence: the old master's last advert and the new master's first. */
  frames: number[];
}

export interface VirtualRouter {
  /** `iface|vlan-stack|family|vrid`, e.g. `0|untagged|ipv4|51`, `0|100.20|ipv4|51`. */
  key: string;
  /** The broadcast domain: `iface|vlan-stack`. */
  linkKey: string;
  iface: number;
  vlanStack: number[];
  /** Innermost VLAN id or null. */
  vlan: number | null;
  family: Family;
  vrid: number;
  speakers: Map<string, Speaker>;
  versions: Set<number>;
  master: Speaker | null;
  masterSince: number | null;
  /** The latest master changes (at most MAX_TRANSITIONS in router-tracker.ts), packed; iterate for objects. */
  transitions: TransitionLog;
  failovers: number;
  firstSeen: number;
  lastSeen: number;
}

export interface IpvsRealServer {
  method: 'dr' | 'tun';
  mac?: string;
  ip?: string;
  encap?: 'ipip' | 'ip6in4' | 'gre' | 'gue';
  frames: number;
}

export interface IpvsVip {
  vip: string;
  /** Director MACs seen forwarding, with frame counts. */
  directors: Map<string, { mac: string; ip?: string; frames: number; firstTs: number; lastTs: number }>;
  realServers: Map<string, IpvsRealServer>;
}

/** What the model tells rules about the frame it just absorbed (ARP and ND frames: `SegmentModel.observeAddresses`). */
export type ModelEvent =
  | {
      kind: 'advert';
      frame: FrameInfo;
      router: VirtualRouter;
      speaker: Speaker;
      newSpeaker: boolean;
      newRouter: boolean;
      /** The advert's VIP list (`Speaker.vipList`) is new in the speaker's `vipLists` (so on its first advert too). */
      newVipList: boolean;
      /** The advert's priority is new in the speaker's `priorities` (so on its first advert too). */
      newPriority: boolean;
      /** The advert's VRRP version is new in the speaker's `versions` (so on its first advert too). */
      newVersion: boolean;
    }
  | { kind: 'master-change'; router: VirtualRouter; transition: Transition }
  | {
      kind: 'ipvs-forward';
      frame: FrameInfo;
      linkKey: string;
      vip: string;
      directorMac: string;
      method: 'dr' | 'tun';
      target: string;
    };

export interface ModelView {
  routers(): Iterable<VirtualRouter>;
  router(key: string): VirtualRouter | undefined;
  /** Routers on this broadcast domain whose VIPs (any speaker's) include `vip`. */
  routersForVip(linkKey: string, vip: string): readonly VirtualRouter[];
  /** Some router on some domain advertises this address. */
  isVip(ip: string): boolean;
  ipvs(): Iterable<IpvsVip>;
  /** MAC last seen as the Ethernet source of a given IPv4/IPv6 address (ARP sender or IP source). */
  macOfIp(ip: string): string | undefined;
  /** IP last seen behind a MAC (ARP sender). */
  ipOfMac(mac: string): string | undefined;
  /** The addresses each MAC announced for itself, and the physical MAC behind a use_vmac speaker. */
  readonly ownAddresses: OwnAddressView;
}
