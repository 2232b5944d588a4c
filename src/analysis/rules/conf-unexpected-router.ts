/**
 * conf-unexpected-router: a VRID that the configs use is on the wire with VIPs none of its configured instances
 * have: someone else's cluster shares the VRID (or the deployed file is not the one given).
 */
import { familyText, groupsForRouter, memberText, peerGroups, refOf, type PeerGroup } from '../conf/cluster.js';
import type { Speaker } from '../model/types.js';
import { defineRule } from '../rule.js';
import { listText } from './shared.js';
import { allOf, routerAdverts, sourceIn } from '../wireshark-filter.js';

export const confUnexpectedRouter = defineRule({
  meta: {
    id: 'conf-unexpected-router',
    defaultSeverity: 'error',
    summary: 'A configured VRID is on the wire with VIPs that are not the configured ones: another cluster uses your VRID.',
  },
  create(ctx) {
    let groups: PeerGroup[] | null = null;
    const foreign = new Map<string, Map<string, Speaker>>();
    return {
      advert(ev) {
        const cluster = ctx.options.keepalived;
        if (!cluster || cluster.length === 0 || ev.speaker.vips.length === 0) return;
        groups ??= peerGroups(cluster);
        const { router, speaker } = ev;
        const configured = groups.filter((g) => g.family === router.family && g.vrid === router.vrid);
        if (configured.length === 0) return;
        if (configured.some((g) => speaker.vips.some((v) => g.vips.has(v)))) return;
        let speakers = foreign.get(router.key);
        if (!speakers) {
          speakers = new Map();
          foreign.set(router.key, speakers);
        }
        const isNew = !speakers.has(speaker.id);
        speakers.set(speaker.id, speaker);
        const list = [...speakers.values()];
        const vips = [...new Set(list.flatMap((s) => s.vips))];
        const mine = configured.flatMap((g) => g.members);
        ctx.report({
          key: router.key,
          title: `VRID ${router.vrid} on the wire carries ${listText(vips)}, not a configured VIP`,
          message:
            `${listText(list.map((s) => `${s.ip} (${s.mac})`))} advertise${list.length === 1 ? 's' : ''} VRID ${router.vrid} ` +
            `(${familyText(router.family)}) for ${listText(vips)}, but the configs use VRID ${router.vrid} for ` +
            `${listText(configured.map((g) => [...g.vips].join(', ')))} (${listText(mine.map(memberText))}). ` +
            'Another cluster shares the VRID on this segment (its adverts reach your nodes, which reject them or take them for a peer), ' +
            'or the file deployed on that node is not the one given.' +
            (groupsForRouter(configured, router).length > 0 ? ' Your own instance is on the wire too.' : ''),
          router,
          subjects: { ips: list.map((s) => s.ip), macs: list.map((s) => s.mac), vips },
          ts: ev.frame.ts,
          frames: isNew ? [ev.frame.frame] : [],
          wiresharkFilter: allOf(routerAdverts(router), sourceIn(router.family, list.map((s) => s.ip))),
          remediation:
            'Find the owner of those addresses and give one of the two clusters another virtual_router_id (unique per segment and ' +
            'family); VRIDs free on this segment are those no audit lists.',
          config: mine.map((m) => refOf(m)),
        });
      },
    };
  },
});
