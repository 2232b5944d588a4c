/**
 * ttl-not-255: VRRP adverts (and NAs for a VIP) must be sent with IPv4 TTL / IPv6 hop limit 255, so that a receiver
 * can tell they were not routed from elsewhere (RFC 3768 §7.1, RFC 5798 §7.1 and §9, RFC 4861 §7.1.2). Multicast
 * adverts with another TTL are dropped by every receiver: error. keepalived does not check unicast adverts (unless
 * `min_ttl`/`max_ttl` are set) and sends IPv6 unicast with the kernel's default hop limit: warning.
 * One finding per speaker (per NA sender), naming every TTL seen.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import { isMulticastIp } from '../model/keys.js';
import { defineRule } from '../rule.js';
import { advertIpOf, describeRouter } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

interface Offender {
  ttls: Set<number>;
  frames: number;
  /** A multicast advert was among them (receivers must drop those). */
  multicast: boolean;
}

const ADVERT_REMEDIATION =
  'VRRP must stay on one L2 segment: find what routes or rewrites these frames (a router, a TTL-decrementing tunnel or proxy, ' +
  'a VM bridge with TTL mangling, an iptables/nftables TTL rule) and remove it, or capture on the segment the peers share. If the sender ' +
  'is not one of your nodes the adverts are injected: filter IP protocol 112 at the switch or on the hosts, e.g. nftables ' +
  '`ip protocol vrrp ip saddr != { <peer IPs> } drop`.';
const UNICAST_REMEDIATION =
  'For keepalived unicast peers set `unicast_ttl 255` in the vrrp_instance (IPv6 unicast otherwise uses the kernel default hop limit, ' +
  'e.g. 64) and, to reject adverts from further away, give each `unicast_peer` a range: `192.0.2.12 min_ttl 255 max_ttl 255`. ' +
  'A TTL below the sender\'s setting means the adverts crossed a router.';
const NA_REMEDIATION =
  'Neighbours drop NAs whose hop limit is not 255 (RFC 4861 §7.1.2), so this VIP announcement is ignored: find what routes or rewrites ' +
  'the NA (a router or proxy between sender and capture point), or the host that crafts it. keepalived sends its unsolicited NAs with hop limit 255.';

export const ttlNot255 = defineRule({
  meta: {
    id: 'ttl-not-255',
    defaultSeverity: 'error',
    summary: 'An advert (or an NA for a VIP) whose IPv4 TTL / IPv6 hop limit is not 255: routed or injected; warning for unicast adverts.',
  },
  create(ctx) {
    const offenders = new Map<string, Offender>();

    function offender(key: string, ttl: number): Offender {
      let o = offenders.get(key);
      if (!o) {
        o = { ttls: new Set(), frames: 0, multicast: false };
        offenders.set(key, o);
      }
      o.ttls.add(ttl);
      o.frames += 1;
      return o;
    }

    function ttlsText(o: Offender, field: string): string {
      return `${field} ${[...o.ttls].sort((a, b) => a - b).join('/')}`;
    }

    return {
      advert({ frame, router, speaker }) {
        const ip = advertIpOf(frame);
        if (!ip || ip.ttl === 255) return;
        const key = `${router.key}|${speaker.id}`;
        const o = offender(key, ip.ttl);
        const multicast = isMulticastIp(ip.dst);
        if (multicast) o.multicast = true;
        const field = ip.version === 6 ? 'hop limit' : 'TTL';
        const version = frame.vrrp?.version === 3 ? 'RFC 5798' : 'RFC 3768';
        const count = `${o.frames} advert${o.frames === 1 ? '' : 's'}`;
        const message = o.multicast
          ? `${speaker.ip} (${speaker.mac}) sends adverts for ${describeRouter(router)} with ${ttlsText(o, field)} instead of 255 (${count}). ` +
            `They crossed a router or were crafted elsewhere, and receivers must drop them (${version} §7.1; keepalived "invalid TTL/HL"), so this speaker is not heard.`
          : `${speaker.ip} (${speaker.mac}) sends unicast adverts for ${describeRouter(router)} with ${ttlsText(o, field)} instead of 255 (${count}). ` +
            'keepalived accepts them unless the peer has min_ttl/max_ttl, but anything below the sender\'s setting means they crossed a router.';
        ctx.report({
          key,
          severity: o.multicast ? 'error' : 'warning',
          title: `${ip.version === 6 ? 'Hop limit' : 'TTL'} ${ttlsText(o, '').trim()} on adverts from ${speaker.ip}`,
          message,
          router,
          subjects: { ips: [speaker.ip], macs: [speaker.mac], vips: [...speaker.vips] },
          ts: frame.ts,
          frames: [frame.frame],
          wiresharkFilter: `${routerAdverts(router)} && ${sourceIn(router.family, [speaker.ip])} && ${ip.version === 6 ? 'ipv6.hlim' : 'ip.ttl'} != 255`,
          remediation: o.multicast ? ADVERT_REMEDIATION : UNICAST_REMEDIATION,
        });
      },
      nd(frame: FrameInfo, linkKey: string) {
        const nd = frame.nd;
        const ip = frame.ip;
        if (nd?.type !== 'na' || !ip || ip.ttl === 255) return;
        const routers = ctx.model.routersForVip(linkKey, nd.target);
        const router = routers[0];
        if (!router) return;
        const mac = nd.tlla ?? frame.ethSrc ?? '';
        const key = `na|${linkKey}|${nd.target}|${mac}`;
        const o = offender(key, ip.ttl);
        ctx.report({
          key,
          title: `Hop limit ${ttlsText(o, '').trim()} on NA for VIP ${nd.target}`,
          message:
            `${mac || ip.src} announces VIP ${nd.target} (${describeRouter(router)}) in neighbour advertisements with ${ttlsText(o, 'hop limit')} ` +
            `instead of 255 (${o.frames} NA${o.frames === 1 ? '' : 's'}): every neighbour drops them (RFC 4861 §7.1.2), so the announcement has no effect.`,
          router,
          subjects: { ips: [ip.src], ...(mac ? { macs: [mac] } : {}), vips: [nd.target] },
          ts: frame.ts,
          frames: [frame.frame],
          wiresharkFilter: `icmpv6.type == 136 && icmpv6.nd.na.target_address == ${nd.target} && ipv6.hlim != 255`,
          remediation: NA_REMEDIATION,
        });
      },
    };
  },
});
