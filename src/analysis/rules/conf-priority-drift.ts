/**
 * conf-priority-drift: a speaker advertises a priority its configured instance would not advertise while healthy.
 * Names the tracked scripts / interfaces whose weights explain the difference (a failing check), or says that none
 * does (an old file is deployed, or it was not reloaded).
 */
import type { ConfigRefDoc } from '../audit-document.js';
import { candidatesFor, groupsForRouter, peerGroups, refOf, type Member, type PeerGroup } from '../conf/cluster.js';
import { explainPriority, healthyPriority, trackText } from '../conf/weights.js';
import { defineRule } from '../rule.js';
import { listText } from './shared.js';
import { allOf, routerAdverts, sourceIn } from '../wireshark-filter.js';

export const confPriorityDrift = defineRule({
  meta: {
    id: 'conf-priority-drift',
    defaultSeverity: 'warning',
    summary: 'Advertised priority differs from the configured one: a tracked script or interface lowered it, or an old file is deployed.',
  },
  create(ctx) {
    let groups: PeerGroup[] | null = null;
    const checked = new Set<string>();
    return {
      advert(ev) {
        const cluster = ctx.options.keepalived;
        const p = ev.frame.vrrp?.priority;
        if (!cluster || cluster.length === 0 || p === undefined || p === 0) return;
        const { router, speaker } = ev;
        const seen = `${router.key}|${speaker.id}|${p}`;
        if (checked.has(seen)) return;
        checked.add(seen);
        groups ??= peerGroups(cluster);
        const matched = groupsForRouter(groups, router).filter((g) => speaker.vips.length === 0 || speaker.vips.some((v) => g.vips.has(v)));
        const candidates = candidatesFor(matched, speaker);
        if (candidates.length === 0) return;
        // Healthy and as configured on one candidate: nothing to say.
        if (candidates.some((m) => healthyPriority(m.inst) === p)) return;
        const explained = candidates
          .map((m) => ({ m, down: explainPriority(m.inst, p) }))
          .filter((x): x is { m: Member; down: NonNullable<typeof x.down> } => x.down !== null);
        const describe = (m: Member): string => `${m.inst.name} on ${m.node.node} configures priority ${m.inst.priority}${healthyPriority(m.inst) !== m.inst.priority ? ` (${healthyPriority(m.inst)} with its positive weights)` : ''}`;
        const cause =
          explained.length > 0
            ? explained
                .map((x) => `on ${x.m.node.node}, ${x.down.length === 1 ? 'a failing' : 'failing'} ${listText(x.down.map(trackText))} explain${x.down.length === 1 ? 's' : ''} ${healthyPriority(x.m.inst)} → ${p}`)
                .join('; ')
            : 'no combination of its tracked weights gives this priority: the file deployed on the node differs from this one, or keepalived was not reloaded after an edit';
        const refs: ConfigRefDoc[] = explained.length > 0 ? explained.flatMap((x) => x.down.map((t) => refOf(x.m, t.line, t.file))) : candidates.map((m) => refOf(m));
        ctx.report({
          key: `${router.key}|${speaker.id}`,
          title: `${speaker.ip} advertises priority ${listText(speaker.priorities.filter((x) => x !== 0).map(String))}, not the configured one`,
          message: `${speaker.ip} (${speaker.mac}) advertises VRID ${router.vrid} with priority ${p}; ${listText(candidates.map(describe))}. ${cause.charAt(0).toUpperCase()}${cause.slice(1)}.`,
          router,
          subjects: { ips: [speaker.ip], macs: [speaker.mac] },
          ts: ev.frame.ts,
          frames: [ev.frame.frame],
          wiresharkFilter: allOf(routerAdverts(router), sourceIn(router.family, [speaker.ip]), `vrrp.prio == ${p}`),
          remediation:
            explained.length > 0
              ? 'Run the tracked script by hand on that node (as keepalived\'s script_user) and check the tracked interfaces; keepalived logs "Script `NAME` now returning N" and "Changing effective priority". The node gives up mastership while a check fails, by design.'
              : 'Compare the running config with this file (`keepalived -t -f /etc/keepalived/keepalived.conf` on the node, and its journal for the last reload), deploy the intended file and reload.',
          config: refs,
        });
      },
    };
  },
});
