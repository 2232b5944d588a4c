/**
 * checksum-variant-mismatch: VRRPv3 speakers of one virtual router whose checksums are valid only under different
 * variants (protocol-reference §1.3): with the IPv4 pseudo-header (keepalived, FRR, Wireshark default), without it
 * (Cisco, Juniper, keepalived `v3_checksum_as_v2`), or with the multicast group as pseudo-header destination on unicast
 * adverts (keepalived < 1.3.7, FRR). Each side fails the other's checksum check and drops its adverts.
 *
 * An advert sent to the standard group is valid under both pseudo-header variants, so only disjoint sets conflict.
 * IPv6 is compared too: some vendors can leave the pseudo-header out there as well (Huawei `vrrp6 checksum exclude pseudo-header`).
 */
import type { ChecksumVariant, FrameInfo } from '../../decoders/frame-info.js';
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { advertIpOf, describeRouter, listText, speakerName, vipsOverlap } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

interface SpeakerChecksum {
  speaker: Speaker;
  /** Variant the latest valid advert matched first. */
  variant: ChecksumVariant;
  /** Every variant that advert is valid under. */
  accepted: ReadonlySet<ChecksumVariant>;
  frame: number;
}

const STANDARD_GROUPS = new Set(['224.0.0.18', 'ff02::12']);

const VARIANT_TEXT: Record<ChecksumVariant, string> = {
  v2: 'the VRRPv2 checksum',
  'v3-pseudo': 'the pseudo-header (keepalived, FRR and Wireshark default)',
  'v3-no-pseudo': 'no pseudo-header (Cisco/Juniper style, keepalived `v3_checksum_as_v2`)',
  'v3-pseudo-mcast': 'the multicast group in the pseudo-header of unicast adverts (keepalived < 1.3.7, FRR)',
};

function acceptedOf(frame: FrameInfo, variant: ChecksumVariant): Set<ChecksumVariant> {
  const set = new Set<ChecksumVariant>([variant]);
  const dst = advertIpOf(frame)?.dst;
  if (variant === 'v3-pseudo' && dst !== undefined && STANDARD_GROUPS.has(dst)) set.add('v3-pseudo-mcast');
  return set;
}

function disjoint(a: ReadonlySet<ChecksumVariant>, b: ReadonlySet<ChecksumVariant>): boolean {
  for (const v of a) if (b.has(v)) return false;
  return true;
}

function remediation(router: VirtualRouter, variants: ReadonlySet<ChecksumVariant>): string {
  const steps: string[] = [];
  if (variants.has('v3-no-pseudo')) {
    steps.push(
      router.family === 'ipv4'
        ? 'Make every peer compute the IPv4 VRRPv3 checksum the same way: to interoperate with Cisco/Juniper (no pseudo-header, as RFC 9568 prefers) ' +
            'add `v3_checksum_as_v2` to the keepalived vrrp_instance (keepalived >= 2.2.8) and `no vrrp <VRID> checksum-with-ipv4-pseudoheader` on FRR; ' +
            'or make the other side include it (IP Infusion: remove `vrrp ipv4-exclude-pseudo-header`).'
        : 'Make every peer include the IPv6 pseudo-header (RFC 5798 §5.2.8): remove options such as Huawei `vrrp6 checksum exclude pseudo-header`.',
    );
  }
  if (variants.has('v3-pseudo-mcast')) {
    steps.push(
      'A peer puts the multicast group into the pseudo-header of unicast adverts (keepalived before 1.3.7, FRR): upgrade old keepalived, ' +
        'or set `old_unicast_checksum` in the newer keepalived instances (by default they auto-detect it; `old_unicast_checksum never` turns that off).',
    );
  }
  steps.push(
    'Check in Wireshark by toggling the VRRP preference "Calculate V3 checksum as in V2 for IPv4 packets" (`vrrp.v3_checksum_as_in_v2`): the adverts that turn valid are the no-pseudo-header side.',
  );
  return steps.join(' ');
}

