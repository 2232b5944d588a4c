/** TCP and UDP ports of frames that are reported (traffic to or from a VIP, tunnels, GUE). */
import { decodeError, type DecodeError } from './decode-error.js';
import type { L4Info } from './frame-info.js';

export interface L4Result {
  l4?: L4Info;
  error?: DecodeError;
}

/** Header bytes a well-formed TCP/UDP packet must have. */
export function l4HeaderLength(proto: number): number {
  return proto === 6 ? 20 : proto === 17 ? 8 : 0;
}

/** True when a TCP/UDP header is shorter than its minimum and the frame was not cut by snaplen: malformed. */
export function l4IsMalformed(proto: number, present: number, truncated: boolean): boolean {
  const need = l4HeaderLength(proto);
  return need > 0 && present < need && !truncated;
}

export function decodeTransport(b: Uint8Array, off: number, end: number, proto: number, truncated: boolean): L4Result {
  const need = l4HeaderLength(proto);
  if (need === 0) return {};
  const present = end - off;
  const l4: L4Info = { proto };
  if (present >= 4) {
    l4.srcPort = ((b[off] as number) << 8) | (b[off + 1] as number);
    l4.dstPort = ((b[off + 2] as number) << 8) | (b[off + 3] as number);
  }
  if (l4IsMalformed(proto, present, truncated)) {
    return { l4, error: decodeError(proto === 6 ? 'tcp' : 'udp', 'truncated', `truncated header (${Math.max(0, present)} of ${need} bytes)`) };
  }
  return { l4 };
}
