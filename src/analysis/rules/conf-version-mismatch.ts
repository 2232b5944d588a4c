/** conf-version-mismatch: peers of one IPv4 instance configure different VRRP versions. */
import { byValue, groupKey, holdersText, peerGroups, refOf, vridFilter } from '../conf/cluster.js';
import { defineConfCheck } from '../conf/define.js';
import { listText } from './shared.js';

export const confVersionMismatch = defineConfCheck(
  {
    id: 'conf-version-mismatch',
    defaultSeverity: 'error',
    summary: 'Peers of one instance configure different VRRP versions (version / vrrp_version): each drops the other\'s adverts.',
  },
  (cluster, report) => {
    for (const g of peerGroups(cluster)) {
      const values = byValue(g.members, (m) => String(m.inst.version));
      if (values.length < 2) continue;
      report({
        key: groupKey(g),
        title: `Peers of VRID ${g.vrid} configure VRRPv2 and VRRPv3`,
        message:
          `${listText(values.map((v) => `${holdersText(v.members)}: VRRPv${v.value}`))}. keepalived discards adverts of the ` +
          'other version, so the peers never hear each other and each becomes master.',
        vrid: g.vrid,
        family: g.family,
        subjects: { vips: [...g.vips] },
        wiresharkFilter: vridFilter(g.family, g.vrid),
        remediation: 'Use one version on every peer: `version 3` in the instance (or `vrrp_version 3` in global_defs) everywhere, or 2 everywhere. Migrate all nodes of a cluster together.',
        config: g.members.map((m) => refOf(m)),
      });
    }
  },
);
