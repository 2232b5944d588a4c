/**
 * The full decode of an IP packet and what it carries, for frames that are reported. Allocation is fine here: the
 * relevance check has already thrown away everything that is not.
 */
import type { DecodeOptions, FrameInfo, IpInfo, L4Info } from './frame-info.js';
import { decodeCarp, looksLikeCarp } from './carp.js';
import { formatIpv4, formatIpv6 } from './format.js';
import { decodeIcmp } from './icmp.js';
import { decodeError, type DecodeError } from './decode-error.js';
import { IpScratch, ipError, ipStatusIsSoft, parseIpHeader } from './ip-header.js';
import { decodeTransport } from './transport.js';
import { parseGre, parseGue, type TunnelHeader } from './tunnel.js';
import { decodeVrrp } from './vrrp.js';

/** Most tunnel levels followed (IP-in-IP-in-IP…); deeper nesting is reported as an error. */
export const MAX_TUNNEL_DEPTH = 3;

/** The parts of a FrameInfo that the IP layer fills. */
export type IpDraft = Pick<FrameInfo, 'ip' | 'l4' | 'icmp' | 'vrrp' | 'carp' | 'nd' | 'tunnel' | 'inner' | 'errors'>;

export interface IpDecodeContext {
  options: DecodeOptions;
  /** The frame was cut by snaplen. */
  truncated: boolean;
}

/** Keeps every error: one layer failing does not hide what another found. */
export function addError(d: IpDraft, error: DecodeError | undefined): void {
  if (error === undefined) return;
  if (d.errors === undefined) d.errors = [error];
  else d.errors.push(error);
}

function ipInfo(b: Uint8Array, s: IpScratch): IpInfo {
  const v4 = s.family === 4;
  const info: IpInfo = {
    version: v4 ? 4 : 6,
    src: v4 ? formatIpv4(b, s.srcOff) : formatIpv6(b, s.srcOff),
    dst: v4 ? formatIpv4(b, s.dstOff) : formatIpv6(b, s.dstOff),
    ttl: s.ttl,
    proto: s.proto,
  };
  if (s.fragment) {
    info.fragment = true;
    info.fragmentOffset = s.fragmentOffset;
    info.moreFragments = s.moreFragments;
  }
  if (v4) {
    info.id = s.id;
    info.tos = s.tos;
  }
  return info;
}

/**
 * Decodes the IP packet at `b[off, end)`. `depth` 0 is the frame's own header (FrameInfo.ip); deeper levels are
 * tunnel payloads and land in FrameInfo.inner, while a VRRP advert found there is still the frame's `vrrp`.
 */
/** One scratch record per tunnel level (a level's record is in use while the levels inside it are decoded). */
const scratchByDepth: readonly IpScratch[] = Array.from({ length: MAX_TUNNEL_DEPTH + 1 }, () => new IpScratch());

export function decodeIpPacket(b: Uint8Array, off: number, end: number, family: 4 | 6, ctx: IpDecodeContext, d: IpDraft, depth = 0): void {
  const s = scratchByDepth[depth] as IpScratch;
  parseIpHeader(b, off, end, family, ctx.truncated, s);
  addError(d, ipError(s, depth > 0));
  if (!s.hasHeader) return;
  const info = ipInfo(b, s);
  let l4Target: { l4?: L4Info };
  if (depth === 0) {
    d.ip = info;
    l4Target = d;
  } else {
    const inner: { ip: IpInfo; l4?: L4Info } = { ip: info };
    d.inner = inner;
    l4Target = inner;
  }
  if (s.stop || (s.status !== 0 && !ipStatusIsSoft(s.status))) return;
  decodePayload(b, s, ctx, d, depth, l4Target);
}

function decodePayload(b: Uint8Array, s: IpScratch, ctx: IpDecodeContext, d: IpDraft, depth: number, l4Target: { l4?: L4Info }): void {
  const off = s.payloadOff;
  const end = s.payloadEnd;
  const family = s.family === 4 ? 4 : 6;
  switch (s.proto) {
    case 112: {
      // A fragment (first or later) is not an advert: Wireshark and receivers wait for reassembly, which we never do.
      if (s.fragment) return;
      const lengthKnown = s.status === 0;
      if (looksLikeCarp(b, off, end)) {
        d.carp ??= decodeCarp(b, off, end, s.payloadLen, lengthKnown);
      } else if (d.vrrp === undefined) {
        const r = decodeVrrp({
          b, off, capEnd: end, payloadLen: s.payloadLen, family,
          srcOff: s.srcOff, dstOff: s.dstOff, lengthKnown, showSecrets: ctx.options.showSecrets,
        });
        if (r.vrrp) d.vrrp = r.vrrp;
        for (const e of r.errors) addError(d, e);
      }
      return;
    }
    case 4:
    case 41:
      enterTunnel(b, s, ctx, d, depth, s.proto === 4 ? 'ipip' : 'ip6in4', { innerOff: off, innerFamily: s.proto === 4 ? 4 : 6 });
      return;
    case 47: {
      const gre = parseGre(b, off, end);
      enterTunnel(b, s, ctx, d, depth, 'gre', gre);
      return;
    }
    case 6:
    case 17: {
      const r = decodeTransport(b, off, end, s.proto, ctx.truncated);
      if (r.l4) l4Target.l4 = r.l4;
      addError(d, r.error);
      const port = r.l4?.dstPort;
      if (s.proto === 17 && port !== undefined && r.error === undefined && ctx.options.guePorts.has(port)) {
        enterTunnel(b, s, ctx, d, depth, 'gue', parseGue(b, off + 8, end), port);
      }
      return;
    }
    case 1:
    case 58:
      if (depth === 0 && (s.proto === 1) === (family === 4)) {
        const r = decodeIcmp(b, off, end, family, ctx.truncated);
        if (r.icmp) d.icmp = r.icmp;
        if (r.nd) d.nd = r.nd;
        addError(d, r.error);
      }
      return;
    default:
      return;
  }
}

function enterTunnel(
  b: Uint8Array,
  s: IpScratch,
  ctx: IpDecodeContext,
  d: IpDraft,
  depth: number,
  type: 'ipip' | 'ip6in4' | 'gre' | 'gue',
  header: TunnelHeader,
  port?: number,
): void {
  const level = depth + 1;
  if (level > MAX_TUNNEL_DEPTH) {
    addError(d, decodeError('tunnel', 'too-deep', `more than ${MAX_TUNNEL_DEPTH} nested levels`));
    return;
  }
  if (d.tunnel === undefined) {
    const v4 = s.family === 4;
    d.tunnel = {
      type,
      outer: { src: v4 ? formatIpv4(b, s.srcOff) : formatIpv6(b, s.srcOff), dst: v4 ? formatIpv4(b, s.dstOff) : formatIpv6(b, s.dstOff) },
    };
    if (port !== undefined) d.tunnel.port = port;
    if (header.etherType !== undefined) d.tunnel.etherType = header.etherType;
  } else {
    d.tunnel.depth = level;
  }
  addError(d, header.error);
  if (header.innerFamily === 0) return;
  decodeIpPacket(b, header.innerOff, s.payloadEnd, header.innerFamily, ctx, d, level);
}
