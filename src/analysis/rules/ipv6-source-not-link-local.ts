/**
 * ipv6-source-not-link-local: a VRRPv3/IPv6 advert whose source is not the interface's link-local address (RFC 5798
 * §5.1.2.1), or whose first virtual address is not link-local (§5.2.9; keepalived "the first IPv6 VIP address should be
 * link local"). Unicast adverts (keepalived unicast_peer) are sent to and from global addresses by design, so their
 * source is not judged. One finding per (speaker, problem).
 */
import type { Speaker, VirtualRouter } from '../model/types.js';
import { isMulticastIp } from '../model/keys.js';
import { defineRule } from '../rule.js';
import { advertIpOf, describeRouter, isLinkLocalIpv6 } from './shared.js';
import { routerAdverts } from '../wireshark-filter.js';

const SOURCE_REMEDIATION =
  'keepalived sends from the interface\'s link-local address unless `mcast_src_ip` is set: remove it from the vrrp_instance, or set it ' +
  'to the interface\'s fe80:: address, and check that the interface has a link-local address (`ip -6 addr show dev <if> scope link`; ' +
  'not removed by `addrgenmode none`). On routers, source VRRPv3 from the link-local address.';
const FIRST_ADDRESS_REMEDIATION =
  'List a link-local address first in the instance\'s virtual addresses, e.g. in keepalived.conf ' +
  '`virtual_ipaddress { fe80::1/64  2001:db8::1/64 }` (the fe80:: address first, then the global VIPs); the same link-local on every peer. ' +
  'Hosts use it as their default gateway via router advertisements.';

export const ipv6SourceNotLinkLocal = defineRule({
  meta: {
    id: 'ipv6-source-not-link-local',
    defaultSeverity: 'warning',
    summary: 'A VRRPv3/IPv6 advert whose source, or whose first virtual address, is not link-local (RFC 5798 §5.1.2.1, §5.2.9).',
  },
  create(ctx) {
    const counts = new Map<string, number>();

    function count(key: string): number {
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return n;
    }

    function reportSource(router: VirtualRouter, speaker: Speaker, frame: number, ts: number): void {
      const key = `${router.key}|${speaker.id}|source`;
      const n = count(key);
      ctx.report({
        key,
        title: `VRRPv3 adverts from non-link-local ${speaker.ip}`,
        message:
          `${speaker.ip} (${speaker.mac}) sends VRRPv3 adverts for ${describeRouter(router)} from an address that is not link-local ` +
          `(${n} advert${n === 1 ? '' : 's'}); RFC 5798 §5.1.2.1 requires the interface's fe80:: address. keepalived and FRR accept it, ` +
          'other implementations may not, and peers see a different primary address in elections.',
        router,
        subjects: { ips: [speaker.ip], macs: [speaker.mac] },
        ts,
        frames: [frame],
        wiresharkFilter: `${routerAdverts(router)} && ipv6.src == ${speaker.ip}`,
        remediation: SOURCE_REMEDIATION,
      });
    }

    function reportFirstAddress(router: VirtualRouter, speaker: Speaker, first: string, frame: number, ts: number): void {
      const key = `${router.key}|${speaker.id}|first-address`;
      const n = count(key);
      ctx.report({
        key,
        title: `First VIP of VRID ${router.vrid} is not link-local`,
        message:
          `Adverts from ${speaker.ip} for ${describeRouter(router)} list ${first} as their first address (${n} advert${n === 1 ? '' : 's'}); ` +
          'RFC 5798 §5.2.9 requires the virtual router\'s link-local address first (keepalived: "the first IPv6 VIP address should be link local"; vrrp_strict refuses it).',
        router,
        subjects: { ips: [speaker.ip], macs: [speaker.mac], vips: [first] },
        ts,
        frames: [frame],
        wiresharkFilter: `${routerAdverts(router)} && ipv6.src == ${speaker.ip}`,
        remediation: FIRST_ADDRESS_REMEDIATION,
      });
    }

    return {
      advert({ frame, router, speaker }) {
        const vrrp = frame.vrrp;
        const ip = advertIpOf(frame);
        if (router.family !== 'ipv6' || vrrp?.version !== 3 || !ip) return;
        if (isMulticastIp(ip.dst) && !isLinkLocalIpv6(ip.src)) reportSource(router, speaker, frame.frame, frame.ts);
        const first = vrrp.addresses[0];
        if (first !== undefined && !isLinkLocalIpv6(first)) reportFirstAddress(router, speaker, first, frame.frame, frame.ts);
      },
    };
  },
});
