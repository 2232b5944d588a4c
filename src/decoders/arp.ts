/** ARP and RARP for Ethernet/IPv4, with Wireshark's gratuitous / announcement / probe classification. */
import type { ArpInfo } from './frame-info.js';
import { decodeError, type DecodeError } from './decode-error.js';
import { formatIpv4, formatMac } from './format.js';

export interface ArpResult {
  arp?: ArpInfo;
  error?: DecodeError;
}

function u16(b: Uint8Array, o: number): number {
  return ((b[o] as number) << 8) | (b[o + 1] as number);
}

function sameBytes(b: Uint8Array, x: number, y: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (b[x + i] !== b[y + i]) return false;
  return true;
}

function allZero(b: Uint8Array, o: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (b[o + i] !== 0) return false;
  return true;
}

export function decodeArp(b: Uint8Array, off: number, end: number, truncated: boolean): ArpResult {
  const present = end - off;
  if (present < 8) return { error: decodeError('arp', 'truncated', `truncated header (${Math.max(0, present)} of 8 bytes)`) };
  const hrd = u16(b, off);
  const pro = u16(b, off + 2);
  const hln = b[off + 4] as number;
  const pln = b[off + 5] as number;
  if (hrd !== 1 && hrd !== 6) return { error: decodeError('arp', 'unsupported-hardware-type', `unsupported hardware type ${hrd}`) };
  if (pro !== 0x0800) return { error: decodeError('arp', 'unsupported-protocol-type', `unsupported protocol type 0x${pro.toString(16).padStart(4, '0')}`) };
  if (hln !== 6 || pln !== 4) return { error: decodeError('arp', 'unsupported-address-lengths', `unsupported address lengths ${hln}/${pln} (expected 6/4)`) };
  if (present < 28) {
    return { error: decodeError('arp', truncated ? 'cut-by-snaplen' : 'truncated', `${truncated ? 'cut by snaplen' : 'truncated'} (${present} of 28 bytes)`) };
  }
  const op = u16(b, off + 6);
  const sha = off + 8;
  const spa = off + 14;
  const tha = off + 18;
  const tpa = off + 24;
  const gratuitous = (op === 1 || op === 2) && sameBytes(b, spa, tpa, 4);
  const arp: ArpInfo = {
    op,
    senderMac: formatMac(b, sha),
    senderIp: formatIpv4(b, spa),
    targetMac: formatMac(b, tha),
    targetIp: formatIpv4(b, tpa),
    gratuitous,
  };
  if (gratuitous && op === 1 && allZero(b, tha, 6)) arp.announcement = true;
  if (!gratuitous && op === 1 && allZero(b, spa, 4)) arp.probe = true;
  return { arp };
}
