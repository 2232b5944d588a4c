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

/** A finding open for many speakers is brought up to date at most this often (capture seconds). */
const REFRESH_S = 1;
/** Speakers described one by one in the message. */
const MAX_NAMED = 10;

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
      // A list is involved when one of its VIPs is in another distinct list: linear in speakers plus distinct lists,
      // where comparing every pair of speakers grew with their square on every change.
      const byList = new Map<string, ListState[]>();
      for (const st of states.values()) {
        const same = byList.get(st.list);
        if (same) same.push(st);
        else byList.set(st.list, [st]);
      }
      const listsOfVip = new Map<string, number>();
      for (const list of byList.keys()) for (const vip of vipsOf(list)) listsOfVip.set(vip, (listsOfVip.get(vip) ?? 0) + 1);
      const involved = [...byList].flatMap(([list, members]) => (vipsOf(list).some((v) => (listsOfVip.get(v) ?? 0) > 1) ? members : []));
      const key = `${router.key}|speakers`;
      if (involved.length === 0) {
        if (ctx.isOpen(key)) ctx.close(key, ts);
        return;
      }
      involved.sort((a, b) => a.frame - b.frame);
      const union = [...new Set(involved.flatMap((s) => vipsOf(s.list)))];
      // A readable message names the first speakers; subjects and frames still list all of them.
      const parts = involved.slice(0, MAX_NAMED).map((s) => {
        const vips = vipsOf(s.list);
        const missing = union.filter((v) => !vips.includes(v));
        return `${s.speaker.ip} advertises ${countText(vips)} (${vips.join(', ')})${missing.length > 0 ? `, without ${missing.join(', ')}` : ''}`;
      });
      if (involved.length > MAX_NAMED) parts.push(`and ${involved.length - MAX_NAMED} more speakers`);
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

    /** Routers with a list change not compared yet (capture time of the change), and when each was last compared. */
    const pending = new Map<string, number>();
    const lastCompared = new Map<string, number>();

    /**
     * A speaker's list changed. While the finding is open, speakers joining one by one (hundreds of them) are compared
     * at most once per REFRESH_S, so the work stays linear in the changes instead of growing with their square.
     */
    function changed(router: VirtualRouter, ts: number, states: Map<string, ListState>): void {
      const last = lastCompared.get(router.key);
      if (!ctx.isOpen(`${router.key}|speakers`) || last === undefined || ts - last >= REFRESH_S) {
        pending.delete(router.key);
        lastCompared.set(router.key, ts);
        compareSpeakers(router, ts, states);
      } else pending.set(router.key, ts);
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
        for (const [key, ts] of pending) {
          if (now - (lastCompared.get(key) ?? Number.NEGATIVE_INFINITY) < REFRESH_S) continue;
          pending.delete(key);
          const router = ctx.model.router(key);
          const states = lists.get(key);
          if (!router || !states) continue;
          lastCompared.set(key, now);
          compareSpeakers(router, ts, states);
        }
      },
      advert({ router, speaker, frame }) {
        // The model's sorted key of this advert's VIP list ('' when it lists none).
        const list = speaker.vipList;
        if (list === '') return;
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
        changed(router, frame.ts, states);
      },
      end() {
        for (const [key, ts] of pending) {
          const router = ctx.model.router(key);
          const states = lists.get(key);
          if (router && states) compareSpeakers(router, ts, states);
        }
        pending.clear();
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
