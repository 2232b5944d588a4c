/**
 * vip-list-mismatch: speakers of one virtual router advertise overlapping but different VIP lists (or counts), or one
 * speaker changes its list during the capture. RFC 3768 §7.1 lets a v2 receiver drop such adverts (keepalived ≤ 2.3.2
 * did, and both nodes went master); later keepalived only logs "ip address associated with VRID N not present in
 * advert". Order does not matter; disjoint lists are vrid-collision's finding; empty lists (count 0) are malformed-vrrp's.
 */
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { CaptureClock, describeRouter } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

interface ListState {
  speaker: Speaker;
  /** Sorted, comma-joined. */
  list: string;
  /** The advert that first showed this list. */
  frame: number;
  ts: number;
}

const REMEDIATION =
  'Make `virtual_ipaddress` (and `virtual_ipaddress_excluded`, which is not advertised) identical on every node of this ' +
  'vrrp_instance, then reload the nodes one at a time; keepalived ≤ 2.3.2 drops adverts whose VIPs differ from its own ' +
  '(`vrrp_skip_check_adv_addr` only skips the check when the master did not change). Compare with `ip -br addr` on each node.';

function vipsOf(list: string): string[] {
  return list ? list.split(',') : [];
}

function overlaps(a: string, b: string): boolean {
  const set = new Set(vipsOf(a));
  return vipsOf(b).some((v) => set.has(v));
}

function countText(vips: readonly string[]): string {
  return `${vips.length} VIP${vips.length === 1 ? '' : 's'}`;
}

export const vipListMismatch = defineRule({
  meta: {
    id: 'vip-list-mismatch',
    defaultSeverity: 'warning',
    summary: 'Speakers of one virtual router advertise overlapping but different VIP lists, or a speaker changes its list.',
  },
  create(ctx) {
    const clock = new CaptureClock();
    /** routerKey → speakerId → its current list. */
    const lists = new Map<string, Map<string, ListState>>();

    function compareSpeakers(router: VirtualRouter, ts: number, states: Map<string, ListState>): void {
      const all = [...states.values()];
      const involved = all.filter((a) => all.some((b) => b.list !== a.list && overlaps(a.list, b.list)));
      const key = `${router.key}|speakers`;
      if (involved.length === 0) {
        if (ctx.isOpen(key)) ctx.close(key, ts);
        return;
      }
      involved.sort((a, b) => a.frame - b.frame);
      const union = [...new Set(involved.flatMap((s) => vipsOf(s.list)))];
      const parts = involved.map((s) => {
        const vips = vipsOf(s.list);
        const missing = union.filter((v) => !vips.includes(v));
        return `${s.speaker.ip} advertises ${countText(vips)} (${vips.join(', ')})${missing.length > 0 ? `, without ${missing.join(', ')}` : ''}`;
      });
      const ips = [...new Set(involved.map((s) => s.speaker.ip))];
      ctx.report({
        key,
        title: `Different VIP lists for VRID ${router.vrid}`,
        message:
          `Speakers of ${describeRouter(router)} disagree on the VIPs: ${parts.join('; ')}. ` +
          `keepalived logs "ip address associated with VRID ${router.vrid} not present in advert", and up to 2.3.2 drops such adverts, so both sides can become master.`,
        router,
        subjects: { ips, macs: [...new Set(involved.map((s) => s.speaker.mac))], vips: union },
        ts,
        frames: involved.map((s) => s.frame),
        wiresharkFilter: `${routerAdverts(router)} && ${sourceIn(router.family, ips)}`,
        remediation: REMEDIATION,
      });
    }

    function reportChange(router: VirtualRouter, before: ListState, after: ListState): void {
      const old = vipsOf(before.list);
      const now = vipsOf(after.list);
      const added = now.filter((v) => !old.includes(v));
      const removed = old.filter((v) => !now.includes(v));
      const what = [added.length > 0 ? `added ${added.join(', ')}` : '', removed.length > 0 ? `removed ${removed.join(', ')}` : '']
        .filter(Boolean)
        .join(' and ');
      const ip = after.speaker.ip;
      ctx.report({
        key: `${router.key}|changed|${after.speaker.id}`,
        title: `${ip} changed its VIP list for VRID ${router.vrid}`,
        message:
          `${ip} ${what} in its adverts for ${describeRouter(router)} at ${clock.at(after.ts)} ` +
          `(${countText(old)} → ${countText(now)}): a configuration reload on that node, while its peers may still advertise the old list.`,
        router,
        subjects: { ips: [ip], macs: [after.speaker.mac], vips: [...new Set([...old, ...now])] },
        ts: after.ts,
        frames: [before.frame, after.frame],
        wiresharkFilter: `${routerAdverts(router)} && ${sourceIn(router.family, [ip])}`,
        remediation: REMEDIATION,
      });
    }

    return {
      tick(now) {
        clock.observe(now);
      },
      advert({ router, speaker, frame }) {
        const addresses = frame.vrrp?.addresses ?? [];
        if (addresses.length === 0) return;
        const list = [...addresses].sort().join(',');
        let states = lists.get(router.key);
        if (!states) {
          states = new Map();
          lists.set(router.key, states);
        }
        const before = states.get(speaker.id);
        if (before && before.list === list) return;
        const after: ListState = { speaker, list, frame: frame.frame, ts: frame.ts };
        states.set(speaker.id, after);
        if (before) reportChange(router, before, after);
        compareSpeakers(router, frame.ts, states);
      },
      end() {
        // Still disagreeing at the end: the evidence lasts until the last advert of those speakers.
        for (const [key, states] of lists) {
          const router = ctx.model.router(key);
          if (!router || !ctx.isOpen(`${key}|speakers`)) continue;
          compareSpeakers(router, Math.max(...[...states.values()].map((s) => s.speaker.lastSeen)), states);
        }
      },
    };
  },
});
