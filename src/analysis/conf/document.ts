/**
 * What the audit document adds when configs are given: the configured instance names on router rows, the node behind
 * each speaker, and the virtual_server blocks (with their real servers) beside the IPVS inventory.
 */
import type { ConfiguredVirtualServerDoc, IpvsDoc, RouterDoc } from '../audit-document.js';
import type { ClusterConfig } from '../../keepalived/types.js';
import type { ModelView, VirtualRouter } from '../model/types.js';
import { compareIp } from '../model/router-tracker.js';
import { groupsForRouter, memberOfSpeaker, peerGroups, refOf } from './cluster.js';

export function annotateRouter(doc: RouterDoc, router: VirtualRouter, cluster: ClusterConfig): void {
  const groups = groupsForRouter(peerGroups(cluster), router);
  if (groups.length === 0) return;
  const members = groups.flatMap((g) => g.members);
  doc.instance = [...new Set(members.map((m) => m.inst.name))].join(', ');
  doc.config = members.map((m) => refOf(m));
  for (const s of doc.speakers) {
    const speaker = [...router.speakers.values()].find((x) => x.ip === s.ip && x.mac === s.mac);
    if (!speaker) continue;
    // Only the groups whose VIPs this speaker advertises: a VRID shared by two configured clusters names both.
    const own = groups.filter((g) => speaker.vips.length === 0 || speaker.vips.some((v) => g.vips.has(v)));
    const owners = own.map((g) => memberOfSpeaker(g, speaker)).filter((m) => m !== undefined);
    const nodes = new Set(owners.map((m) => m.node.node));
    const only = [...nodes][0];
    if (nodes.size === 1 && only !== undefined) s.node = only;
  }
}

/** Configured virtual servers per VIP; VIPs configured but not seen forwarding get an inventory entry of their own. */
export function annotateIpvs(ipvs: IpvsDoc[], cluster: ClusterConfig, model: ModelView): IpvsDoc[] {
  const byVip = new Map<string, ConfiguredVirtualServerDoc[]>();
  for (const node of cluster) {
    for (const vs of node.virtualServers) {
      for (const vip of vs.vips) {
        const list = byVip.get(vip) ?? [];
        let entry = list.find((e) => e.virtualServer === vs.name && e.lbKind === (vs.lbKind ?? null));
        if (!entry) {
          entry = { virtualServer: vs.name, lbKind: vs.lbKind ?? null, nodes: [], realServers: [] };
          list.push(entry);
        }
        if (!entry.nodes.includes(node.node)) entry.nodes.push(node.node);
        for (const rs of vs.realServers) {
          if (!entry.realServers.some((x) => x.ip === rs.ip && x.port === rs.port)) entry.realServers.push({ ip: rs.ip, ...(rs.port === undefined ? {} : { port: rs.port }) });
        }
        byVip.set(vip, list);
      }
    }
  }
  const out = ipvs.map((v) => ({ ...v }));
  for (const [vip, configured] of byVip) {
    let entry = out.find((v) => v.vip === vip);
    if (!entry) {
      entry = { vip, director: null, realServers: [] };
      out.push(entry);
    }
    entry.configured = configured;
    entry.realServers = entry.realServers.map((rs) => {
      const ip = rs.ip ?? (rs.mac ? model.ipOfMac(rs.mac) : undefined);
      const match = ip === undefined ? undefined : configured.flatMap((c) => c.realServers).find((x) => x.ip === ip);
      return match ? { ...rs, configured: match.port === undefined ? match.ip : `${match.ip}:${match.port}` } : rs;
    });
  }
  return out.sort((a, b) => compareIp(a.vip, b.vip));
}

/** Real servers that the configs put behind a VIP (DR and TUN: the ones that hold the VIP themselves). */
export function configuredRealServers(cluster: ClusterConfig, vip: string): { text: string; ip: string; virtualServer: string }[] {
  const out: { text: string; ip: string; virtualServer: string }[] = [];
  for (const node of cluster) {
    for (const vs of node.virtualServers) {
      if (!vs.vips.includes(vip) || vs.lbKind === 'NAT') continue;
      for (const rs of vs.realServers) {
        if (out.some((x) => x.ip === rs.ip && x.virtualServer === vs.name)) continue;
        const text = `real_server ${rs.ip}${rs.port === undefined ? '' : ` ${rs.port}`} of virtual_server ${vs.name} (lb_kind ${vs.lbKind ?? 'NAT'}, ${node.file}:${rs.line})`;
        out.push({ text, ip: rs.ip, virtualServer: vs.name });
      }
    }
  }
  return out;
}
