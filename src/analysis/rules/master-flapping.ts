/**
 * master-flapping: more than `masterFlapping.changes` master changes of one virtual router within
 * `masterFlapping.windowS` seconds (default: more than 3 within 60 s). Every change moves the VIPs, breaks
 * connections and floods GARPs; the reasons of the changes point at the cause.
 */
import type { TransitionReason } from '../audit-document.js';
import type { Transition, VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { CaptureClock, describeRouter, listText, seconds } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

interface Flap {
  /** The router's key: the finding's key. */
  key: string;
  /** Transitions inside the sliding window. */
  recent: Transition[];
  /** Every transition since the finding opened (counted, not kept). */
  total: number;
  reasons: Map<TransitionReason, number>;
  ips: Set<string>;
  first: number;
  open: boolean;
  /** Creation order: episodes that calm down at one tick close in this order, as a walk over all routers would. */
  order: number;
}

const REASON_HINTS: Record<TransitionReason, string> = {
  'priority-zero': 'priority-0 adverts mean keepalived stops or restarts on the master (check `journalctl -u keepalived`, a crashing or flapping service, or a track_script forcing FAULT)',
  'master-down': 'takeovers after silence mean adverts get lost (congested or flapping link, CPU starvation of keepalived, a firewall dropping protocol 112 now and then)',
  preempt: 'preemptions mean priorities keep changing (a track_script/track_interface weight that oscillates) or a node keeps restarting',
  unknown: 'changes without a clear reason usually follow a period of two masters (see split-brain)',
};

export const masterFlapping = defineRule({
  meta: {
    id: 'master-flapping',
    defaultSeverity: 'warning',
    summary: 'More than 3 master changes of one virtual router within 60 s (tunable).',
  },
  create(ctx) {
    const { changes, windowS } = ctx.options.masterFlapping;
    const clock = new CaptureClock();
    const flaps = new Map<string, Flap>();
    /** Open episodes: ticks look at these only, not at every router that ever changed master. */
    const open = new Set<Flap>();

    function report(router: VirtualRouter, flap: Flap, t: Transition): void {
      const reasons = [...flap.reasons].sort((a, b) => b[1] - a[1]);
      const ips = [...flap.ips];
      const span = t.ts - flap.first;
      ctx.report({
        key: router.key,
        title: `Master of VRID ${router.vrid} changed ${flap.total} times`,
        message:
          `The master of ${describeRouter(router)} changed ${flap.total} times between ${clock.offset(flap.first)} and ${clock.at(t.ts)} ` +
          `(${seconds(span)}; more than ${changes} within ${windowS} s), between ${listText(ips)}; ` +
          `reasons: ${reasons.map(([r, n]) => `${r} ×${n}`).join(', ')}.`,
        router,
        subjects: { ips },
        ts: t.ts,
        frames: t.frames,
        wiresharkFilter: `${routerAdverts(router)} && ${sourceIn(router.family, ips)}`,
        remediation:
          `Find why the master keeps changing: ${reasons.map(([r]) => REASON_HINTS[r]).join('; ')}. ` +
          'To dampen it while fixing the cause: `preempt_delay 60` (or `nopreempt` with `state BACKUP` on all nodes), ' +
          '`rise`/`fall` on track scripts, and a larger `advert_int` on lossy links.',
      });
    }

    return {
      tick(now) {
        clock.observe(now);
        if (open.size === 0) return;
        let calm: Flap[] | null = null;
        for (const flap of open) {
          const last = flap.recent[flap.recent.length - 1];
          // Calm for a whole window: the flapping episode is over.
          if (last && now - last.ts > windowS) (calm ??= []).push(flap);
        }
        if (calm === null) return;
        calm.sort((a, b) => a.order - b.order);
        for (const flap of calm) {
          flap.open = false;
          open.delete(flap);
          ctx.close(flap.key, flap.recent[flap.recent.length - 1]!.ts);
        }
      },
      masterChange(router, transition) {
        let flap = flaps.get(router.key);
        if (!flap) {
          flap = { key: router.key, recent: [], total: 0, reasons: new Map(), ips: new Set(), first: transition.ts, open: false, order: flaps.size };
          flaps.set(router.key, flap);
        }
        flap.recent.push(transition);
        while (flap.recent.length > 0 && transition.ts - flap.recent[0]!.ts > windowS) flap.recent.shift();
        if (!flap.open) {
          if (flap.recent.length <= changes) return;
          // A new episode: it starts with the changes inside the window.
          flap.open = true;
          open.add(flap);
          flap.total = 0;
          flap.reasons.clear();
          flap.ips.clear();
          flap.first = flap.recent[0]!.ts;
          for (const t of flap.recent.slice(0, -1)) {
            count(flap, t);
            report(router, flap, t);
          }
        }
        count(flap, transition);
        report(router, flap, transition);
      },
    };
  },
});

function count(flap: Flap, t: Transition): void {
  flap.total += 1;
  flap.reasons.set(t.reason, (flap.reasons.get(t.reason) ?? 0) + 1);
  if (t.from) flap.ips.add(t.from.ip);
  flap.ips.add(t.to.ip);
}
