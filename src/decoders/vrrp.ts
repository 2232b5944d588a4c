/**
 * VRRP v2 (RFC 3768; Cisco IOS MD5, auth type 254, included) and v3 (RFC 5798 / 9568) adverts over IPv4 and IPv6,
 * with every checksum variant.
 */
import { AUTH_SECRET, type ChecksumStatus, type ChecksumVariant, type CiscoMd5Info, type FrameInfo, type VrrpInfo } from './frame-info.js';
import { decodeError, hasDecodeError, type DecodeError } from './decode-error.js';
import { ipv4PseudoSum, ipv6PseudoSum, sumBytes, sumIsValid } from './checksum.js';
import { formatHex16, formatHexBytes, formatIpv4, formatIpv6, readUint32 } from './format.js';

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
  /**
   * The IP header's length agrees with the capture (false: IPv4 total length below the header, or a length beyond the
   * bytes present without a snaplen cut). Without it the message's end is a guess: nothing past the fixed header is
   * vouched for and the checksum is not judged.
   */
  lengthKnown: boolean;
  showSecrets: boolean;
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

export interface VrrpResult {
  vrrp?: VrrpInfo;
  errors: DecodeError[];
}

/** VRRPv2 auth type Cisco IOS uses for `vrrp N authentication md5` (not in RFC 3768). */
export const AUTH_TYPE_CISCO_MD5 = 254;
/** Cisco's MD5 trailer after the 8 (zero) auth-data bytes: type 0xfe, length, 4 bytes, sender IP, sequence, digest. */
export const CISCO_MD5_TRAILER_LEN = 30;
const CISCO_MD5_TRAILER_TYPE = 0xfe;

