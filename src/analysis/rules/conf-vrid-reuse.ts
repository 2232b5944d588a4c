/**
 * conf-vrid-reuse: one VRID used for two instances of one family on one interface of a node, or by two clusters whose
 * VIPs differ on the same interface name. Their adverts meet on the segment: each side rejects or misreads the other's.
 */
import { familyText, memberText, peerGroups, refOf, vridFilter, type PeerGroup } from '../conf/cluster.js';
import { defineConfCheck } from '../conf/define.js';
import { listText } from './shared.js';

function interfaces(g: PeerGroup): Set<string | undefined> {
  return new Set(g.members.map((m) => m.inst.interface));
}

function shareInterface(a: PeerGroup, b: PeerGroup): boolean {
  const ia = interfaces(a);
  for (const i of interfaces(b)) if (i === undefined || ia.has(i) || ia.has(undefined)) return true;
  return false;
}

export const confVridReuse = defineConfCheck(
  {
    id: 'conf-vrid-reuse',
    defaultSeverity: 'error',
    summary: 'One VRID for two instances of one family on one interface, or for two clusters whose VIPs differ.',
  },
  (cluster, report) => {
    const groups = peerGroups(cluster);
    const done = new Set<string>();
    for (const g of groups) {
      const key = `${g.family}|${g.vrid}`;
      if (done.has(key)) continue;
      const clash = groups.filter((o) => o.family === g.family && o.vrid === g.vrid && (o === g || shareInterface(g, o)));
      // Inside one node two instances may also end up in one group (overlapping VIPs): still a reuse.
      const sameNodeTwice = g.members.some((m, i) => g.members.some((o, j) => j > i && o.node === m.node && o.inst.interface === m.inst.interface));
      if (clash.length < 2 && !sameNodeTwice) continue;
      done.add(key);
      const members = clash.flatMap((c) => c.members);
      const parts = clash.map((c) => `${listText(c.members.map(memberText))} with ${[...c.vips].join(', ') || 'no VIPs'}`);
      report({
        key,
        title: `VRID ${g.vrid} (${familyText(g.family)}) is configured for ${clash.length > 1 ? `${clash.length} different clusters` : 'two instances of one node'}`,
        message:
          `${parts.join('; ')}. Instances with one VRID on one segment receive each other's adverts: keepalived rejects them ` +
          '(address list or auth mismatch) or takes them for its peer, and VIPs move between unrelated clusters. Both also use ' +
          `the same virtual MAC (00:00:5e:00:0${g.family === 'ipv6' ? 2 : 1}:${g.vrid.toString(16).padStart(2, '0')}) when use_vmac is on.`,
        vrid: g.vrid,
        family: g.family,
        subjects: { vips: [...new Set(clash.flatMap((c) => [...c.vips]))] },
        wiresharkFilter: vridFilter(g.family, g.vrid),
        remediation:
          'Give each cluster (and each instance on one interface) its own virtual_router_id. Check the segment for VRIDs already in ' +
          'use first: `vrrp-inspect audit` of a capture lists every VRID heard.',
        config: members.map((m) => refOf(m)),
      });
    }
  },
);
