/** VRRP v2 (RFC 3768) and v3 (RFC 5798 / 9568) adverts over IPv4 and IPv6, with every checksum variant. */
import { AUTH_SECRET, type ChecksumVariant, type VrrpInfo } from './frame-info.js';
import { ipv4PseudoSum, ipv6PseudoSum, sumBytes, sumIsValid } from './checksum.js';
import { formatHex16, formatHexBytes, formatIpv4, formatIpv6 } from './format.js';

/** Where the advert sits and which IP header carries it (the outer one, or a tunnel's inner one). */
export interface VrrpContext {
  b: Uint8Array;
  /** First byte of the VRRP message. */
  off: number;
  /** End of the captured bytes of the IP payload. */
  capEnd: number;
  /** IP payload length from the IP header (Ethernet padding excluded). */
  payloadLen: number;
  family: 4 | 6;
  srcOff: number;
  dstOff: number;
  /** Checksums are judged only over bytes that were captured and not fragmented away. */
  fragment: boolean;
  showSecrets: boolean;
}

export interface VrrpResult {
  vrrp?: VrrpInfo;
  error?: string;
}

const MCAST4 = Uint8Array.of(224, 0, 0, 18);
const MCAST6 = Uint8Array.of(0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12);

function pseudoSum(c: VrrpContext, mcast: boolean, len: number): number {
  if (c.family === 4) {
    return mcast ? ipv4PseudoSum(c.b, c.srcOff, MCAST4, 0, 112, len) : ipv4PseudoSum(c.b, c.srcOff, c.b, c.dstOff, 112, len);
  }
  return mcast ? ipv6PseudoSum(c.b, c.srcOff, MCAST6, 0, 112, len) : ipv6PseudoSum(c.b, c.srcOff, c.b, c.dstOff, 112, len);
}

/** The first variant (in preference order) under which `len` bytes from the message start sum correctly. */
function matchVariant(c: VrrpContext, version: number, len: number): ChecksumVariant | null {
  const plain = sumBytes(c.b, c.off, len, 0);
  if (version !== 3) return sumIsValid(plain) ? 'v2' : null;
  if (sumIsValid(plain + pseudoSum(c, false, len))) return 'v3-pseudo';
  if (sumIsValid(plain)) return 'v3-no-pseudo';
  if (sumIsValid(plain + pseudoSum(c, true, len))) return 'v3-pseudo-mcast';
  return null;
}

export function decodeVrrp(c: VrrpContext): VrrpResult {
  const { b, off } = c;
  const present = c.capEnd - off;
  if (c.payloadLen < 8 || present < 8) {
    return { error: `vrrp: truncated header (${Math.max(0, Math.min(c.payloadLen, present))} of 8 bytes)` };
  }
  const version = (b[off] as number) >> 4;
  const count = b[off + 3] as number;
  const v3 = version === 3;
  const addrSize = c.family === 6 ? 16 : 4;
  const addrBytes = count * addrSize;
  const authBytes = v3 ? 0 : 8;
  const pduLen = 8 + addrBytes + authBytes;
  const byte4 = b[off + 4] as number;
  const byte5 = b[off + 5] as number;
  const checksum = ((b[off + 6] as number) << 8) | (b[off + 7] as number);

  let error: string | undefined;
  if (8 + addrBytes > c.payloadLen) {
    error = `vrrp: address count ${count} needs ${addrBytes} bytes, only ${c.payloadLen - 8} present`;
  }
  // A v2 advert without (all of) its auth data is still an advert: say how much there is, judge the checksum on it.
  const authPresent = !v3 && error === undefined && pduLen > c.payloadLen ? c.payloadLen - 8 - addrBytes : -1;
  const msgLen = authPresent >= 0 ? c.payloadLen : pduLen;

  const addresses: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = off + 8 + i * addrSize;
    if (a + addrSize > c.capEnd || a + addrSize > off + c.payloadLen) break;
    addresses.push(addrSize === 4 ? formatIpv4(b, a) : formatIpv6(b, a));
  }

  // The checksum covers the VRRP message; with a trailer (keepalived auth_hmac) some senders may cover it too.
  let variant: ChecksumVariant | null = null;
  if (!c.fragment) {
    if (error === undefined && off + msgLen <= c.capEnd) variant = matchVariant(c, version, msgLen);
    if (variant === null && error === undefined && c.payloadLen !== msgLen && off + c.payloadLen <= c.capEnd) {
      variant = matchVariant(c, version, c.payloadLen);
    }
  }

  const vrrp: VrrpInfo = {
    version,
    type: (b[off] as number) & 0x0f,
    vrid: b[off + 1] as number,
    priority: b[off + 2] as number,
    count,
    ...(v3 ? {} : { authType: byte4 }),
    intervalMs: v3 ? (((byte4 & 0x0f) << 8) | byte5) * 10 : byte5 * 1000,
    checksum: formatHex16(checksum),
    checksumValid: variant !== null,
    checksumVariant: variant,
    addresses,
  };
  if (!v3) {
    const authOff = off + 8 + addrBytes;
    if (authOff + 8 <= c.capEnd && authOff + 8 <= off + c.payloadLen) {
      vrrp[AUTH_SECRET] = formatHexBytes(b, authOff, 8);
      if (byte4 === 1) vrrp.authData = c.showSecrets ? authText(b, authOff) : '***';
    }
  }
  if (authPresent >= 0) vrrp.authDataBytes = authPresent;
  if (v3 && byte4 >> 4 !== 0) vrrp.reserved = byte4 >> 4;
  if (error === undefined && c.payloadLen > pduLen) vrrp.trailingBytes = c.payloadLen - pduLen;
  return error === undefined ? { vrrp } : { vrrp, error };
}

/** The simple-text password: the 8 bytes as Latin-1, trailing NULs trimmed. */
function authText(b: Uint8Array, o: number): string {
  let end = 8;
  while (end > 0 && b[o + end - 1] === 0) end--;
  let s = '';
  for (let i = 0; i < end; i++) s += String.fromCharCode(b[o + i] as number);
  return s;
}
