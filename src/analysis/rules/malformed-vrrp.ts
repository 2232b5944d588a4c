/**
 * malformed-vrrp: VRRP packets that break the header rules: version not 2/3, type not 1, length and address count
 * disagree (the decoder's VRRP-layer length codes, or unexplained bytes after the message), VRID 0, v2 over IPv6,
 * advert interval 0 (errors); address count 0 (warning); v3 reserved bits set (info). The model only absorbs vouched
 * v2/v3 type-1 adverts, so this rule looks at every frame. One finding per (sender, problem kind). Cisco MD5's
 * trailer (auth type 254) is part of the message, not unexplained bytes; IP fragments carry no VRRP to judge.
 */
import type { Severity } from '../audit-document.js';
import { hasDecodeError } from '../../decoders/decode-error.js';
import type { FrameInfo, VrrpInfo } from '../../decoders/frame-info.js';
import { familyOf, innermostVlan, linkKeyOf, routerKeyOf } from '../model/keys.js';
import { defineRule } from '../rule.js';
import { advertIpOf } from './shared.js';
import { allOf } from '../wireshark-filter.js';

type Kind = 'version' | 'type' | 'length' | 'vrid' | 'v2-over-ipv6' | 'interval-zero' | 'count-zero' | 'reserved';

/** The decoder's VRRP-layer codes that mean the message's length and its address count disagree. */
const LENGTH_CODES: ReadonlySet<string> = new Set(['count-exceeds-length', 'truncated-header']);

interface Problem {
  kind: Kind;
  severity: Severity;
  /** What is wrong, completing "<sender> sends VRRP packets for VRID n that ...". */
  what: string;
  /** The specific defect of this frame, when the kind covers several (length). */
  detail?: string;
  /** Wireshark condition for this kind; null: list the frame numbers. */
  filter: string | null;
  remediation: string;
}

/** keepalived's auth_hmac extension appends exactly this many bytes; other receivers see a length mismatch, keepalived peers do not. */
const KEEPALIVED_HMAC_TRAILER = 28;

const FOREIGN_REMEDIATION =
  'Find the sender by its MAC: these are not VRRP adverts any peer accepts (a buggy implementation, a fuzzer, or another protocol on IP ' +
  'protocol 112 that is not CARP). Fix or remove it, and filter protocol 112 from hosts that are not VRRP routers (switch ACL or nftables).';

/** What a well-formed frame has: one shared empty list (this runs for every VRRP frame). */
const NO_PROBLEMS: readonly Problem[] = [];

function problemsOf(frame: FrameInfo, vrrp: VrrpInfo | undefined, ipVersion: number): readonly Problem[] {
  let out: Problem[] | null = null;
  if (vrrp && vrrp.version !== 2 && vrrp.version !== 3) {
    // A wrong version makes every other field meaningless: report only that.
    return [{
      kind: 'version',
      severity: 'error',
      what: `have version ${vrrp.version}; only 2 and 3 exist, so receivers drop them (keepalived "wrong VRRP version")`,
      filter: '!(vrrp.version in {2, 3})',
      remediation: FOREIGN_REMEDIATION,
    }];
  }
  if (vrrp && vrrp.type !== 1) {
    (out ??= []).push({
      kind: 'type',
      severity: 'error',
      what: `have type ${vrrp.type}; only 1 (Advertisement) exists, so receivers discard them (RFC 3768 §5.3.2, RFC 5798 §5.2.2; keepalived "Invalid packet type")`,
      filter: 'vrrp.type != 1',
      remediation: FOREIGN_REMEDIATION,
    });
  }
  // A snaplen cut explains missing bytes: only an uncut frame's length error is the sender's.
  const lengthError = frame.truncated ? undefined : frame.errors?.find((e) => e.layer === 'vrrp' && LENGTH_CODES.has(e.code))?.message.slice(5).trim();
  const trailing = vrrp?.trailingBytes;
  if (lengthError !== undefined || (trailing !== undefined && trailing !== KEEPALIVED_HMAC_TRAILER)) {
    (out ??= []).push({
      kind: 'length',
      severity: 'error',
      what: 'have a length that disagrees with their address count, so receivers drop them (keepalived "vrrp packet ... too long/short")',
      detail: lengthError ?? `${trailing} bytes follow the message, not keepalived's ${KEEPALIVED_HMAC_TRAILER}-byte auth_hmac trailer`,
      filter: null,
      remediation:
        'Check the sending implementation and its version, and the path for a middlebox that cuts or pads the IP payload. keepalived\'s ' +
        '`auth_hmac` adds a 28-byte trailer only keepalived >= 2.4 understands: configure it on all peers or none.',
    });
  }
  if (vrrp && hasDecodeError(frame.errors, 'vrrp', 'vrid-zero')) {
    (out ??= []).push({
      kind: 'vrid',
      severity: 'error',
      what: 'use virtual router id 0; VRIDs are 1-255 (RFC 3768 §5.3.3, RFC 5798 §5.2.3), so no receiver has such a router',
      filter: null,
      remediation: FOREIGN_REMEDIATION,
    });
  }
  if (!vrrp || vrrp.type !== 1) return out ?? NO_PROBLEMS;
  if (vrrp.version === 2 && ipVersion === 6) {
    (out ??= []).push({
      kind: 'v2-over-ipv6',
      severity: 'error',
      what: 'are VRRPv2 over IPv6; VRRPv2 is defined for IPv4 only (RFC 3768), and IPv6 receivers expect VRRPv3',
      filter: 'vrrp.version == 2',
      remediation: 'Use VRRPv3 for IPv6 virtual routers on every peer (keepalived always uses v3 for IPv6; on routers enable `vrrpv3` / `version 3`).',
    });
  }
  if (vrrp.intervalMs === 0) {
    const v2 = vrrp.version === 2;
    (out ??= []).push({
      kind: 'interval-zero',
      severity: 'error',
      what: v2
        ? 'advertise an interval of 0 s; keepalived puts 0 on the wire for a sub-second `advert_int` with VRRPv2, which counts whole seconds (issue #1615), and receivers cannot derive their timers from it'
        : 'advertise a Max Advertise Interval of 0; RFC 9568 §7.1 requires receivers to drop such adverts',
      filter: v2 ? 'vrrp.adver_int == 0' : 'vrrp.short_adver_int == 0',
      remediation: v2
        ? 'Use whole seconds with VRRPv2 (`advert_int 1`), or switch every peer to VRRPv3 (`vrrp_version 3` in global_defs) for sub-second intervals.'
        : 'Configure a non-zero advertisement interval on the sender (VRRPv3 counts centiseconds: 0.01 s to 40.95 s).',
    });
  }
  if (vrrp.count === 0) {
    (out ??= []).push({
      kind: 'count-zero',
      severity: 'warning',
      what: 'carry no virtual address (count 0); RFC 5798 §5.2.5 requires at least one and RFC 9568 receivers ignore such adverts',
      filter: 'vrrp.addr_count == 0',
      remediation:
        'Give the vrrp_instance at least one `virtual_ipaddress` (vrrp_strict refuses instances without one). If a VIP-less instance is ' +
        'intended (e.g. only for a sync group), other VRRP implementations will ignore it.',
    });
  }
  if (vrrp.reserved !== undefined && vrrp.reserved !== 0) {
    (out ??= []).push({
      kind: 'reserved',
      severity: 'info',
      what: `set the reserved bits of the VRRPv3 header (value ${vrrp.reserved}); they must be zero on send and are ignored on receipt (RFC 5798 §5.2.6)`,
      filter: 'vrrp.reserved_mbz != 0',
      remediation: 'Harmless to receivers; report it to the vendor of the sending implementation.',
    });
  }
  return out ?? NO_PROBLEMS;
}

