/**
 * conf-instance-silent: a configured instance (all its peers) never advertised while the capture lasted longer than
 * its Master_Down_Interval plus an interval: keepalived is not running, the instance is in FAULT, or the capture was
 * taken where its adverts do not go.
 */
import { familyText, groupKey, groupsForRouter, holdersText, peerGroups, refOf, vridFilter } from '../conf/cluster.js';
import { masterDownIntervalMs } from '../model/timers.js';
import { defineRule } from '../rule.js';
import { seconds } from './shared.js';

export const confInstanceSilent = defineRule({
  meta: {
    id: 'conf-instance-silent',
    defaultSeverity: 'warning',
    summary: 'A configured vrrp_instance was never heard although the capture lasted long enough for a master to advertise.',
  },
  create(ctx) {
    let first = Number.POSITIVE_INFINITY;
    return {
      tick(now) {
        if (now < first) first = now;
      },
      end(now) {
        const cluster = ctx.options.keepalived;
        if (!cluster || cluster.length === 0 || !Number.isFinite(first)) return;
        const span = now - first;
        const heard = new Set<string>();
        const routers = [...ctx.model.routers()];
        const groups = peerGroups(cluster);
        for (const r of routers) for (const g of groupsForRouter(groups, r)) heard.add(groupKey(g));
        for (const g of groups) {
          if (heard.has(groupKey(g))) continue;
          // A master must advertise within its peers' longest Master_Down_Interval, plus one interval of margin.
          const needMs = Math.max(...g.members.map((m) => masterDownIntervalMs(m.inst.version, m.inst.priority, m.inst.intervalMs) + m.inst.intervalMs));
          if (span * 1000 < needMs) continue;
          const sameVrid = routers.filter((r) => r.family === g.family && r.vrid === g.vrid);
          ctx.report({
            key: groupKey(g),
            title: `${holdersText(g.members)} (VRID ${g.vrid}) never advertised`,
            message:
              `No advert of VRID ${g.vrid} (${familyText(g.family)}) for ${[...g.vips].join(', ') || 'its VIPs'} in ${seconds(span)} of capture, ` +
              `although a master sends one every ${seconds(Math.min(...g.members.map((m) => m.inst.intervalMs)) / 1000)}. ` +
              (sameVrid.length > 0
                ? `VRID ${g.vrid} is on the wire, but with other VIPs (see conf-unexpected-router). `
                : '') +
              'keepalived is not running on any peer, the instance is in FAULT (a tracked script or interface with weight 0 failed), ' +
              'or the capture was taken on another interface, VLAN or host than its adverts reach (unicast adverts go only to the peers).',
            vrid: g.vrid,
            family: g.family,
            subjects: { vips: [...g.vips] },
            ts: now,
            wiresharkFilter: vridFilter(g.family, g.vrid),
            remediation:
              'Check `systemctl status keepalived` and `journalctl -u keepalived` on the nodes (FAULT state, script failures), and ' +
              'capture on the interface the instance names (`tcpdump -i <interface> vrrp`).',
            config: g.members.map((m) => refOf(m)),
          });
        }
      },
    };
  },
});
