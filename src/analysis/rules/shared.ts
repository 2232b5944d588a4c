/** Helpers shared by rules: Wireshark display filters and wording. */
import type { FrameInfo, IpInfo } from '../../decoders/frame-info.js';
import type { Speaker, VirtualRouter } from '../model/types.js';

/** Wireshark filter selecting a router's adverts (`vrrp.virt_rtr_id`), narrowed to its VLAN and family. */
export function routerFilter(router: VirtualRouter): string {
  const parts = [`vrrp.virt_rtr_id == ${router.vrid}`];
  if (router.vlan !== null) parts.push(`vlan.id == ${router.vlan}`);
  parts.push(router.family === 'ipv6' ? 'ipv6' : 'ip');
  return parts.join(' && ');
}

/** `ip.src in {a b}` / `ipv6.src in {...}`. */
export function srcInFilter(router: VirtualRouter, ips: readonly string[]): string {
  const field = router.family === 'ipv6' ? 'ipv6.src' : 'ip.src';
  return ips.length === 1 ? `${field} == ${ips[0]}` : `${field} in {${ips.join(' ')}}`;
}

export function framesFilter(frames: readonly number[]): string {
  return frames.length === 1 ? `frame.number == ${frames[0]}` : `frame.number in {${frames.join(' ')}}`;
}

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

/** Whether two VIP lists share an address; an empty list (count 0) is unknown and overlaps everything. */
export function vipsOverlap(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return a.some((vip) => b.includes(vip));
}

/** The latest value of one property of one speaker, with the frame that first showed it. */
export interface SpeakerValue {
  speaker: Speaker;
  value: string;
  frame: number;
  ts: number;
}

/**
 * Per router, the latest value of some property for each speaker (auth, interval, checksum variant...): what the
 * consistency rules compare. Memory grows with speakers, not frames.
 */
export class SpeakerValues {
  private readonly byRouter = new Map<string, Map<string, SpeakerValue>>();

  /** Records the speaker's value; true when it is new or differs from the speaker's previous value. */
  observe(router: VirtualRouter, speaker: Speaker, value: string, frame: number, ts: number): boolean {
    let speakers = this.byRouter.get(router.key);
    if (!speakers) {
      speakers = new Map();
      this.byRouter.set(router.key, speakers);
    }
    const prev = speakers.get(speaker.id);
    if (prev && prev.value === value) return false;
    speakers.set(speaker.id, { speaker, value, frame, ts });
    return true;
  }

  /** The speaker no longer carries the property (e.g. moved from v2 to v3): it takes no part in comparisons. */
  forget(router: VirtualRouter, speaker: Speaker): void {
    this.byRouter.get(router.key)?.delete(speaker.id);
  }

  of(router: VirtualRouter): SpeakerValue[] {
    return [...(this.byRouter.get(router.key)?.values() ?? [])];
  }
}

/**
 * Speakers whose value differs from that of another speaker of the same cluster (overlapping VIPs). Speakers with
 * disjoint VIP sets are unrelated clusters sharing a VRID: that is vrid-collision's finding, not a mismatch.
 */
export function disagreeing(values: readonly SpeakerValue[]): SpeakerValue[] {
  return values.filter((a) => values.some((b) => b.value !== a.value && vipsOverlap(a.speaker.vips, b.speaker.vips)));
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