interface ProblemState {
  count: number;
  /** First frames, for a `frame.number in {...}` filter where no field says what is wrong. */
  frames: number[];
  details: Set<string>;
}

/** Distinct defects quoted per finding. */
const QUOTED_DETAILS = 3;

export const malformedVrrp = defineRule({
  meta: {
    id: 'malformed-vrrp',
    defaultSeverity: 'error',
    summary: 'VRRP packets with a wrong version, type, length or address count, VRID 0, v2 over IPv6, interval 0, count 0 or reserved bits set.',
  },
  create(ctx) {
    const states = new Map<string, ProblemState>();
    const maxFrames = ctx.options.maxEvidenceFrames;

    return {
      frame(frame: FrameInfo) {
        const vrrp = frame.vrrp;
        if (!vrrp && !hasDecodeError(frame.errors, 'vrrp')) return;
        const ip = advertIpOf(frame);
        if (!ip) return;
        const problems = problemsOf(frame, vrrp, ip.version);
        if (problems.length === 0) return;
        const family = familyOf(ip.version);
        const vrid = vrrp?.vrid ?? null;
        const linkKey = linkKeyOf(frame);
        const routerKey = vrid === null ? `${linkKey}|${family}|?` : routerKeyOf(linkKey, family, vrid);
        const router = vrid === null ? null : (ctx.model.router(routerKey) ?? null);
        const vlan = innermostVlan(frame);
        const mac = frame.ethSrc ?? '';
        const sender = `${ip.src}${mac ? ` (${mac})` : ''}`;
        const srcField = ip.version === 6 ? 'ipv6.src' : 'ip.src';
        const scope = vrid === null ? '' : ` for VRID ${vrid}`;
        for (const p of problems) {
          const key = `${routerKey}|${ip.src}|${mac}|${p.kind}`;
          let state = states.get(key);
          if (!state) {
            state = { count: 0, frames: [], details: new Set() };
            states.set(key, state);
          }
          state.count += 1;
          if (state.frames.length < maxFrames) state.frames.push(frame.frame);
          if (p.detail !== undefined && state.details.size < QUOTED_DETAILS) state.details.add(p.detail);
          // Rendered when read: the count is copied; the quoted details change only right before a report of this key.
          const count = state.count;
          const details = state.details;
          ctx.report({
            key,
            severity: p.severity,
            router,
            vlan,
            family,
            vrid,
            ts: frame.ts,
            frames: [frame.frame],
            render: () => {
              const quoted = details.size ? ` Details: ${[...details].join('; ')}.` : '';
              const base = [...(vrid === null ? [] : [`vrrp.virt_rtr_id == ${vrid}`]), `${srcField} == ${ip.src}`];
              return {
                title: `Malformed VRRP (${p.kind}) from ${ip.src}`,
                message: `${sender} sends VRRP packets${scope} that ${p.what} (${count} packet${count === 1 ? '' : 's'}).${quoted}`,
                subjects: { ips: [ip.src], ...(mac ? { macs: [mac] } : {}) },
                wiresharkFilter: allOf(...base, p.filter),
                remediation: p.remediation,
              };
            },
          });
        }
      },
    };
  },
});
