/**
 * wrong-vmac: a frame carries a VRRP virtual MAC (00:00:5e:00:01:XX IPv4, 00:00:5e:00:02:XX IPv6) that is not its
 * own: an advert whose source VMAC names another VRID or family, or a GARP / ARP reply / NA for a VIP that points
 * hosts at another VRID's VMAC. Switches and ARP caches then send one group's traffic to the holder of another's.
 * Under --profile rfc, also any advert not sent from its own VMAC (RFC 3768 / 5798 §7.2); advert-not-from-vmac then
 * stays quiet.
 */
import type { Family } from '../audit-document.js';
import type { FrameInfo } from '../../decoders/frame-info.js';
import { innermostVlan, parseVirtualMac, routerKeyOf, virtualMacOf } from '../model/keys.js';
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule, type RuleContext } from '../rule.js';
import { claimMacs, describeRouter, listText, type AddressClaim } from './shared.js';
import { addressClaims, allOf, linkSourceIn, routerAdverts } from '../wireshark-filter.js';

const FAMILY_NAME: Record<Family, string> = { ipv4: 'IPv4', ipv6: 'IPv6' };

function describeVmac(mac: string): string {
  const parsed = parseVirtualMac(mac);
  return parsed ? `the ${FAMILY_NAME[parsed.family]} virtual MAC of VRID ${parsed.vrid}` : 'a physical MAC';
}

const VMAC_REMEDIATION =
  'Check the virtual MACs on the keepalived nodes (`ip -d link show type macvlan`): the interface keepalived creates for ' +
  '`use_vmac` must carry 00:00:5e:00:01:<VRID in hex> (IPv4) or 00:00:5e:00:02:<VRID> (IPv6) of its own vrrp_instance. ' +
  'Drop an explicit MAC from `use_vmac <ifname> <MAC>` or make it match `virtual_router_id`; after renumbering a VRID delete ' +
  'the stale macvlan (`ip link del vrrp.<old VRID>`) and restart keepalived. keepalived refuses two instances sharing one VMAC ' +
  '("uses same VMAC as VRRP instance"); devices other than keepalived must use the VMAC of the VRID they advertise.';

const RFC_REMEDIATION =
  'RFC 3768/5798 §7.2 require adverts from the virtual MAC so that switches learn where the virtual router is. In keepalived ' +
  'add `use_vmac` to the vrrp_instance on every node (adverts and gratuitous ARPs then leave from the macvlan vrrp.<VRID> ' +
  'with MAC 00:00:5e:00:01:<VRID>; without `vmac_xmit_base`, which sends adverts from the physical interface again). If physical-MAC ' +
  'adverts are intended, audit with --profile keepalived, where they are reported as advert-not-from-vmac (info).';

const CLAIM_WORDS: Record<AddressClaim['kind'], string> = {
  'arp-reply': 'ARP reply',
  garp: 'gratuitous ARP',
  'arp-request': 'ARP request',
  na: 'neighbour advertisement',
};

