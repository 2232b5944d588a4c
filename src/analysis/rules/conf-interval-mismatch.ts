/** conf-interval-mismatch: peers of one instance configure different advert_int values. */
import { byValue, familyText, groupKey, holdersText, peerGroups, refOf, vridFilter } from '../conf/cluster.js';
import { defineConfCheck } from '../conf/define.js';
import { listText } from './shared.js';

export const confIntervalMismatch = defineConfCheck(
  {
    id: 'conf-interval-mismatch',
    defaultSeverity: 'error',
    summary: 'Peers of one instance configure different advert_int values (VRRPv2 receivers drop such adverts; timers disagree).',
  },
  (cluster, report) => {
    for (const g of peerGroups(cluster)) {
      const values = byValue(g.members, (m) => String(m.inst.intervalMs));
      if (values.length < 2) continue;
      const v2 = g.members.some((m) => m.inst.version === 2);
      report({
        key: groupKey(g),
        severity: v2 ? 'error' : 'warning',
        title: `Peers of VRID ${g.vrid} configure different advert_int`,
        message:
          `${listText(values.map((v) => `${holdersText(v.members)}: advert_int ${Number(v.value) / 1000} s`))}. ` +
          (v2
            ? 'A VRRPv2 receiver discards adverts whose interval differs from its own (RFC 3768 §7.1), so the peers ignore each other and both become master.'
            : 'VRRPv3 backups follow the master\'s interval, but until they have heard it, their Master_Down_Interval is computed from the wrong value.') +
          ` (VRID ${g.vrid}, ${familyText(g.family)})`,
        vrid: g.vrid,
        family: g.family,
        subjects: { vips: [...g.vips] },
        wiresharkFilter: vridFilter(g.family, g.vrid),
        remediation: 'Set the same advert_int in this vrrp_instance on every node and reload them one at a time.',
        config: g.members.map((m) => refOf(m)),
      });
    }
  },
);
