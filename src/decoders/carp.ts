/** CARP (OpenBSD/FreeBSD/pfSense): same IP protocol 112 and group as VRRP, told apart by Wireshark's heuristic. */
import type { CarpInfo, ChecksumStatus } from './frame-info.js';
import { sumBytes, sumIsValid } from './checksum.js';
import { formatHex16 } from './format.js';

export const CARP_HEADER_LEN = 36;

/** Wireshark `test_carp_packet`: ≥ 36 captured bytes, version 1 or 2, type 1 (advertisement), authlen (octet 3) = 7. */
export function looksLikeCarp(b: Uint8Array, off: number, capEnd: number): boolean {
  if (capEnd - off < CARP_HEADER_LEN) return false;
  const vt = b[off] as number;
  const version = vt >> 4;
  return (version === 1 || version === 2) && (vt & 0x0f) === 1 && b[off + 3] === 7;
}

/**
 * Decodes a packet that passed `looksLikeCarp`. The checksum covers the whole IP payload, as in tcpdump; it is judged
 * only when the IP length is trustworthy (`lengthKnown`) and every byte was captured.
 */
export function decodeCarp(b: Uint8Array, off: number, capEnd: number, payloadLen: number, lengthKnown: boolean): CarpInfo {
  let counter = 0n;
  for (let i = 0; i < 8; i++) counter = (counter << 8n) | BigInt(b[off + 8 + i] as number);
  const judged = lengthKnown && off + payloadLen <= capEnd && payloadLen >= CARP_HEADER_LEN;
  const status: ChecksumStatus = !judged ? 'unverified' : sumIsValid(sumBytes(b, off, payloadLen, 0)) ? 'valid' : 'invalid';
  return {
    version: (b[off] as number) >> 4,
    type: (b[off] as number) & 0x0f,
    vhid: b[off + 1] as number,
    advskew: b[off + 2] as number,
    authlen: b[off + 3] as number,
    demotion: b[off + 4] as number,
    advbase: b[off + 5] as number,
    counter: counter.toString(),
    checksum: formatHex16(((b[off + 6] as number) << 8) | (b[off + 7] as number)),
    checksumValid: status === 'valid',
    checksumStatus: status,
  };
}
