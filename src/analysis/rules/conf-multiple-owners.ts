/** conf-multiple-owners: priority 255 (address owner) configured on more than one peer. */
import { groupKey, holdersText, peerGroups, refOf, vridFilter } from '../conf/cluster.js';
import { allOf } from '../wireshark-filter.js';
import { defineConfCheck } from '../conf/define.js';

export const confMultipleOwners = defineConfCheck(
  {
    id: 'conf-multiple-owners',
    defaultSeverity: 'error',
    summary: 'More than one peer of an instance configures priority 255 (the address owner).',
  },
  (cluster, report) => {
    for (const g of peerGroups(cluster)) {
      const owners = g.members.filter((m) => m.inst.priority === 255);
      if (owners.length < 2) continue;
      report({
        key: groupKey(g),
        title: `${owners.length} peers of VRID ${g.vrid} configure priority 255`,
        message:
          `${holdersText(owners)} configure priority 255, which RFC 3768/5798 reserve for the one router that owns the ` +
          'virtual addresses. Owners take over at once without waiting for a master-down timer and never yield to each other.',
        vrid: g.vrid,
        family: g.family,
        subjects: { vips: [...g.vips] },
        wiresharkFilter: allOf(vridFilter(g.family, g.vrid), 'vrrp.prio == 255'),
        remediation: 'Keep 255 on at most one node (the one that really owns the addresses), and give the others 1-254.',
        config: owners.map((m) => refOf(m)),
      });
    }
  },
);
