/** Tunnel headers that IPVS (LVS-TUN) uses: GRE version 0 (RFC 2784/2890) and GUE (draft-ietf-intarea-gue). */
import { decodeError, type DecodeError } from './decode-error.js';

export interface TunnelHeader {
  /** Offset of the encapsulated packet. */
  innerOff: number;
  /** 4 or 6 when the payload is an IP packet we follow, else 0. */
  innerFamily: 0 | 4 | 6;
  /** GRE protocol type (an EtherType). */
  etherType?: number;
  error?: DecodeError;
}

function u16(b: Uint8Array, o: number): number {
  return ((b[o] as number) << 8) | (b[o + 1] as number);
}

function familyOfEtherType(t: number): 0 | 4 | 6 {
  return t === 0x0800 ? 4 : t === 0x86dd ? 6 : 0;
}

/** GRE: C (checksum) and K (key) and S (sequence) each add 4 bytes; versions other than 0 are not followed. */
export function parseGre(b: Uint8Array, off: number, end: number): TunnelHeader {
  if (end - off < 4) return { innerOff: end, innerFamily: 0, error: decodeError('gre', 'truncated', `truncated header (${Math.max(0, end - off)} of 4 bytes)`) };
  const flags = u16(b, off);
  const etherType = u16(b, off + 2);
  const version = flags & 0x0007;
  if (version !== 0) return { innerOff: end, innerFamily: 0, etherType };
  if (flags & 0x4000) return { innerOff: end, innerFamily: 0, etherType, error: decodeError('gre', 'source-routing', 'source routing (R bit) is not supported') };
  const len = 4 + (flags & 0x8000 ? 4 : 0) + (flags & 0x2000 ? 4 : 0) + (flags & 0x1000 ? 4 : 0);
  if (end - off < len) {
    return { innerOff: end, innerFamily: 0, etherType, error: decodeError('gre', 'truncated', `truncated header (${end - off} of ${len} bytes)`) };
  }
  return { innerOff: off + len, innerFamily: familyOfEtherType(etherType), etherType };
}

/** GUE: version 0 has a 4-byte header plus hlen words (C set: a control message); version 1 is a bare IP packet. */
export function parseGue(b: Uint8Array, off: number, end: number): TunnelHeader {
  if (end - off < 1) return { innerOff: end, innerFamily: 0, error: decodeError('gue', 'empty', 'empty payload') };
  const first = b[off] as number;
  const version = first >> 6;
  if (version === 1) {
    const nibble = first >> 4;
    return { innerOff: off, innerFamily: nibble === 4 ? 4 : nibble === 6 ? 6 : 0 };
  }
  if (version !== 0) return { innerOff: end, innerFamily: 0, error: decodeError('gue', 'unknown-version', `unknown version ${version}`) };
  if (end - off < 4) return { innerOff: end, innerFamily: 0, error: decodeError('gue', 'truncated', `truncated header (${end - off} of 4 bytes)`) };
  const len = 4 + (first & 0x1f) * 4;
  if (end - off < len) return { innerOff: end, innerFamily: 0, error: decodeError('gue', 'truncated', `truncated header (${end - off} of ${len} bytes)`) };
  if (first & 0x20) return { innerOff: off + len, innerFamily: 0 };
  const proto = b[off + 1] as number;
  return { innerOff: off + len, innerFamily: proto === 4 ? 4 : proto === 41 ? 6 : 0 };
}
