/** Helpers shared by rules: wording, address claims and per-speaker values. Display filters: ../wireshark-filter.ts. */
import type { FrameInfo, IpInfo } from '../../decoders/frame-info.js';
import type { Speaker, VirtualRouter } from '../model/types.js';
import type { Transition } from '../model/types.js';

export function describeRouter(router: VirtualRouter): string {
  const vlan = router.vlan === null ? '' : ` on VLAN ${router.vlan}`;
  return `VRID ${router.vrid} (${router.family === 'ipv6' ? 'IPv6' : 'IPv4'})${vlan}`;
}

export function seconds(s: number): string {
  return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
}

/** The IP header that carries a frame's VRRP payload: a tunnel's inner header, else the outer one. */
export function advertIpOf(frame: FrameInfo): IpInfo | undefined {
  return frame.inner?.ip ?? frame.ip;
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

import { isSilent, vipsOverlap } from '../model/router-tracker.js';

export { vipsOverlap };

/** The latest value of one property of one speaker, with the frame that first showed it. */
export interface SpeakerValue {
  speaker: Speaker;
  value: string;
  frame: number;
}

interface RouterValues {
  /** With the speaker's VIP list as of the value (the model keeps that array while the list stays the same). */
  speakers: Map<Speaker, SpeakerValue & { vips: readonly string[] }>;
  /** Who disagrees, computed again only after a value or a VIP list changed. */
  involved: SpeakerValue[] | null;
  involvedSet: Set<Speaker>;
}

/**
 * Per router, the latest value of some property for each speaker (auth, interval, checksum variant...): what the
 * consistency rules compare. Memory grows with speakers, not frames; an advert that changes nothing costs O(1) (keyed by
 * the model's router and speaker objects: no key string per advert).
 */
export class SpeakerValues {
  private readonly byRouter = new Map<VirtualRouter, RouterValues>();
  /** The router observed last and its values: `involved` and `isInvolved` follow `observe` for the same advert. */
  private lastRouter: VirtualRouter | null = null;
  private lastValues: RouterValues | undefined;

  private valuesOf(router: VirtualRouter): RouterValues | undefined {
    if (router !== this.lastRouter) {
      this.lastRouter = router;
      this.lastValues = this.byRouter.get(router);
    }
    return this.lastValues;
  }

  /** Records the speaker's value; the evidence frame changes only when the value does. */
  observe(router: VirtualRouter, speaker: Speaker, value: string, frame: number): void {
    let r = this.valuesOf(router);
    if (!r) {
      r = { speakers: new Map(), involved: [], involvedSet: new Set() };
      this.byRouter.set(router, r);
      this.lastValues = r;
    }
    const known = r.speakers.get(speaker);
    if (known?.value === value && known.vips === speaker.vips) return;
    r.speakers.set(speaker, { speaker, value, frame: known?.value === value ? known.frame : frame, vips: speaker.vips });
    r.involved = null;
  }

  of(router: VirtualRouter): SpeakerValue[] {
    return [...(this.valuesOf(router)?.speakers.values() ?? [])];
  }

  /** `disagreeing(of(router))`, kept until something changes. */
  involved(router: VirtualRouter): SpeakerValue[] {
    const r = this.valuesOf(router);
    if (!r) return [];
    if (r.involved === null) {
      r.involved = disagreeing([...r.speakers.values()]);
      r.involvedSet = new Set(r.involved.map((v) => v.speaker));
    }
    return r.involved;
  }

  isInvolved(router: VirtualRouter, speaker: Speaker): boolean {
    this.involved(router);
    return this.valuesOf(router)?.involvedSet.has(speaker) ?? false;
  }
}

/**
 * Speakers whose value differs from that of another speaker of the same cluster (overlapping VIPs). Speakers with
 * disjoint VIP sets are unrelated clusters sharing a VRID: that is vrid-collision's finding, not a mismatch. Linear in
 * speakers × VIPs: per VIP the distinct values seen with it; an empty VIP list (count 0) overlaps everything.
 */
export function disagreeing(values: readonly SpeakerValue[]): SpeakerValue[] {
  const all = new Set(values.map((v) => v.value));
  if (all.size < 2) return [];
  const byVip = new Map<string, Set<string>>();
  const unknownVips = new Set<string>();
  for (const v of values) {
    if (v.speaker.vips.length === 0) unknownVips.add(v.value);
    for (const vip of v.speaker.vips) {
      let set = byVip.get(vip);
      if (!set) {
        set = new Set();
        byVip.set(vip, set);
      }
      set.add(v.value);
    }
  }
  const othersIn = (set: ReadonlySet<string>, value: string): boolean => set.size > 1 || (set.size === 1 && !set.has(value));
  return values.filter((a) => {
    if (a.speaker.vips.length === 0 || othersIn(unknownVips, a.value)) return true;
    return a.speaker.vips.some((vip) => othersIn(byVip.get(vip) ?? new Set(), a.value));
  });
}

/** Values in first-seen order (by frame), each with the speakers holding it. */
export function groupByValue(values: readonly SpeakerValue[]): { value: string; members: SpeakerValue[] }[] {
  const groups = new Map<string, SpeakerValue[]>();
  for (const v of [...values].sort((a, b) => a.frame - b.frame)) {
    const list = groups.get(v.value);
    if (list) list.push(v);
    else groups.set(v.value, [v]);
  }
  return [...groups].map(([value, members]) => ({ value, members }));
}

export { addressClaimOf, claimMacs, type AddressClaim, type AddressClaimKind } from '../model/address-claims.js';

/**
 * Where the capture began, as rules see it (the engine ticks at the first frame), so messages can say "12.30 s into
 * the capture" like Wireshark's default time column. Feed it from `tick` (and `frame` if the rule has one).
 */
export class CaptureClock {
  private first = Number.POSITIVE_INFINITY;

  observe(ts: number): void {
    if (ts < this.first) this.first = ts;
  }

  /** Capture time of the first frame; the given fallback until one was seen. */
  start(fallback: number): number {
    return Number.isFinite(this.first) ? this.first : fallback;
  }

  /** `12.30 s into the capture`. */
  at(ts: number): string {
    return `${this.offset(ts)} into the capture`;
  }

  /** `12.30 s` after the first frame (for spans: "from 2.00 s to 9.50 s into the capture"). */
  offset(ts: number): string {
    return seconds(Math.max(0, ts - this.start(ts)));
  }
}

/**
 * When the old master stopped being master: at the change (the new master's advert after a priority-0 advert, a
 * silence of Master_Down_Interval, or a preempting advert), or at its own last advert if that came later.
 */
export function settledAt(transition: Transition): number {
  const from = transition.from;
  return from ? Math.max(transition.ts, from.lastSeen) : transition.ts;
}

/**
 * Whether a speaker that is not the router's master still claims master at `ts` (split-brain's business, not a backup
 * misbehaving): its latest advert has priority > 0 and is at most a Master_Down_Interval old, and it did not yield:
 * it never was master, or it went on advertising for more than one interval after it was replaced at `leftAt`.
 */
export function stillClaimsMaster(s: Speaker, ts: number, leftAt: number | undefined): boolean {
  if (!s.active || isSilent(s, ts)) return false;
  return leftAt === undefined || s.lastSeen > leftAt + s.intervalMs / 1000;
}

/** A former master replaced at `leftAt` is a backup from then, or from its own last advert if that came later. */
export function backupSince(s: Speaker, leftAt: number): number {
  return Math.max(leftAt, s.lastSeen);
}

/** fe80::/10: the first 16-bit group is fe80 through febf. */
export function isLinkLocalIpv6(ip: string): boolean {
  const first = ip.split(':', 1)[0] ?? '';
  if (first === '') return false;
  return (parseInt(first, 16) & 0xffc0) === 0xfe80;
}

/** How to name a speaker among `all`: its IP, with the MAC added when another speaker shares that IP. */
export function speakerName(speaker: Speaker, all: readonly Speaker[]): string {
  const shared = all.some((s) => s !== speaker && s.ip === speaker.ip);
  return shared ? `${speaker.ip} (${speaker.mac})` : speaker.ip;
}
