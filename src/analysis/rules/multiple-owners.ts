/**
 * multiple-owners: more than one speaker of a virtual router (overlapping VIPs) advertises priority 255, the value
 * reserved for the router that owns the addresses (RFC 3768 §5.3.4, RFC 5798 §5.2.4). An owner preempts regardless of
 * Preempt_Mode and goes straight to master at startup, so two owners fight; RFC 9568 §8.3.2 says only one router per
 * link should use 255. keepalived logs "CONFIGURATION ERROR: local instance and X are both configured as address owner"
 * and, on the node with the higher IP, eventually drops to 254.
 */
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { describeRouter, listText, vipsOverlap } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

const OWNER = 255;

export const multipleOwners = defineRule({
  meta: {
    id: 'multiple-owners',
    defaultSeverity: 'error',
    summary: 'More than one speaker of a virtual router advertises priority 255 (address owner).',
  },
  create(ctx) {
    /** `routerKey|speakerId` → its first priority-255 advert. */
    const firstOwnerFrame = new Map<string, { frame: number; ts: number }>();
    const named = new Map<string, string>();

    function report(router: VirtualRouter, owners: Speaker[], ts: number): void {
      const firstOf = (s: Speaker): number => firstOwnerFrame.get(`${router.key}|${s.id}`)?.frame ?? 0;
      const sorted = [...owners].sort((a, b) => firstOf(a) - firstOf(b));
      const ips = sorted.map((s) => s.ip);
      const lowered = sorted.filter((s) => s.lastPriority !== OWNER && s.lastPriority > 0);
      const after =
        lowered.length > 0
          ? ` ${listText(lowered.map((s) => `${s.ip} later advertised priority ${s.lastPriority}`))} (keepalived lowers itself to 254 when a rogue owner keeps advertising).`
          : '';
      ctx.report({
        key: router.key,
        title: `${owners.length} address owners for VRID ${router.vrid}`,
        message:
          `${listText(ips)} ${ips.length === 2 ? 'both' : 'all'} advertise priority 255 (address owner) for ${describeRouter(router)}: an owner preempts ` +
          `unconditionally, so they can be master at the same time or take the VIPs from each other.${after}`,
        router,
        subjects: { ips, macs: [...new Set(sorted.map((s) => s.mac))], vips: [...new Set(sorted.flatMap((s) => s.vips))] },
        ts,
        frames: sorted.flatMap((s) => {
          const f = firstOwnerFrame.get(`${router.key}|${s.id}`);
          return f ? [f.frame] : [];
        }),
        wiresharkFilter: `${routerAdverts(router)} && vrrp.prio == 255 && ${sourceIn(router.family, ips)}`,
        remediation:
          'Give `priority 255` only to the node that really holds the VIPs as its own addresses; configure the others with ' +
          '`priority 254` or lower (keepalived: in each vrrp_instance), then reload them one at a time (RFC 5798 §8.3.2; RFC 9568 erratum 8298).',
      });
    }

    return {
      advert({ frame, router, speaker }) {
        if (frame.vrrp?.priority !== OWNER) return;
        const own = `${router.key}|${speaker.id}`;
        if (firstOwnerFrame.has(own)) return;
        firstOwnerFrame.set(own, { frame: frame.frame, ts: frame.ts });
        const owners = [...router.speakers.values()].filter(
          (s) => s === speaker || (firstOwnerFrame.has(`${router.key}|${s.id}`) && vipsOverlap(s.vips, speaker.vips)),
        );
        if (owners.length < 2) return;
        const ids = owners.map((s) => s.id).sort().join(',');
        if (named.get(router.key) === ids) return;
        named.set(router.key, ids);
        report(router, owners, frame.ts);
      },
      end() {
        // Mention owners that later lowered their priority (keepalived's rogue-owner handling).
        for (const key of named.keys()) {
          const router = ctx.model.router(key);
          if (!router) continue;
          const ids = new Set(named.get(key)?.split(','));
          const owners = [...router.speakers.values()].filter((s) => ids.has(s.id));
          if (owners.some((s) => s.lastPriority !== OWNER && s.lastPriority > 0)) {
            report(router, owners, Math.max(...owners.map((s) => firstOwnerFrame.get(`${key}|${s.id}`)?.ts ?? 0)));
          }
        }
      },
    };
  },
});
