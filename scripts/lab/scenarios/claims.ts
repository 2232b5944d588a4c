/** Small checks over tshark rows. A failed claim throws, so a fixture note never states something its capture lacks. */
import { numberList } from '../number-list.js';
import type { FrameRow } from '../tshark-frames.js';

export class ClaimError extends Error {
  constructor(message: string) {
    super(`fixture claim failed: ${message}`);
    this.name = 'ClaimError';
  }
}

export function claim(cond: boolean, message: string): asserts cond {
  if (!cond) throw new ClaimError(message);
}

export interface AdvertFilter {
  src?: string;
  ethSrc?: string;
  vrid?: number;
  prio?: number;
  minPrio?: number;
  version?: number;
}

/** A VRRP advert in its own right: a VRRP packet quoted inside an ICMP error is not one (rules.md). */
export function isAdvert(r: FrameRow): boolean {
  return r.vrrpVersion !== undefined && r.vrid !== undefined && !isIcmpError(r);
}

export function isIcmpError(r: FrameRow): boolean {
  return /(^|:)icmp(v6)?(:|$)/.test(r.protocols);
}

export function adverts(rows: readonly FrameRow[], f: AdvertFilter = {}): FrameRow[] {
  return rows.filter(
    (r) =>
      isAdvert(r) &&
      (f.src === undefined || r.ipSrc === f.src) &&
      (f.ethSrc === undefined || r.ethSrc === f.ethSrc) &&
      (f.vrid === undefined || r.vrid === f.vrid) &&
      (f.prio === undefined || r.prio === f.prio) &&
      (f.minPrio === undefined || (r.prio ?? -1) >= f.minPrio) &&
      (f.version === undefined || r.vrrpVersion === f.version),
  );
}

/** Gratuitous ARP requests (SPA = TPA = ip), optionally from one sender MAC (ARP SHA). */
export function garps(rows: readonly FrameRow[], ip: string, sha?: string): FrameRow[] {
  return rows.filter((r) => r.arpOp === 1 && r.arpSrcIp === ip && r.arpDstIp === ip && (sha === undefined || r.arpSrcMac === sha));
}

/** ARP replies for `ip`, optionally from one sender MAC. */
export function arpReplies(rows: readonly FrameRow[], ip: string, sha?: string): FrameRow[] {
  return rows.filter((r) => r.arpOp === 2 && r.arpSrcIp === ip && (sha === undefined || r.arpSrcMac === sha));
}

/** Unsolicited neighbour advertisements (ICMPv6 type 136) for a target. */
export function neighbourAdverts(rows: readonly FrameRow[], target: string, ethSrc?: string): FrameRow[] {
  return rows.filter((r) => r.icmp6Type === 136 && r.naTarget === target && (ethSrc === undefined || r.ethSrc === ethSrc));
}

export function first(rows: readonly FrameRow[], what: string): FrameRow {
  const r = rows[0];
  claim(r !== undefined, `no frame: ${what}`);
  return r;
}

export function last(rows: readonly FrameRow[], what: string): FrameRow {
  const r = rows[rows.length - 1];
  claim(r !== undefined, `no frame: ${what}`);
  return r;
}

export function after(rows: readonly FrameRow[], frame: FrameRow): FrameRow[] {
  return rows.filter((r) => r.no > frame.no);
}

export function before(rows: readonly FrameRow[], frame: FrameRow): FrameRow[] {
  return rows.filter((r) => r.no < frame.no);
}

/** "3, 5, 7-12" */
export function frameList(rows: readonly FrameRow[]): string {
  return numberList(rows.map((r) => r.no));
}

export function secs(n: number): string {
  return `${n.toFixed(3)} s`;
}
