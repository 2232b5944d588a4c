/**
 * vrid-collision: one VRID on one broadcast domain and family used by two or more groups of speakers whose VIP sets are
 * disjoint (connected components of "VIP sets overlap"): unrelated clusters sharing a VRID. Each drops or fights the
 * other's adverts (keepalived logs "ip address associated with VRID not present in advert"). One finding per virtual
 * router, naming each group and the VRIDs still free on that domain.
 */
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule, type RuleContext } from '../rule.js';
import { describeRouter, listText } from './shared.js';
import { routerAdverts } from '../wireshark-filter.js';

/** Every VIP a speaker advertised in the capture (the union of its lists). */
function vipSetOf(speaker: Speaker): Set<string> {
  const set = new Set<string>();
  for (const list of speaker.vipLists) for (const vip of list.split(',')) if (vip) set.add(vip);
  return set;
}

export interface SpeakerGroup {
  speakers: Speaker[];
  vips: string[];
}

/**
 * Connected components of the "VIP sets overlap" relation; speakers without any VIP take no part. Union-find over the
 * VIPs: linear in speakers × VIPs, however many speakers share the router.
 */
export function vipGroups(speakers: Iterable<Speaker>): SpeakerGroup[] {
  const parent = new Map<string, string>();
  const find = (v: string): string => {
    let root = v;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // Path compression: later finds are O(1).
    for (let x = v; x !== root; ) {
      const next = parent.get(x)!;
      parent.set(x, root);
      x = next;
    }
    return root;
  };
  const members: { speaker: Speaker; vips: Set<string> }[] = [];
  for (const speaker of speakers) {
    const vips = vipSetOf(speaker);
    if (vips.size === 0) continue;
    members.push({ speaker, vips });
    let first: string | undefined;
    for (const vip of vips) {
      if (!parent.has(vip)) parent.set(vip, vip);
      if (first === undefined) first = find(vip);
      else {
        const root = find(vip);
        if (root !== first) parent.set(root, first);
      }
    }
  }
  const groups = new Map<string, { speakers: Speaker[]; vips: Set<string> }>();
  for (const m of members) {
    const root = find(m.vips.values().next().value as string);
    let g = groups.get(root);
    if (!g) {
      g = { speakers: [], vips: new Set() };
      groups.set(root, g);
    }
    g.speakers.push(m.speaker);
    for (const v of m.vips) g.vips.add(v);
  }
  return [...groups.values()]
    .map((g) => ({ speakers: g.speakers.sort((a, b) => a.firstFrame - b.firstFrame), vips: [...g.vips] }))
    .sort((a, b) => (a.speakers[0]?.firstFrame ?? 0) - (b.speakers[0]?.firstFrame ?? 0));
}

/** Union-find over the VIPs of one router, kept across adverts: `count` is the number of VIP components. */
class VipComponents {
  private readonly parent = new Map<string, string>();
  count = 0;

  add(vip: string): void {
    if (this.parent.has(vip)) return;
    this.parent.set(vip, vip);
    this.count += 1;
  }

  /** Puts every VIP of one speaker into one component. */
  join(vips: readonly string[]): void {
    const [first, ...rest] = vips;
    if (first === undefined) return;
    for (const vip of rest) {
      const a = this.find(first);
      const b = this.find(vip);
      if (a !== b) {
        this.parent.set(b, a);
        this.count -= 1;
      }
    }
  }

  private find(v: string): string {
    let root = v;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    for (let x = v; x !== root; ) {
      const next = this.parent.get(x)!;
      this.parent.set(x, root);
      x = next;
    }
    return root;
  }
}

