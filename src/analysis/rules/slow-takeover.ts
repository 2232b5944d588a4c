/**
 * slow-takeover: a failover whose gap (old master's last advert → new master's first) exceeds the expected gap by more
 * than one advert interval. Expected: Master_Down_Interval after silence, Skew_Time after a priority-0 advert (RFC 3768 /
 * RFC 5798 §6.1, computed by the model per transition). Preemptions and unexplained changes carry no expectation and are
 * not judged. One finding per virtual router, summarising every slow takeover in it.
 */
import type { Transition, VirtualRouter } from '../model/types.js';
import { masterDownIntervalMs } from '../model/timers.js';
import { defineRule } from '../rule.js';
import { CaptureClock, describeRouter, seconds } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

interface Slow {
  transition: Transition;
  intervalMs: number;
  excessMs: number;
}

interface RouterSlowness {
  judged: number;
  slowCount: number;
  worst: Slow | null;
  ips: Set<string>;
}

/** The interval the backup's timers ran on: v3 backups adopt the master's, v2 backups use their own. */
function timerIntervalMs(t: Transition): number {
  return t.to.version === 3 && t.from ? t.from.intervalMs : t.to.intervalMs;
}

/** `version`, `priority`: the new master's at the time of the report. */
function explain(t: Transition, intervalMs: number, version: number, priority: number): string {
  const gap = (t.gapMs ?? 0) / 1000;
  if (t.reason === 'priority-zero') {
    const mdi = masterDownIntervalMs(version, priority, intervalMs) / 1000;
    const tookMdi = Math.abs(gap - mdi) <= intervalMs / 1000;
    return tookMdi
      ? `it waited a full Master_Down_Interval (${seconds(mdi)}) instead of Skew_Time, so it probably never received the priority-0 advert`
      : 'the backup was not ready to take over when the master resigned';
  }
  return 'the backup was not ready (not running, in FAULT, or with a longer advert_int / down_timer_adverts than its peer), or adverts of the old master were lost before this capture point';
}

export const slowTakeover = defineRule({
  meta: {
    id: 'slow-takeover',
    defaultSeverity: 'warning',
    summary: 'A failover took longer than Master_Down_Interval (or Skew_Time after priority 0) plus one interval.',
  },
  create(ctx) {
    const clock = new CaptureClock();
    const routers = new Map<string, RouterSlowness>();

    /**
     * Rendered when the finding is read: the counts, the worst takeover and its new master's version and priority
     * (which later adverts change) are copied now; the set of speakers changes only right before a report.
     */
    function report(router: VirtualRouter, state: RouterSlowness, latest: Slow): void {
      const worst = state.worst ?? latest;
      const { judged, slowCount } = state;
      const { lastPriority: priority, version } = worst.transition.to;
      ctx.report({
        key: router.key,
        router,
        ts: latest.transition.ts,
        frames: latest.transition.frames,
        render: () => {
          const t = worst.transition;
          const expected = (t.expectedGapMs ?? 0) / 1000;
          const gap = (t.gapMs ?? 0) / 1000;
          const basis = t.reason === 'priority-zero' ? 'Skew_Time after its priority-0 advert' : 'Master_Down_Interval';
          const from = t.from ? ` from ${t.from.ip}` : '';
          const which =
            slowCount === 1
              ? `${t.to.ip} took over ${describeRouter(router)}`
              : `${slowCount} of ${judged} takeovers of ${describeRouter(router)} were slow; the worst: ${t.to.ip} took over`;
          const ips = [...state.ips];
          return {
            title: `Slow takeover of VRID ${router.vrid}`,
            message:
              `${which}${from} at ${clock.at(t.ts)} after ${seconds(gap)} without adverts, ` +
              `${seconds(worst.excessMs / 1000)} longer than expected (${basis}: ${seconds(expected)}, priority ${priority}, ` +
              `interval ${seconds(worst.intervalMs / 1000)}); ${explain(t, worst.intervalMs, version, priority)}.`,
            subjects: { ips },
            wiresharkFilter: `${routerAdverts(router)} && ${sourceIn(router.family, ips)}`,
            remediation:
              'Check on the new master why it took over late: keepalived logs ("Entering BACKUP STATE", "Receive advertisement timeout", ' +
              'FAULT transitions from track_interface/track_script); give all nodes the same `advert_int`; keep `down_timer_adverts` at 3; ' +
              'let the old master send its priority-0 advert on shutdown (stop keepalived with SIGTERM, not SIGKILL) so the backup needs only Skew_Time.',
          };
        },
      });
    }

    return {
      tick(now) {
        clock.observe(now);
      },
      masterChange(router, transition) {
        if (transition.expectedGapMs === null || transition.gapMs === null) return;
        let state = routers.get(router.key);
        if (!state) {
          state = { judged: 0, slowCount: 0, worst: null, ips: new Set() };
          routers.set(router.key, state);
        }
        state.judged += 1;
        const intervalMs = timerIntervalMs(transition);
        const excessMs = transition.gapMs - transition.expectedGapMs;
        if (excessMs <= intervalMs) return;
        const slow: Slow = { transition, intervalMs, excessMs };
        state.slowCount += 1;
        if (!state.worst || excessMs > state.worst.excessMs) state.worst = slow;
        if (transition.from) state.ips.add(transition.from.ip);
        state.ips.add(transition.to.ip);
        report(router, state, slow);
      },
    };
  },
});
