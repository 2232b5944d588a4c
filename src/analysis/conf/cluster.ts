/**
 * One cluster's keepalived configs seen together: which instances of which nodes are peers (same family and VRID,
 * overlapping VIPs), and which peers a virtual router on the wire corresponds to. The one place that answers "which
 * configured instance is this", for the conf-* rules and the report.
 */
import type { ConfigRefDoc, Family } from '../audit-document.js';
import type { ClusterConfig, ConfInstance, NodeConfig } from '../../keepalived/types.js';
import type { Speaker, VirtualRouter } from '../model/types.js';
import { routerAdverts } from '../wireshark-filter.js';

export interface Member {
  node: NodeConfig;
  inst: ConfInstance;
}

/** Instances of several nodes that back up one another: one family, one VRID, VIP sets connected by overlap. */
export interface PeerGroup {
  family: Family;
  vrid: number;
  members: Member[];
  vips: Set<string>;
}

export function advertisedVips(inst: ConfInstance): string[] {
  return inst.vips.map((v) => v.ip);
}

function overlaps(a: ReadonlySet<string>, b: readonly string[]): boolean {
  return b.some((v) => a.has(v));
}

/** Peer groups of the cluster, in the order their first instance appears (node order, then file order). */
export function peerGroups(cluster: ClusterConfig): PeerGroup[] {
  const groups: PeerGroup[] = [];
  for (const node of cluster) {
    for (const inst of node.instances) {
      if (inst.vrid === undefined) continue;
      const vips = advertisedVips(inst);
      const matching = groups.filter(
        (g) => g.family === inst.family && g.vrid === inst.vrid && (overlaps(g.vips, vips) || (g.vips.size === 0 && vips.length === 0)),
      );
      // An instance joining two groups merges them: its VIPs connect them.
      const target = matching[0] ?? { family: inst.family, vrid: inst.vrid, members: [], vips: new Set<string>() };
      if (!matching[0]) groups.push(target);
      for (const other of matching.slice(1)) {
        target.members.push(...other.members);
        for (const v of other.vips) target.vips.add(v);
        groups.splice(groups.indexOf(other), 1);
      }
      target.members.push({ node, inst });
      for (const v of vips) target.vips.add(v);
    }
  }
  return groups;
}

export function refOf(m: Member, line: number = m.inst.line, file: string = m.inst.file): ConfigRefDoc {
  return { node: m.node.node, file: file === m.node.file ? m.node.file : file, line, instance: m.inst.name };
}

/** `VI_1 on n1 (n1.conf:12)`. */
export function memberText(m: Member): string {
  return `${m.inst.name} on ${m.node.node} (${m.inst.file}:${m.inst.line})`;
}

/** The VIPs the speakers of a wire router advertise, every speaker's latest list together. */
export function wireVips(router: VirtualRouter): string[] {
  const vips = new Set<string>();
  for (const s of router.speakers.values()) for (const v of s.vips) vips.add(v);
  return [...vips];
}

/** The configured peer groups this wire router is: same family and VRID, VIPs overlapping (or no VIPs to compare). */
export function groupsForRouter(groups: readonly PeerGroup[], router: VirtualRouter): PeerGroup[] {
  const vips = wireVips(router);
  return groups.filter((g) => g.family === router.family && g.vrid === router.vrid && (vips.length === 0 || overlaps(g.vips, vips)));
}

/**
 * The member that sent a speaker's adverts, when the configs say it: its unicast_src_ip, else the only member whose
 * configured priority it advertises, else the only member at all.
 */
export function memberOfSpeaker(group: PeerGroup, speaker: Speaker): Member | undefined {
  const bySrc = group.members.filter((m) => m.inst.unicastSrcIp === speaker.ip);
  if (bySrc.length === 1) return bySrc[0];
  const candidates = group.members.filter((m) => m.inst.unicastSrcIp === undefined || m.inst.unicastSrcIp === speaker.ip);
  const byPriority = candidates.filter((m) => speaker.priorities.includes(m.inst.priority));
  if (byPriority.length === 1) return byPriority[0];
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function familyText(family: Family): string {
  return family === 'ipv6' ? 'IPv6' : 'IPv4';
}

/** Wireshark filter for one VRID's adverts of one family (any VLAN: the configs do not say which). */
export function vridFilter(family: Family, vrid: number): string {
  return routerAdverts({ vrid, vlan: null, family });
}

/** Members grouped by a value, when they hold more than one value: the disagreement of a setting among peers. */
export function byValue(members: readonly Member[], valueOf: (m: Member) => string): { value: string; members: Member[] }[] {
  const map = new Map<string, Member[]>();
  for (const m of members) {
    const v = valueOf(m);
    map.set(v, [...(map.get(v) ?? []), m]);
  }
  return [...map.entries()].map(([value, ms]) => ({ value, members: ms }));
}

/** `VI_1 on n1 and n2`: who holds one value. */
export function holdersText(members: readonly Member[]): string {
  const names = [...new Set(members.map((m) => m.inst.name))];
  const nodes = members.map((m) => m.node.node);
  const joined = nodes.length <= 1 ? (nodes[0] ?? '') : `${nodes.slice(0, -1).join(', ')} and ${nodes[nodes.length - 1]}`;
  return `${names.join('/')} on ${joined}`;
}

export function groupKey(g: PeerGroup): string {
  return `${g.family}|${g.vrid}|${[...g.vips].sort().join(',')}`;
}

/** Every member of these groups that might have sent a speaker's adverts: the one the configs name, else all of them. */
export function candidatesFor(groups: readonly PeerGroup[], speaker: Speaker): Member[] {
  for (const g of groups) {
    const m = memberOfSpeaker(g, speaker);
    if (m) return [m];
  }
  return groups.flatMap((g) => g.members);
}
