/**
 * backup-answers-arp: a speaker of the router holding a VIP that is not its master (and not advertising as one)
 * answers ARP / NS for the VIP or announces it (GARP, NA). RFC 5798 §6.4.2: a backup MUST NOT answer for the VIPs.
 * Hosts that take its answer send VIP traffic to a node that should not hold it.
 *
 * The speaker is recognised by its physical MAC (ARP sender or Ethernet source; for use_vmac nodes, the MAC that
 * ARPs with the node's advert source IP). Tolerated: the master, any speaker advertising as master at that moment
 * (two masters are split-brain's business), a former master until backupArpSettleS after the change settled, and a
 * speaker that starts advertising as master right after its claim (a new master announcing a hair early).
 */
import { parseVirtualMac, virtualMacOf } from '../model/keys.js';
import type { Speaker, VirtualRouter } from '../model/types.js';
import type { FrameInfo } from '../../decoders/frame-info.js';
import { defineRule } from '../rule.js';
import {
  backupSince,
  claimMacs,
  describeRouter,
  listText,
  seconds,
  settledAt,
  stillClaimsMaster,
  type AddressClaim,
} from './shared.js';
import { addressClaims, allOf, anyOf, routerAdverts, sourceIn } from '../wireshark-filter.js';

/** A claim is judged this long after it was seen, so that a new master's first advert can catch up. */
const JUDGE_AFTER_S = 1;

interface PendingClaim {
  router: VirtualRouter;
  speaker: Speaker;
  claim: AddressClaim;
  frame: number;
  ts: number;
  master: Speaker;
  /** The master's latest advert when the claim was seen (Speaker objects keep changing). */
  masterFrame: number;
  linkType: number;
  due: number;
}

interface Tally {
  replies: number;
  announcements: number;
  vips: Set<string>;
  /** The claim showed the speaker's physical MAC while its router uses the virtual MAC. */
  physicalBesideVmac: boolean;
}