export const checksumVariantMismatch = defineRule({
  meta: {
    id: 'checksum-variant-mismatch',
    defaultSeverity: 'error',
    summary: 'VRRPv3 speakers compute checksums under different variants (pseudo-header or not), so each drops the other\'s adverts.',
  },
  create(ctx) {
    const byRouter = new Map<string, Map<string, SpeakerChecksum>>();

    const involvedByRouter = new Map<string, { list: SpeakerChecksum[]; speakers: Set<Speaker> }>();
    const listsSeen = new WeakMap<Speaker, number>();

    function involvedOf(all: readonly SpeakerChecksum[]): SpeakerChecksum[] {
      return all.filter((a) => all.some((b) => disjoint(a.accepted, b.accepted) && vipsOverlap(a.speaker.vips, b.speaker.vips)));
    }

    function report(router: VirtualRouter, involved: SpeakerChecksum[], frame: number, ts: number): void {
      const groups = new Map<ChecksumVariant, SpeakerChecksum[]>();
      for (const s of [...involved].sort((a, b) => a.frame - b.frame)) groups.set(s.variant, [...(groups.get(s.variant) ?? []), s]);
      const all = involved.map((s) => s.speaker);
      const parts = [...groups].map(([variant, members]) => `${listText(members.map((m) => speakerName(m.speaker, all)))} with ${VARIANT_TEXT[variant]}`);
      const ips = [...new Set(involved.map((s) => s.speaker.ip))];
      const macs = [...new Set(involved.map((s) => s.speaker.mac))];
      ctx.report({
        key: router.key,
        title: `Checksum variant mismatch for VRID ${router.vrid}`,
        message:
          `VRRPv3 speakers of ${describeRouter(router)} compute their checksums differently: ${parts.join('; ')}. ` +
          'Each side\'s adverts fail the other\'s checksum check and are dropped (keepalived "Invalid VRRPv3 checksum"), so both can become master.',
        router,
        subjects: { ips, macs },
        ts,
        frames: [...involved.map((s) => s.frame), frame],
        wiresharkFilter: `${routerAdverts(router)} && vrrp.version == 3 && ${sourceIn(router.family, ips)}`,
        remediation: remediation(router, new Set(groups.keys())),
      });
    }

    return {
      advert({ frame, router, speaker }) {
        const vrrp = frame.vrrp;
        // v2 adverts have one checksum variant; a migration-mode speaker keeps the variant of its v3 adverts.
        if (vrrp?.version !== 3) return;
        let speakers = byRouter.get(router.key);
        if (!speakers) {
          speakers = new Map();
          byRouter.set(router.key, speakers);
        }
        const variant = vrrp.checksumVariant;
        if (!vrrp.checksumValid || variant === null) return;
        const prev = speakers.get(speaker.id);
        const accepted = acceptedOf(frame, variant);
        if (!prev || prev.variant !== variant || prev.accepted.size !== accepted.size) {
          speakers.set(speaker.id, { speaker, variant, accepted, frame: frame.frame });
          involvedByRouter.delete(router.key);
        }
        // Compared again only when a speaker's variant (or its VIP lists) changed: an unchanged advert costs O(1).
        const lists = listsSeen.get(speaker) ?? 0;
        if (lists !== speaker.vipLists.size) {
          listsSeen.set(speaker, speaker.vipLists.size);
          involvedByRouter.delete(router.key);
        }
        let cached = involvedByRouter.get(router.key);
        if (!cached) {
          const list = involvedOf([...speakers.values()]);
          cached = { list, speakers: new Set(list.map((s) => s.speaker)) };
          involvedByRouter.set(router.key, cached);
        }
        const involved = cached.list;
        if (cached.speakers.has(speaker)) report(router, involved, frame.frame, frame.ts);
        else if (involved.length === 0 && ctx.isOpen(router.key)) ctx.close(router.key, frame.ts);
      },
    };
  },
});
