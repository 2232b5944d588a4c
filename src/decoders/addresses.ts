import { UsageError } from '../errors.js';

/** Dotted-quad text to an unsigned 32-bit integer (the form of DecodeOptions.vips4). Throws UsageError when invalid. */
export function ipv4ToUint32(text: string): number {
  const parts = text.trim().split('.');
  if (parts.length !== 4) throw new UsageError('E_BAD_IPV4', `not an IPv4 address: ${text}`);
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new UsageError('E_BAD_IPV4', `not an IPv4 address: ${text}`);
    v = v * 256 + Number(p);
  }
  return v >>> 0;
}

/** IPv6 text (any valid form, also with a trailing dotted quad) to 16 bytes, or null when it is not an address. */
export function parseIpv6(text: string): Uint8Array | null {
  let s = text.trim().toLowerCase();
  const out = new Uint8Array(16);
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    let v4: number;
    try {
      v4 = ipv4ToUint32(s.slice(lastColon + 1));
    } catch {
      return null;
    }
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (h: string | undefined): number[] | null => {
    if (h === undefined || h === '') return [];
    const groups: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      groups.push(parseInt(g, 16));
    }
    return groups;
  };
  const head = parseGroups(halves[0]);
  tail = (halves.length === 2 ? parseGroups(halves[1]) : []) ?? [];
  if (head === null || (halves.length === 2 && parseGroups(halves[1]) === null)) return null;
  const total = head.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const groups = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  groups.forEach((g, i) => {
    out[2 * i] = g >>> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}