export const backupAnswersArp = defineRule({
  meta: {
    id: 'backup-answers-arp',
    defaultSeverity: 'error',
    summary: 'A VRRP backup (not the current master) answers ARP/ND for a VIP or announces it with GARP/NA.',
  },
  create(ctx) {
    const model = ctx.model;
    const own = model.ownAddresses;
    /** When each speaker stopped being master (capture time the change was committed); a speaker is of one router. */
    const leftMaster = new Map<Speaker, number>();
    /** Routers whose virtual MAC was seen in use (adverts or announcements from it). */
    const usesVmac = new Set<string>();
    const pending: PendingClaim[] = [];
    const tallies = new Map<string, Tally>();

    function speakerOf(router: VirtualRouter, claim: AddressClaim): Speaker | undefined {
      const macs = claimMacs(claim);
      const ownIps = own.ipsOf(claim.mac);
      for (const s of router.speakers.values()) {
        const physical = own.physicalMacOf(s);
        if ((physical !== undefined && macs.includes(physical)) || (!parseVirtualMac(claim.mac) && ownIps.includes(s.ip))) return s;
      }
      return undefined;
    }

    /** Allowed to hold the VIP at `ts`: master, advertising as master, or a former master inside the settle window. */
    function entitled(router: VirtualRouter, s: Speaker, ts: number): boolean {
      if (router.master === null || router.master === s) return true;
      const left = leftMaster.get(s);
      if (stillClaimsMaster(s, ts, left)) return true;
      return left !== undefined && ts <= backupSince(s, left) + ctx.options.backupArpSettleS;
    }

    function claim(frame: FrameInfo, linkKey: string, claimOfFrame: AddressClaim | null): void {
      flush(frame.ts);
      const c = claimOfFrame;
      if (!c || c.kind === 'arp-request') return;
      for (const router of model.routersForVip(linkKey, c.ip)) {
        const vmac = virtualMacOf(router.family, router.vrid);
        if (claimMacs(c).includes(vmac)) usesVmac.add(router.key);
        const speaker = speakerOf(router, c);
        if (!speaker || !router.master || entitled(router, speaker, frame.ts)) continue;
        const master = router.master;
        pending.push({ router, speaker, claim: c, frame: frame.frame, ts: frame.ts, master, masterFrame: master.lastFrame, linkType: frame.linkType, due: frame.ts + JUDGE_AFTER_S });
      }
    }

    function flush(now: number): void {
      let n = 0;
      while (n < pending.length && (pending[n]?.due ?? Infinity) <= now) {
        const p = pending[n++];
        if (!p) continue;
        const s = p.speaker;
        // It took over (or started advertising as master) right after its claim: a new master announcing early.
        const tookOver = p.router.master === s || (s.active && s.lastSeen >= p.ts);
        if (!tookOver) report(p);
      }
      if (n > 0) pending.splice(0, n);
    }

    function report(p: PendingClaim): void {
      const { router, speaker: s, claim: c, master } = p;
      const key = `${router.key}|${s.id}`;
      let tally = tallies.get(key);
      if (!tally) {
        tally = { replies: 0, announcements: 0, vips: new Set(), physicalBesideVmac: false };
        tallies.set(key, tally);
      }
      const answered = c.kind === 'arp-reply' || (c.kind === 'na' && c.unsolicited !== true);
      if (answered) tally.replies += 1;
      else tally.announcements += 1;
      tally.vips.add(c.ip);
      const physical = own.physicalMacOf(s) ?? c.mac;
      if (usesVmac.has(router.key) && !parseVirtualMac(c.mac)) tally.physicalBesideVmac = true;
      const vips = [...tally.vips];
      const v6 = router.family === 'ipv6';
      const acts: string[] = [];
      if (tally.replies > 0) acts.push(`answered ${tally.replies} ${v6 ? 'neighbour solicitation' : 'ARP request'}${tally.replies === 1 ? '' : 's'}`);
      if (tally.announcements > 0) {
        acts.push(`sent ${tally.announcements} ${v6 ? 'unsolicited neighbour advertisement' : 'gratuitous ARP'}${tally.announcements === 1 ? '' : 's'}`);
      }
      const left = leftMaster.get(s);
      const history = left !== undefined ? ` It stopped being master ${seconds(Math.max(0, p.ts - left))} before this claim.` : '';
      const cause = tally.physicalBesideVmac
        ? ` The answer comes from its physical MAC ${physical} while the router uses the virtual MAC ${virtualMacOf(router.family, router.vrid)}: ` +
          'with use_vmac, the parent interface answers beside the VMAC unless arp_ignore=1 and arp_filter=1 stay set on it.'
        : ' The VIP is probably still configured on it (keepalived killed without cleanup, or the VIP also set in the OS network configuration).';
      ctx.report({
        key,
        title: `Backup ${s.ip} ${tally.replies > 0 ? 'answers' : 'announces'} VIP ${listText(vips)}`,
        message:
          `${s.ip} (${physical}, priority ${s.lastPriority}) is a backup of ${describeRouter(router)} while ${master.ip} (${master.mac}) ` +
          `is master, yet it ${listText(acts)} for ${listText(vips)}: hosts that take its answer send VIP traffic to the wrong node.` +
          history +
          cause,
        router,
        subjects: { ips: [s.ip, master.ip], macs: [...new Set([physical, ...claimMacs(c)])], vips },
        ts: p.ts,
        frames: [p.masterFrame, p.frame],
        wiresharkFilter: anyOf(addressClaims(router.family, vips, [physical], p.linkType), allOf(routerAdverts(router), sourceIn(router.family, [master.ip]))),
        remediation:
          `On ${s.ip}: \`ip -br addr | grep -F ${vips[0]}\` must show nothing while it is backup. Remove any static copy of the VIP ` +
          '(/etc/network/interfaces, netplan, NetworkManager) and let keepalived\'s virtual_ipaddress manage it; restart keepalived ' +
          'if it was killed and left the VIP behind. With use_vmac, keep `net.ipv4.conf.<parent>.arp_ignore=1` and ' +
          '`net.ipv4.conf.<parent>.arp_filter=1` (keepalived sets them; a later sysctl.d or network-manager run resets them).',
      });
    }

    return {
      advert(ev) {
        if (ev.frame.ethSrc === virtualMacOf(ev.router.family, ev.router.vrid)) usesVmac.add(ev.router.key);
      },
      masterChange(router, transition) {
        if (transition.from) leftMaster.set(transition.from, settledAt(transition));
      },
      arp: claim,
      nd: claim,
      tick: flush,
      end() {
        flush(Infinity);
      },
    };
  },
});
