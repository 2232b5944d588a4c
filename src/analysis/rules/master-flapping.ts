/**
 * master-flapping: more than `masterFlapping.changes` master changes of one virtual router within
 * `masterFlapping.windowS` seconds (default: more than 3 within 60 s). Every change moves the VIPs, breaks
 * connections and floods GARPs; the reasons of the changes point at the cause.
 */
import type { TransitionReason } from '../audit-document.js';
import type { Transition, VirtualRouter } from '../model/types.js';
import { MinHeap } from '../model/min-heap.js';
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
  /** The latest change as of the flap's valid entry in the calm schedule (others are stale). */
  dueTs: number;
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

    /**
     * Open episodes by the capture time of their latest change: a tick pops those calm for a whole window instead of
     * walking every open episode (thousands of flapping routers, issue #10). One entry per episode, moved when it comes
     * up while the episode changed since.
     */
    const calmDue = new MinHeap<{ lastTs: number; flap: Flap }>((e) => e.lastTs);

    function schedule(flap: Flap, lastTs: number): void {
      flap.dueTs = lastTs;
      calmDue.push({ lastTs, flap });
    }

    function lastChange(flap: Flap): number {
      return flap.recent[flap.recent.length - 1]!.ts;
    }

    /**
     * The flap's counts, reasons and speakers change only right before a report of it, so the text rendered when the
     * finding is read is that of this report; the change's time is copied.
     */
    function report(router: VirtualRouter, flap: Flap, t: Transition): void {
      const ts = t.ts;
      const total = flap.total;
      const first = flap.first;
      ctx.report({
        key: router.key,
        router,
        ts,
        frames: t.frames,
        render: () => {
          const reasons = [...flap.reasons].sort((a, b) => b[1] - a[1]);
          const ips = [...flap.ips];
          return {
            title: `Master of VRID ${router.vrid} changed ${total} times`,
            message:
              `The master of ${describeRouter(router)} changed ${total} times between ${clock.offset(first)} and ${clock.at(ts)} ` +
              `(${seconds(ts - first)}; more than ${changes} within ${windowS} s), between ${listText(ips)}; ` +
              `reasons: ${reasons.map(([r, n]) => `${r} ×${n}`).join(', ')}.`,
            subjects: { ips },
            wiresharkFilter: `${routerAdverts(router)} && ${sourceIn(router.family, ips)}`,
            remediation:
              `Find why the master keeps changing: ${reasons.map(([r]) => REASON_HINTS[r]).join('; ')}. ` +
              'To dampen it while fixing the cause: `preempt_delay 60` (or `nopreempt` with `state BACKUP` on all nodes), ' +
              '`rise`/`fall` on track scripts, and a larger `advert_int` on lossy links.',
          };
        },
      });
    }

    return {
      tick(now) {
        clock.observe(now);
        let calm: Flap[] | null = null;
        // Calm for a whole window: the flapping episode is over.
        while (now - calmDue.peekKey() > windowS) {
          const { lastTs, flap } = calmDue.pop()!;
          if (!flap.open || lastTs !== flap.dueTs) continue;
          const last = lastChange(flap);
          if (now - last > windowS) (calm ??= []).push(flap);
          else schedule(flap, last);
        }
        if (calm === null) return;
        calm.sort((a, b) => a.order - b.order);
        for (const flap of calm) {
          flap.open = false;
          ctx.close(flap.key, lastChange(flap));
        }
      },
      masterChange(router, transition) {
        let flap = flaps.get(router.key);
        if (!flap) {
          flap = { key: router.key, recent: [], total: 0, reasons: new Map(), ips: new Set(), first: transition.ts, open: false, order: flaps.size, dueTs: 0 };
          flaps.set(router.key, flap);
        }
        flap.recent.push(transition);
        while (flap.recent.length > 0 && transition.ts - flap.recent[0]!.ts > windowS) flap.recent.shift();
        if (!flap.open) {
          if (flap.recent.length <= changes) return;
          // A new episode: it starts with the changes inside the window.
          flap.open = true;
          schedule(flap, transition.ts);
          flap.total = 0;
          flap.reasons.clear();
          flap.ips.clear();
          flap.first = flap.recent[0]!.ts;
          for (const t of flap.recent.slice(0, -1)) {
            count(flap, t);
            report(router, flap, t);
          }
        } else if (transition.ts < flap.dueTs) {
          // The latest change decides, even one dated before the scheduled one: the episode is due earlier.
          schedule(flap, transition.ts);
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