/** `1-50, 52-255` from a sorted list of numbers. */
export function compressRanges(values: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j]! + 1) j++;
    parts.push(i === j ? `${values[i]}` : `${values[i]}-${values[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** VRIDs (1-255) no router uses on this broadcast domain and family. */
function freeVrids(ctx: RuleContext, router: VirtualRouter): number[] {
  const used = new Set<number>();
  for (const r of ctx.model.routers()) if (r.linkKey === router.linkKey && r.family === router.family) used.add(r.vrid);
  const free: number[] = [];
  for (let vrid = 1; vrid <= 255; vrid++) if (!used.has(vrid)) free.push(vrid);
  return free;
}

export const vridCollision = defineRule({
  meta: {
    id: 'vrid-collision',
    defaultSeverity: 'error',
    summary: 'One VRID on one broadcast domain is used by unrelated clusters (speaker groups with disjoint VIP sets).',
  },
  create(ctx) {
    /** Per router: a signature of its groups when last reported, to report again only when they change. */
    const reported = new Map<string, string>();
    const bridged = new Set<string>();
    /** Per speaker (the model's object, one per router and id): how many distinct VIP lists it had at the last check. */
    const listsSeen = new Map<Speaker, number>();
    const components = new Map<string, VipComponents>();

    function check(router: VirtualRouter, ts: number, force: boolean): void {
      const groups = vipGroups(router.speakers.values());
      if (groups.length < 2) {
        if (reported.has(router.key) && !bridged.has(router.key)) reportBridged(router, groups, ts);
        return;
      }
      const signature = groups.map((g) => `${g.speakers.map((s) => s.id).join(',')}=${g.vips.join(',')}`).join(';');
      if (!force && reported.get(router.key) === signature) return;
      reported.set(router.key, signature);
      const free = freeVrids(ctx, router);
      const described = groups.map(
        (g, i) =>
          `group ${i + 1}: ${listText(g.speakers.map((s) => `${s.ip} (priority ${s.lastPriority})`))} with VIP${g.vips.length > 1 ? 's' : ''} ${g.vips.join(', ')}`,
      );
      const speakers = groups.flatMap((g) => g.speakers);
      const freeText = free.length > 0 ? `free VRIDs here: ${compressRanges(free)}` : 'no VRID is free here';
      ctx.report({
        key: router.key,
        title: `VRID ${router.vrid} used by ${groups.length} unrelated clusters`,
        message:
          `${groups.length} groups of speakers with disjoint VIP sets share ${describeRouter(router)}: ${described.join('; ')}. ` +
          `Each group drops or fights the other's adverts, so masters and VIPs flap; ${freeText}.`,
        router,
        subjects: {
          ips: speakers.map((s) => s.ip),
          macs: [...new Set(speakers.map((s) => s.mac))],
          vips: groups.flatMap((g) => g.vips),
        },
        ts,
        frames: speakers.map((s) => s.firstFrame),
        wiresharkFilter: routerAdverts(router),
        remediation:
          `Move all but one cluster to a VRID that is free on this segment (e.g. \`virtual_router_id ${free[0] ?? '<free id>'}\` in the ` +
          'vrrp_instance of every node of that cluster, changed on all its nodes together), or separate the clusters by VLAN. ' +
          'Where clusters must share a segment and a VRID, use `unicast_peer` lists that do not overlap (keepalived accepts duplicate VRIDs only then).',
      });
    }

    /**
     * A speaker later advertised VIPs of both groups: more likely one cluster whose VIP lists drifted apart
     * (vip-list-mismatch) than two clusters. The finding cannot be withdrawn, so it says so and drops to a warning.
     */
    function reportBridged(router: VirtualRouter, groups: SpeakerGroup[], ts: number): void {
      bridged.add(router.key);
      const speakers = groups.flatMap((g) => g.speakers);
      const bridges = speakers.filter((s) => vipSetOf(s).size > 1);
      ctx.report({
        key: router.key,
        severity: 'warning',
        title: `VRID ${router.vrid} VIP sets were disjoint, then joined`,
        message:
          `Speakers of ${describeRouter(router)} first advertised disjoint VIP sets, then ${listText(bridges.map((s) => s.ip))} ` +
          `advertised VIPs of both (${groups.flatMap((g) => g.vips).join(', ')}): probably one cluster whose VIP lists differ, not two clusters.`,
        router,
        subjects: { ips: speakers.map((s) => s.ip), macs: [...new Set(speakers.map((s) => s.mac))], vips: groups.flatMap((g) => g.vips) },
        ts,
        frames: bridges.map((s) => s.lastFrame),
        wiresharkFilter: routerAdverts(router),
        remediation: 'Make `virtual_ipaddress` identical on every node of the instance (see vip-list-mismatch).',
      });
      ctx.close(router.key, ts);
    }

    return {
      advert({ router, speaker, frame }) {
        // Groups change only when a speaker appears or advertises a VIP list it did not before.
        if (listsSeen.get(speaker) === speaker.vipLists.size) return;
        listsSeen.set(speaker, speaker.vipLists.size);
        // Cheap count of VIP components first (union-find kept across adverts): the groups are built only when there
        // are two or more, or when a reported collision may have been bridged.
        let uf = components.get(router.key);
        if (!uf) {
          uf = new VipComponents();
          components.set(router.key, uf);
        }
        for (const vip of speaker.vips) uf.add(vip);
        uf.join(speaker.vips);
        if (uf.count < 2 && !reported.has(router.key)) return;
        check(router, frame.ts, false);
      },
      end(now) {
        // Refresh the free-VRID list with every router the capture showed, and extend lastTs to the last advert.
        for (const key of reported.keys()) {
          const router = ctx.model.router(key);
          if (router) check(router, Math.min(now, router.lastSeen), true);
        }
      },
    };
  },
});