export function decodeVrrp(c: VrrpContext): VrrpResult {
  const { b, off } = c;
  const present = c.capEnd - off;
  if (c.payloadLen < 8 || present < 8) {
    const got = Math.max(0, Math.min(c.payloadLen, present));
    return { errors: [decodeError('vrrp', 'truncated-header', `truncated header (${got} of 8 bytes)`)] };
  }
  const errors: DecodeError[] = [];
  const version = (b[off] as number) >> 4;
  const vrid = b[off + 1] as number;
  const count = b[off + 3] as number;
  const v3 = version === 3;
  const addrSize = c.family === 6 ? 16 : 4;
  const addrBytes = count * addrSize;
  const authBytes = v3 ? 0 : 8;
  const pduLen = 8 + addrBytes + authBytes;
  const byte4 = b[off + 4] as number;
  const byte5 = b[off + 5] as number;
  const checksum = ((b[off + 6] as number) << 8) | (b[off + 7] as number);

  const countFits = 8 + addrBytes <= c.payloadLen;
  if (!countFits) {
    errors.push(decodeError('vrrp', 'count-exceeds-length', `address count ${count} needs ${addrBytes} bytes, only ${c.payloadLen - 8} present`));
  }
  if (vrid === 0) errors.push(decodeError('vrrp', 'vrid-zero', 'virtual router id 0 is outside 1-255 (RFC 3768 §5.3.3, RFC 5798 §5.2.3)'));
  // A v2 advert without (all of) its auth data is still an advert: say how much there is, judge the checksum on it.
  const authPresent = !v3 && countFits && pduLen > c.payloadLen ? c.payloadLen - 8 - addrBytes : -1;
  const md5Off = off + pduLen;
  const ciscoMd5 = !v3 && byte4 === AUTH_TYPE_CISCO_MD5 && authPresent < 0 && c.payloadLen - pduLen >= CISCO_MD5_TRAILER_LEN &&
    md5Off + CISCO_MD5_TRAILER_LEN <= c.capEnd && b[md5Off] === CISCO_MD5_TRAILER_TYPE;
  // Cisco's checksum covers the trailer too: the message is the PDU plus the trailer.
  const msgLen = authPresent >= 0 ? c.payloadLen : ciscoMd5 ? pduLen + CISCO_MD5_TRAILER_LEN : pduLen;

  const addresses: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = off + 8 + i * addrSize;
    if (a + addrSize > c.capEnd || a + addrSize > off + c.payloadLen) break;
    addresses.push(addrSize === 4 ? formatIpv4(b, a) : formatIpv6(b, a));
  }

  // Judged only when the IP length is trustworthy and every byte covered was captured; then valid (with the variant)
  // or invalid. The checksum covers the VRRP message; with a trailer (keepalived auth_hmac) some senders may cover it
  // too. When the address count runs past the payload, the sender can only have summed the payload it sent (tshark too).
  let variant: ChecksumVariant | null = null;
  let status: ChecksumStatus = 'unverified';
  const judgedLen = countFits ? msgLen : c.payloadLen;
  if (c.lengthKnown && off + judgedLen <= c.capEnd) {
    variant = matchVariant(c, version, judgedLen);
    if (variant === null && c.payloadLen !== judgedLen && off + c.payloadLen <= c.capEnd) variant = matchVariant(c, version, c.payloadLen);
    status = variant === null ? 'invalid' : 'valid';
  }

  const type = (b[off] as number) & 0x0f;
  const priority = b[off + 2] as number;
  const intervalMs = v3 ? (((byte4 & 0x0f) << 8) | byte5) * 10 : byte5 * 1000;
  const checksumText = formatHex16(checksum);
  const checksumValid = status === 'valid';
  // Two literals rather than a conditional spread for authType (v2 only, listed after count): the spread cost more
  // than the rest of the object on the hot path of `decode`.
  const vrrp: VrrpInfo = v3
    ? { version, type, vrid, priority, count, intervalMs, checksum: checksumText, checksumValid, checksumVariant: variant, checksumStatus: status, addresses }
    : {
        version, type, vrid, priority, count, authType: byte4, intervalMs,
        checksum: checksumText, checksumValid, checksumVariant: variant, checksumStatus: status, addresses,
      };
  if (!v3) {
    const authOff = off + 8 + addrBytes;
    if (authOff + 8 <= c.capEnd && authOff + 8 <= off + c.payloadLen) {
      vrrp[AUTH_SECRET] = formatHexBytes(b, authOff, 8);
      if (byte4 === 1) vrrp.authData = c.showSecrets ? authText(b, authOff) : '***';
    }
  }
  if (ciscoMd5) vrrp.ciscoMd5 = ciscoMd5Trailer(b, md5Off, c.showSecrets);
  if (authPresent >= 0) vrrp.authDataBytes = authPresent;
  if (v3 && byte4 >> 4 !== 0) vrrp.reserved = byte4 >> 4;
  if (countFits && c.payloadLen > msgLen && authPresent < 0) vrrp.trailingBytes = c.payloadLen - msgLen;
  // What the decoder cannot vouch for: fields read from bytes whose place in the message is a guess. (A frame cut by
  // snaplen lists fewer addresses than `count`, but each one listed was read where the message puts it.)
  const unvouched: ('addresses' | 'auth')[] = [];
  if (!c.lengthKnown || !countFits) unvouched.push('addresses');
  if (!v3 && (!c.lengthKnown || !countFits)) unvouched.push('auth');
  if (unvouched.length > 0) vrrp.unvouched = unvouched;
  return { vrrp, errors };
}

function ciscoMd5Trailer(b: Uint8Array, o: number, showSecrets: boolean): CiscoMd5Info {
  const info: CiscoMd5Info = {
    type: b[o] as number,
    length: b[o + 1] as number,
    senderIp: formatIpv4(b, o + 6),
    sequence: readUint32(b, o + 10),
  };
  if (showSecrets) info.digest = formatHexBytes(b, o + 14, 16);
  return info;
}

/** The simple-text password: the 8 bytes as Latin-1, trailing NULs trimmed. */
function authText(b: Uint8Array, o: number): string {
  let end = 8;
  while (end > 0 && b[o + end - 1] === 0) end--;
  let s = '';
  for (let i = 0; i < end; i++) s += String.fromCharCode(b[o + i] as number);
  return s;
}

/**
 * The advert a receiver would act on, with every field vouched for by the decoder: a v2/v3 Advertisement without a
 * VRRP-layer error (length/count disagreement, VRID 0) and without unvouched fields. Anything else is for the rules
 * that judge malformed packets, never for the model.
 */
export function vouchedAdvert(frame: FrameInfo): VrrpInfo | undefined {
  const vrrp = frame.vrrp;
  if (!vrrp || vrrp.type !== 1 || (vrrp.version !== 2 && vrrp.version !== 3)) return undefined;
  if (vrrp.unvouched !== undefined || hasDecodeError(frame.errors, 'vrrp')) return undefined;
  return vrrp;
}
