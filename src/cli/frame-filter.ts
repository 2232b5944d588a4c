/**
 * The display filter of `decode`: by VRID, frame number/range and kind. Small on purpose — anything richer is
 * Wireshark's job, and every finding carries a ready-made Wireshark filter.
 */
import type { FrameInfo } from '../decoders/frame-info.js';
import { UsageError } from '../errors.js';

export type FrameKind = 'vrrp' | 'carp' | 'arp' | 'nd' | 'tunnel' | 'ipvs' | 'error';

const KINDS: readonly FrameKind[] = ['vrrp', 'carp', 'arp', 'nd', 'tunnel', 'ipvs', 'error'];

export interface FrameFilterSpec {
  vrids?: readonly number[];
  frames?: readonly [number, number][];
  kinds?: readonly FrameKind[];
}

export function parseVrids(values: readonly string[]): number[] {
  return values.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 255) throw new UsageError('bad-vrid', `--vrid must be 0-255, got '${v}'`);
    return n;
  });
}

/** `30`, `30-40`, `30-` (to the end). */
export function parseFrameRanges(values: readonly string[]): [number, number][] {
  return values.map((v) => {
    const m = /^(\d+)(?:-(\d*))?$/.exec(v);
    if (!m) throw new UsageError('bad-frame', `--frame expects N, N-M or N-, got '${v}'`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : m[2] === '' ? Number.MAX_SAFE_INTEGER : Number(m[2]);
    if (from < 1 || to < from) throw new UsageError('bad-frame', `--frame range '${v}' is empty (frames count from 1)`);
    return [from, to];
  });
}

export function parseKinds(values: readonly string[]): FrameKind[] {
  return values.map((v) => {
    if (!(KINDS as readonly string[]).includes(v)) throw new UsageError('bad-kind', `--only expects ${KINDS.join(', ')}, got '${v}'`);
    return v as FrameKind;
  });
}

export function kindsOf(f: FrameInfo): FrameKind[] {
  const k: FrameKind[] = [];
  if (f.vrrp) k.push('vrrp');
  if (f.carp) k.push('carp');
  if (f.arp) k.push('arp');
  if (f.nd) k.push('nd');
  if (f.tunnel) k.push('tunnel', 'ipvs');
  else if (f.ip && !f.vrrp && !f.nd && !f.icmp) k.push('ipvs');
  if (f.error) k.push('error');
  return k;
}

/** Frame-number ranges can be checked before decoding: the cheapest filter. */
export function frameNumberWanted(spec: FrameFilterSpec, n: number): boolean {
  if (!spec.frames || spec.frames.length === 0) return true;
  for (const [a, b] of spec.frames) if (n >= a && n <= b) return true;
  return false;
}

export function frameWanted(spec: FrameFilterSpec, f: FrameInfo): boolean {
  if (spec.vrids && spec.vrids.length > 0) {
    const vrid = f.vrrp?.vrid ?? f.carp?.vhid;
    if (vrid === undefined || !spec.vrids.includes(vrid)) return false;
  }
  if (spec.kinds && spec.kinds.length > 0) {
    const kinds = kindsOf(f);
    if (!spec.kinds.some((k) => kinds.includes(k))) return false;
  }
  return true;
}
