/** conf-vip-mismatch: peers of one instance configure overlapping but different virtual_ipaddress lists. */
import { byValue, groupKey, holdersText, peerGroups, refOf, vridFilter, advertisedVips } from '../conf/cluster.js';
import { defineConfCheck } from '../conf/define.js';
import { listText } from './shared.js';

export const confVipMismatch = defineConfCheck(
  {
    id: 'conf-vip-mismatch',
    defaultSeverity: 'warning',
    summary: 'Peers of one instance configure overlapping but different virtual_ipaddress lists.',
  },
  (cluster, report) => {
    for (const g of peerGroups(cluster)) {
      const values = byValue(g.members, (m) => [...advertisedVips(m.inst)].sort().join(', '));
      if (values.length < 2) continue;
      report({
        key: groupKey(g),
        title: `Peers of VRID ${g.vrid} configure different virtual_ipaddress lists`,
        message:
          `${listText(values.map((v) => `${holdersText(v.members)}: ${v.value || 'none'}`))}. Whichever node is master ` +
          'holds only its own list, and keepalived ≤ 2.3.2 drops adverts whose address list differs from its own, so both ' +
          'sides can become master.',
        vrid: g.vrid,
        family: g.family,
        subjects: { vips: [...g.vips] },
        wiresharkFilter: vridFilter(g.family, g.vrid),
        remediation: 'Make virtual_ipaddress identical on every peer (same addresses; the order does not matter to keepalived ≥ 2.0 but keep it equal for readability).',
        config: g.members.map((m) => refOf(m)),
      });
    }
  },
);
