/**
 * bad-checksum: a VRRP checksum that matches none of the variants the decoder knows (v2; v3 with the pseudo-header,
 * without it, with the multicast group as destination). Receivers must drop such adverts (RFC 3768 / 5798 §7.1).
 * Only checksums the decoder judged (`checksumStatus: 'invalid'`): frames cut by snaplen, fragments and messages whose
 * length is unknown are `unverified` and never reported.
 * Looks at every VRRP frame (not only the adverts the model absorbs), one finding per sender.
 */
import { hasDecodeError } from '../../decoders/decode-error.js';
import type { FrameInfo } from '../../decoders/frame-info.js';
import { familyOf, innermostVlan, linkKeyOf, routerKeyOf } from '../model/keys.js';
import { defineRule } from '../rule.js';
import { advertIpOf } from './shared.js';

interface Sender {
  bad: number;
  checksums: Set<string>;
}

/** At most this many distinct checksum values are quoted in the message. */
const QUOTED_CHECKSUMS = 3;

const REMEDIATION =
  'Capture at the sender and at a receiver at the same time to see where the bytes change: a faulty NIC, driver or cable, a switch or ' +
  'middlebox that rewrites the packet, or a VRRP implementation with a checksum bug. Open the frames in Wireshark; if it reports ' +
  '"Bad checksum" with both settings of the VRRP preference "Calculate V3 checksum as in V2" (`vrrp.v3_checksum_as_in_v2`), no peer ' +
  'accepts them. If the sender is not one of your nodes, the adverts are crafted: filter IP protocol 112 at the switch.';

export const badChecksum = defineRule({
  meta: {
    id: 'bad-checksum',
    defaultSeverity: 'error',
    summary: 'A VRRP checksum that matches no known variant: receivers drop the advert.',
  },
  create(ctx) {
    const senders = new Map<string, Sender>();

    return {
      frame(frame: FrameInfo) {
        const vrrp = frame.vrrp;
        const ip = advertIpOf(frame);
        if (!vrrp || !ip || vrrp.checksumStatus !== 'invalid') return;
        // v2/v3 only (other versions are malformed-vrrp's), and no VRRP-layer error (the message's bounds are in doubt).
        if ((vrrp.version !== 2 && vrrp.version !== 3) || hasDecodeError(frame.errors, 'vrrp')) return;
        const family = familyOf(ip.version);
        const routerKey = routerKeyOf(linkKeyOf(frame), family, vrrp.vrid);
        const router = ctx.model.router(routerKey) ?? null;
        const mac = frame.ethSrc ?? '';
        const key = `${routerKey}|${ip.src}|${mac}`;
        let sender = senders.get(key);
        if (!sender) {
          sender = { bad: 0, checksums: new Set() };
          senders.set(key, sender);
        }
        sender.bad += 1;
        if (sender.checksums.size < QUOTED_CHECKSUMS) sender.checksums.add(vrrp.checksum);
        const speaker = router?.speakers.get(`${ip.src}|${mac}`);
        const of = speaker ? ` of ${speaker.adverts}` : '';
        const vlan = innermostVlan(frame);
        const fieldSrc = ip.version === 6 ? 'ipv6.src' : 'ip.src';
        const filter = [`vrrp.virt_rtr_id == ${vrrp.vrid}`, ...(vlan === null ? [] : [`vlan.id == ${vlan}`]), `${fieldSrc} == ${ip.src}`, 'vrrp.checksum.status == "Bad"'];
        ctx.report({
          key,
          title: `Bad VRRP checksum from ${ip.src}`,
          message:
            `${sender.bad}${of} VRRPv${vrrp.version} adverts from ${ip.src}${mac ? ` (${mac})` : ''} for VRID ${vrrp.vrid} carry a checksum ` +
            `(${[...sender.checksums].join(', ')}) that matches no known variant (v2; v3 with, without, or with the multicast pseudo-header). ` +
            `Receivers drop them (keepalived "Invalid VRRPv${vrrp.version} checksum"), so this speaker is not heard.`,
          router,
          vlan,
          family,
          vrid: vrrp.vrid,
          subjects: { ips: [ip.src], ...(mac ? { macs: [mac] } : {}) },
          ts: frame.ts,
          frames: [frame.frame],
          wiresharkFilter: filter.join(' && '),
          remediation: REMEDIATION,
        });
      },
    };
  },
});
