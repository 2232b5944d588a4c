/**
 * conf-weight-too-small: a tracked script or interface of the intended master whose failure cannot hand the VIPs to a
 * peer, because the master's priority minus the weight still beats every peer's. The check runs, fails, logs, and
 * nothing fails over.
 */
import type { ConfTrack } from '../../keepalived/types.js';
import { groupKey, peerGroups, refOf, vridFilter } from '../conf/cluster.js';
import { defineConfCheck } from '../conf/define.js';
import { healthyPriority, trackText } from '../conf/weights.js';
import { listText } from './shared.js';

/** The priority change when this track fails, from its healthy contribution. */
function failureDrop(t: ConfTrack): number {
  const up = t.reverse ? Math.min(t.weight, 0) : Math.max(t.weight, 0);
  const down = t.reverse ? Math.max(t.weight, 0) : Math.min(t.weight, 0);
  return up - down;
}

export const confWeightTooSmall = defineConfCheck(
  {
    id: 'conf-weight-too-small',
    defaultSeverity: 'warning',
    summary: "A tracked script/interface of the intended master whose weight is too small to let a peer take over when it fails.",
  },
  (cluster, report) => {
    for (const g of peerGroups(cluster)) {
      if (g.members.length < 2) continue;
      const ranked = [...g.members].sort((a, b) => healthyPriority(b.inst) - healthyPriority(a.inst));
      const master = ranked[0];
      const next = ranked[1];
      if (!master || !next || master.inst.priority === 255) continue;
      const top = healthyPriority(master.inst);
      const rival = healthyPriority(next.inst);
      if (top === rival) continue;
      // weight 0 means FAULT on failure: that does fail over.
      const weak = master.inst.tracks.filter((t) => t.weight !== 0 && Math.max(1, top - failureDrop(t)) > rival);
      if (weak.length === 0) continue;
      report({
        key: `${groupKey(g)}|${master.node.file}`,
        title: `${master.inst.name} on ${master.node.node}: a failing check would not move the VIPs`,
        message:
          `${master.inst.name} on ${master.node.node} advertises ${top} while healthy and ${next.node.node} ${rival}. If ` +
          `${listText(weak.map(trackText))} fails, ${master.node.node} still advertises ${listText(weak.map((t) => String(Math.max(1, top - failureDrop(t)))))}, ` +
          `above ${rival}: it stays master, so the check only logs. keepalived fails over on a check only when the weight is larger than the priority gap.`,
        vrid: g.vrid,
        family: g.family,
        subjects: { vips: [...g.vips] },
        wiresharkFilter: vridFilter(g.family, g.vrid),
        remediation: `Make each weight larger than the gap (${top - rival}): e.g. \`weight -${top - rival + 10}\`, or use weight 0 (the instance goes to FAULT while the check fails).`,
        config: weak.map((t) => refOf(master, t.line, t.file)),
      });
    }
  },
);
