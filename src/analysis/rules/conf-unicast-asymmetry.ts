/**
 * conf-unicast-asymmetry: with unicast VRRP every node must list every other as unicast_peer. A lists B's address but B
 * does not list A's, or A uses unicast while B multicasts: someone never receives the other's adverts.
 */
import { groupKey, memberText, peerGroups, refOf, vridFilter, type Member } from '../conf/cluster.js';
import { defineConfCheck } from '../conf/define.js';

function problems(a: Member, b: Member): string | null {
  const aUni = a.inst.unicastPeers.length > 0;
  const bUni = b.inst.unicastPeers.length > 0;
  if (aUni && !bUni) return `${memberText(a)} sends unicast adverts, but ${memberText(b)} has no unicast_peer and multicasts to 224.0.0.18 / ff02::12, which ${a.node.node} does not listen to`;
  const bSrc = b.inst.unicastSrcIp;
  if (aUni && bSrc !== undefined && !a.inst.unicastPeers.includes(bSrc)) {
    return `${memberText(a)} lists unicast_peer ${a.inst.unicastPeers.join(', ')} but not ${bSrc}, the unicast_src_ip of ${memberText(b)}: ${b.node.node} never receives ${a.node.node}'s adverts and ${a.node.node} ignores ${b.node.node}'s (keepalived accepts unicast adverts only from listed peers)`;
  }
  return null;
}

export const confUnicastAsymmetry = defineConfCheck(
  {
    id: 'conf-unicast-asymmetry',
    defaultSeverity: 'error',
    summary: 'Unicast VRRP peers that do not list each other (A lists B as unicast_peer but B does not list A, or one side multicasts).',
  },
  (cluster, report) => {
    for (const g of peerGroups(cluster)) {
      const found: { text: string; members: Member[] }[] = [];
      for (const a of g.members) {
        for (const b of g.members) {
          if (a === b || a.node === b.node) continue;
          const text = problems(a, b);
          if (text) found.push({ text, members: [a, b] });
        }
      }
      if (found.length === 0) continue;
      const members = [...new Set(found.flatMap((f) => f.members))];
      report({
        key: groupKey(g),
        title: `Unicast peers of VRID ${g.vrid} do not list each other`,
        message: `${found.map((f) => f.text).join('; ')}. The node that hears nothing becomes master next to the real one.`,
        vrid: g.vrid,
        family: g.family,
        subjects: { vips: [...g.vips], ips: [...new Set(members.map((m) => m.inst.unicastSrcIp).filter((x): x is string => x !== undefined))] },
        wiresharkFilter: vridFilter(g.family, g.vrid),
        remediation:
          'On every node set unicast_src_ip to its own address and list every other node\'s unicast_src_ip under unicast_peer ' +
          '(or remove unicast_peer everywhere to use multicast).',
        config: members.map((m) => refOf(m)),
      });
    }
  },
);
