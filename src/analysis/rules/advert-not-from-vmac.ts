/**
 * advert-not-from-vmac: speakers that send adverts from their physical MAC, as keepalived does without use_vmac
 * (issue #152). Normal for keepalived, so info and one finding per virtual router listing the speakers. Under
 * --profile rfc the same adverts are wrong-vmac errors and this rule reports nothing.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import { parseVirtualMac, virtualMacOf } from '../model/keys.js';
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { type AddressClaim, claimMacs, describeRouter, listText } from './shared.js';
import { allOf, linkSourceIn, routerAdverts } from '../wireshark-filter.js';

interface PhysicalSpeaker {
  ip: string;
  mac: string;
  lastTs: number;
}

interface RouterEntry {
  router: VirtualRouter;
  /** Link type of the capture interface (the filter's MAC field differs for Linux cooked captures). */
  linkType: number;
  speakers: Map<string, PhysicalSpeaker>;
}

export const advertNotFromVmac = defineRule({
  meta: {
    id: 'advert-not-from-vmac',
    defaultSeverity: 'info',
    summary: 'Adverts come from physical MACs, not the virtual MAC (keepalived without use_vmac); one finding per virtual router.',
  },
  create(ctx) {
    const routers = new Map<string, RouterEntry>();
    /** The same entries by the model's speaker object (one per router and id): one lookup for a known speaker's advert. */
    const bySpeaker = new Map<Speaker, PhysicalSpeaker>();
    /** Routers whose VMAC was seen announcing their VIPs (use_vmac with vmac_xmit_base). */
    const vmacAnnouncers = new Set<string>();

    /**
     * Rendered when the finding is read (thousands of routers: their texts would otherwise sit in memory while the
     * capture is read). The speakers change only right before a report; whether the VMAC announced is copied now.
     */
    function report(entry: RouterEntry, ts: number, frames: number[]): void {
      const { router } = entry;
      const vmacAnnounced = vmacAnnouncers.has(router.key);
      ctx.report({
        key: router.key,
        router,
        ts,
        frames,
        render: () => {
          const speakers = [...entry.speakers.values()];
          const vmac = virtualMacOf(router.family, router.vrid);
          const who = listText(speakers.map((s) => `${s.ip} from ${s.mac}`));
          const vmacNote = vmacAnnounced
            ? ` Its VIPs are announced from ${vmac} (use_vmac with vmac_xmit_base), so only the adverts use physical MACs.`
            : ' After a failover, hosts learn the new master\'s MAC for the VIPs from its gratuitous ARPs.';
          const macs = speakers.map((s) => s.mac);
          return {
            title: `Adverts for VRID ${router.vrid} come from physical MACs`,
            message:
              `Speakers of ${describeRouter(router)} send adverts from their physical MAC${speakers.length > 1 ? 's' : ''} (${who}), ` +
              `not from the virtual MAC ${vmac}: normal for keepalived without use_vmac.${vmacNote}`,
            subjects: { ips: speakers.map((s) => s.ip), macs },
            wiresharkFilter: allOf(routerAdverts(router), linkSourceIn(entry.linkType, macs)),
            remediation:
              'Nothing to fix for keepalived. If switches or clients must see the RFC virtual MAC (RFC 3768/5798 §7.2), for example ' +
              `clients that ignore gratuitous ARP, add \`use_vmac\` to this vrrp_instance on every node: adverts and GARPs then come from ${vmac} ` +
              'on the macvlan vrrp.<VRID>. Audit with --profile rfc to treat physical-MAC adverts as wrong-vmac errors.',
          };
        },
      });
    }

    return {
      advert(ev) {
        if (ctx.options.profile === 'rfc') return;
        const mac = ev.frame.ethSrc;
        // Virtual-range MACs are either this router's own (fine) or another VRID's (wrong-vmac).
        if (!mac || parseVirtualMac(mac)) return;
        const known = bySpeaker.get(ev.speaker);
        if (known) {
          known.lastTs = ev.frame.ts;
          // Every physical-MAC advert is evidence: the count says how many, the filter selects exactly those.
          ctx.addEvidence(ev.router.key, ev.frame.frame, ev.frame.ts);
          return;
        }
        let entry = routers.get(ev.router.key);
        if (!entry) {
          entry = { router: ev.router, speakers: new Map(), linkType: ev.frame.linkType };
          routers.set(ev.router.key, entry);
        }
        const physical: PhysicalSpeaker = { ip: ev.speaker.ip, mac, lastTs: ev.frame.ts };
        entry.speakers.set(ev.speaker.id, physical);
        bySpeaker.set(ev.speaker, physical);
        report(entry, ev.frame.ts, [ev.frame.frame]);
      },
      arp: noteVmacClaim,
      nd: noteVmacClaim,
      end() {
        // Stretch each finding to the last physical-MAC advert and pick up the use_vmac note learned meanwhile.
        for (const entry of routers.values()) {
          const last = Math.max(...[...entry.speakers.values()].map((s) => s.lastTs));
          report(entry, last, []);
        }
      },
    };

    function noteVmacClaim(frame: FrameInfo, linkKey: string, claimOfFrame: AddressClaim | null): void {
      const claim = claimOfFrame;
      if (!claim || claim.kind === 'arp-request') return;
      const macs = claimMacs(claim);
      for (const router of ctx.model.routersForVip(linkKey, claim.ip)) {
        if (macs.includes(virtualMacOf(router.family, router.vrid))) vmacAnnouncers.add(router.key);
      }
    }
  },
});
