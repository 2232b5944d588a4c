/** conf-priority-tie: two peers with the same configured priority (unless all use nopreempt, where equal priority is the point). */
import { byValue, groupKey, holdersText, peerGroups, refOf, vridFilter } from '../conf/cluster.js';
import { allOf } from '../wireshark-filter.js';
import { defineConfCheck } from '../conf/define.js';

export const confPriorityTie = defineConfCheck(
  {
    id: 'conf-priority-tie',
    defaultSeverity: 'warning',
    summary: 'Peers of one instance configure the same priority: the election falls to the higher primary IP address.',
  },
  (cluster, report) => {
    for (const g of peerGroups(cluster)) {
      if (g.members.length < 2 || g.members.every((m) => m.inst.nopreempt)) continue;
      for (const v of byValue(g.members, (m) => String(m.inst.priority))) {
        if (v.members.length < 2 || v.value === '255') continue;
        report({
          key: `${groupKey(g)}|${v.value}`,
          title: `Peers of VRID ${g.vrid} share priority ${v.value}`,
          message:
            `${holdersText(v.members)} all configure priority ${v.value}. Between equal priorities the node with the higher ` +
            'primary IP address wins, which is rarely what the file meant, and a node whose address changes changes the master.',
          vrid: g.vrid,
          family: g.family,
          subjects: { vips: [...g.vips] },
          wiresharkFilter: allOf(vridFilter(g.family, g.vrid), `vrrp.prio == ${v.value}`),
          remediation:
            'Give the intended master a higher priority (e.g. 150 and 100). If no node should be preferred, use `state BACKUP` and ' +
            '`nopreempt` on every peer, where equal priorities are the usual setup.',
          config: v.members.map((m) => refOf(m)),
        });
      }
    }
  },
);
