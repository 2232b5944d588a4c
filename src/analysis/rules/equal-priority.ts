/**
 * equal-priority: two or more speakers of one virtual router (overlapping VIPs) advertise the same priority between 1
 * and 254. When both are up, the election falls to the higher primary IP (RFC 5798 §6.4.3), which is rarely what was
 * meant; RFC 9568 §8.3.2 lets routers warn about it. Priority 0 (resigning) and 255 (owner, see multiple-owners) are
 * not compared. Priorities are compared over the whole capture: only masters advertise, so two peers with the same
 * configured priority are usually seen one after the other.
 */
import { compareIp } from '../model/router-tracker.js';
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { describeRouter, listText, vipsOverlap } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

export const equalPriority = defineRule({
  meta: {
    id: 'equal-priority',
    defaultSeverity: 'info',
    summary: 'Two speakers of one virtual router advertise the same priority: the election falls to the higher IP.',
  },
  create(ctx) {
    /** `routerKey|speakerId|priority` → the first advert with that priority. */
    const firstFrame = new Map<string, number>();
    /** `routerKey|priority` → speaker ids already named in the finding. */
    const named = new Map<string, string>();

    function report(router: VirtualRouter, priority: number, sharing: Speaker[], ts: number): void {
      const sorted = [...sharing].sort((a, b) => compareIp(a.ip, b.ip));
      const winner = sorted[sorted.length - 1]!;
      const ips = sorted.map((s) => s.ip);
      ctx.report({
        key: `${router.key}|${priority}`,
        title: `Equal priority ${priority} on VRID ${router.vrid}`,
        message:
          `${listText(ips)} ${ips.length === 2 ? 'both' : 'all'} advertise priority ${priority} for ${describeRouter(router)}: whenever they compete, ` +
          `the higher primary IP wins (${winner.ip}), not a deliberate choice.`,
        router,
        subjects: { ips, macs: [...new Set(sorted.map((s) => s.mac))] },
        ts,
        frames: sorted.flatMap((s) => {
          const f = firstFrame.get(`${router.key}|${s.id}|${priority}`);
          return f === undefined ? [] : [f];
        }),
        wiresharkFilter: `${routerAdverts(router)} && vrrp.prio == ${priority} && ${sourceIn(router.family, ips)}`,
        remediation:
          'Give each node of the vrrp_instance its own `priority` (e.g. 150 on the preferred master, 100 and 50 on the backups; ' +
          'RFC 5798 §8.3.2 recommends spreading them), and make track_script/track_interface weights keep them apart.',
      });
    }

    return {
      advert({ frame, router, speaker, newPriority }) {
        // Runs for every advert: only a priority new for this speaker can change anything (the model says which are,
        // from the speaker it just updated: no state of this rule is touched for the others).
        if (!newPriority) return;
        const priority = frame.vrrp?.priority ?? 0;
        if (priority === 0 || priority === 255) return;
        firstFrame.set(`${router.key}|${speaker.id}|${priority}`, frame.frame);
        const sharing = [...router.speakers.values()].filter(
          (s) => s === speaker || (s.priorities.includes(priority) && vipsOverlap(s.vips, speaker.vips)),
        );
        if (sharing.length < 2) return;
        const ids = sharing.map((s) => s.id).sort().join(',');
        const key = `${router.key}|${priority}`;
        if (named.get(key) === ids) return;
        named.set(key, ids);
        report(router, priority, sharing, frame.ts);
      },
    };
  },
});