export const wrongVmac = defineRule({
  meta: {
    id: 'wrong-vmac',
    defaultSeverity: 'error',
    summary: 'An advert or a VIP announcement uses the virtual MAC of another VRID or family (rfc profile: any advert not from its own VMAC).',
  },
  create(ctx) {
    const claimCounts = new Map<string, number>();

    function checkAdvert(frame: FrameInfo, router: VirtualRouter, speaker: Speaker): void {
      const mac = frame.ethSrc;
      if (!mac) return;
      const own = virtualMacOf(router.family, router.vrid);
      if (mac === own) return;
      const parsed = parseVirtualMac(mac);
      if (!parsed && ctx.options.profile !== 'rfc') return;
      let problem: string;
      let consequence: string;
      if (parsed) {
        problem = `${speaker.ip} sends adverts for ${describeRouter(router)} from ${mac}, ${describeVmac(mac)}, not from its own ${own}`;
        consequence = otherRouterNote(ctx, router.linkKey, parsed.family, parsed.vrid);
      } else {
        problem = `${speaker.ip} sends adverts for ${describeRouter(router)} from its physical MAC ${mac}, not from the virtual MAC ${own}`;
        consequence = 'RFC 3768/5798 §7.2 require the virtual MAC as source so that switches learn where the virtual router is.';
      }
      ctx.report({
        key: `advert|${router.key}|${speaker.id}`,
        title: parsed ? `Advert for VRID ${router.vrid} from another VRID's virtual MAC` : `Advert for VRID ${router.vrid} not from its virtual MAC`,
        message: `${problem}. ${consequence}`,
        router,
        subjects: { ips: [speaker.ip], macs: [mac] },
        ts: frame.ts,
        frames: [frame.frame],
        wiresharkFilter: allOf(routerAdverts(router), linkSourceIn(frame.linkType, [mac])),
        remediation: parsed ? VMAC_REMEDIATION : RFC_REMEDIATION,
      });
    }

    function checkClaim(frame: FrameInfo, linkKey: string, claim: AddressClaim | null): void {
      if (!claim || claim.kind === 'arp-request') return;
      const routers = ctx.model.routersForVip(linkKey, claim.ip);
      if (routers.length === 0) return;
      for (const mac of claimMacs(claim)) {
        const parsed = parseVirtualMac(mac);
        if (!parsed || routers.some((r) => r.family === parsed.family && r.vrid === parsed.vrid)) continue;
        const key = `claim|${linkKey}|${claim.ip}|${mac}`;
        const count = (claimCounts.get(key) ?? 0) + 1;
        claimCounts.set(key, count);
        const owners = listText(routers.map((r) => `${describeRouter(r)}, whose virtual MAC is ${virtualMacOf(r.family, r.vrid)}`));
        const inPayload = mac === claim.mac;
        const what = `${CLAIM_WORDS[claim.kind]} for VIP ${claim.ip}`;
        const head =
          count === 1 ? `${/^[aeiou]/i.test(what) ? 'An' : 'A'} ${what}` : `${count} frames, the first ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what},`;
        const uses = inPayload
          ? `${count === 1 ? 'carries' : 'carry'} ${mac}${claim.ethSrc && claim.ethSrc !== mac ? ` (sent from ${claim.ethSrc})` : ''}`
          : `(${claim.family === 'ipv6' ? 'target link-layer address' : 'sender MAC'} ${claim.mac}) ${count === 1 ? 'is' : 'are'} sent from ${mac}`;
        const router = routers.length === 1 ? routers[0] : undefined;
        ctx.report({
          key,
          title: `VIP ${claim.ip} announced with the virtual MAC of VRID ${parsed.vrid}`,
          message:
            `${head} ${uses}, ${describeVmac(mac)}, but the VIP belongs to ${owners}. ` +
            `Hosts and switches that learn it send the VIP's traffic to whichever node holds that MAC. ` +
            otherRouterNote(ctx, linkKey, parsed.family, parsed.vrid),
          ...(router ? { router } : { vlan: innermostVlan(frame), family: claim.family }),
          subjects: { vips: [claim.ip], macs: claimMacs(claim) },
          ts: frame.ts,
          frames: [frame.frame],
          wiresharkFilter: addressClaims(claim.family, [claim.ip], [mac], frame.linkType),
          remediation: VMAC_REMEDIATION,
        });
      }
    }

    return {
      advert: (ev) => checkAdvert(ev.frame, ev.router, ev.speaker),
      arp: checkClaim,
      nd: checkClaim,
    };
  },
});

/** Whether the VRID that owns the misused VMAC is active on the same link (then two groups fight over one MAC). */
function otherRouterNote(ctx: RuleContext, linkKey: string, family: Family, vrid: number): string {
  const other = ctx.model.router(routerKeyOf(linkKey, family, vrid));
  return other
    ? `${describeRouter(other)} also runs on this link, so switches see its MAC move between ports and its traffic can reach the wrong node.`
    : `No ${FAMILY_NAME[family]} VRID ${vrid} advertises on this link: the MAC is left over or misconfigured.`;
}
