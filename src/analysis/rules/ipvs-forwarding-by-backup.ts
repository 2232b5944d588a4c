/**
 * ipvs-forwarding-by-backup: IPVS traffic for a VIP (LVS-DR re-sent packets, LVS-TUN encapsulation; the model's
 * `ipvs-forward` events) leaves a director that is not the current master of the router holding the VIP: two
 * directors forward at once, so connections land on whichever director a client's ARP entry points to and their
 * state is split between the two.
 *
 * The master is recognised by the router's virtual MAC, its advert MAC, or (use_vmac: adverts from the VMAC, IPVS
 * sends from the physical interface) the MAC that ARPs with its advert source IP. When that physical MAC is unknown,
 * a director that is no other speaker cannot be told apart from the master and is not judged.
 */
import { virtualMacOf } from '../model/keys.js';
import type { ModelEvent, Speaker, VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { backupSince, describeRouter, listText, seconds, settledAt, stillClaimsMaster } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

type ForwardEvent = Extract<ModelEvent, { kind: 'ipvs-forward' }>;

/** Distinct real servers named per finding. */
const MAX_TARGETS = 8;

interface Tally {
  frames: number;
  vips: Set<string>;
  targets: Set<string>;
  methods: Set<'dr' | 'tun'>;
}

function isMac(address: string): boolean {
  return /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(address);
}

export const ipvsForwardingByBackup = defineRule({
  meta: {
    id: 'ipvs-forwarding-by-backup',
    defaultSeverity: 'error',
    summary: 'IPVS traffic for a VIP is forwarded by a director that is not the current VRRP master: two directors forward at once.',
  },
  create(ctx) {
    const model = ctx.model;
    const own = model.ownAddresses;
    /** When each speaker stopped being master (capture time the change was committed); a speaker is of one router. */
    const leftMaster = new Map<Speaker, number>();
    /** Last master change per router (capture time it was committed), for directors whose MAC is not known. */
    const lastChange = new Map<string, number>();
    const tallies = new Map<string, Tally>();

    /** The addresses a speaker forwards from: advert MAC, physical MAC, advert IP (tunnels seen without MACs). */
    function addressesOf(s: Speaker): string[] {
      const physical = own.physicalMacOf(s);
      return physical !== undefined && physical !== s.mac ? [s.mac, physical, s.ip] : [s.mac, s.ip];
    }

    function settling(since: number | undefined, ts: number): boolean {
      return since !== undefined && ts <= since + ctx.options.backupArpSettleS;
    }

    function forward(ev: ForwardEvent): void {
      const ts = ev.frame.ts;
      const routers = model.routersForVip(ev.linkKey, ev.vip).filter((r) => r.master !== null);
      if (routers.length === 0) return;
      const director = ev.directorMac;
      for (const r of routers) {
        if (director === virtualMacOf(r.family, r.vrid)) return;
        if (r.master && addressesOf(r.master).includes(director)) return;
      }
      const router = routers[0];
      const master = router?.master;
      if (!router || !master) return;
      let speaker: Speaker | undefined;
      for (const s of router.speakers.values()) if (addressesOf(s).includes(director)) speaker = s;
      if (speaker) {
        // Advertising as master too: split-brain's finding. A former master draining for a moment is normal.
        const left = leftMaster.get(speaker);
        if (stillClaimsMaster(speaker, ts, left)) return;
        if (settling(left === undefined ? undefined : backupSince(speaker, left), ts)) return;
      } else {
        // An unknown director may be the master's own physical interface when that MAC was never seen.
        if (isMac(director) && own.physicalMacOf(master) === undefined) return;
        if (settling(lastChange.get(router.key), ts)) return;
      }
      report(ev, router, master, speaker);
    }

    function report(ev: ForwardEvent, router: VirtualRouter, master: Speaker, speaker: Speaker | undefined): void {
      const director = ev.directorMac;
      const key = `${router.key}|${director}`;
      let tally = tallies.get(key);
      if (!tally) {
        tally = { frames: 0, vips: new Set(), targets: new Set(), methods: new Set() };
        tallies.set(key, tally);
      }
      tally.frames += 1;
      tally.vips.add(ev.vip);
      tally.methods.add(ev.method);
      if (tally.targets.size < MAX_TARGETS) tally.targets.add(ev.target);
      const vips = [...tally.vips];
      const methods = [...tally.methods].map((m) => (m === 'dr' ? 'LVS-DR' : 'LVS-TUN')).join(' and ');
      const ownIps = isMac(director) ? own.ipsOf(director) : [director];
      const who = speaker
        ? `Backup ${speaker.ip} (${director}, priority ${speaker.lastPriority})`
        : `${director}${ownIps.length > 0 && ownIps[0] !== director ? ` (${ownIps.join(', ')})` : ''}, which is not a VRRP speaker of this router,`;
      const left = speaker ? leftMaster.get(speaker) : undefined;
      const history = left !== undefined ? ` It stopped being master ${seconds(Math.max(0, ev.frame.ts - left))} before.` : '';
      const masterMacs = [...new Set([master.mac, own.physicalMacOf(master) ?? master.mac])];
      const directorField = isMac(director) ? 'eth.src' : 'ip.src';
      ctx.report({
        key,
        title: `${speaker ? `Backup ${speaker.ip}` : director} forwards IPVS traffic for ${listText(vips)}`,
        message:
          `${who} forwarded ${tally.frames} packet${tally.frames === 1 ? '' : 's'} for VIP ${listText(vips)} to real servers ` +
          `(${methods}, to ${listText([...tally.targets])}) while ${master.ip} (${masterMacs.join(' / ')}) is master of ` +
          `${describeRouter(router)}: two directors are forwarding at once.${history} It still receives VIP traffic: clients or the ` +
          'gateway still resolve the VIP to it, or the VIP is configured on it outside keepalived.',
        router,
        subjects: {
          ips: [...new Set([...(speaker ? [speaker.ip] : ownIps), master.ip])],
          macs: [...new Set([...(isMac(director) ? [director] : []), ...masterMacs])],
          vips,
        },
        ts: ev.frame.ts,
        frames: [master.lastFrame, ev.frame.frame],
        wiresharkFilter:
          `(${directorField} == ${director} && ${vips.length === 1 ? `ip.dst == ${vips[0]}` : `ip.dst in {${vips.join(' ')}}`}) || ` +
          `(${routerAdverts(router)} && ${sourceIn(router.family, [master.ip])})`,
        remediation:
          `On ${speaker?.ip ?? ownIps[0] ?? director}: the VIP must not be configured while it is backup (\`ip -br addr | grep -F ${vips[0]}\`); ` +
          'keep it only in keepalived\'s virtual_ipaddress and remove static copies. Check with `ipvsadm -Ln --stats` that its ' +
          'connection counters stop growing. Make sure the gateway and clients re-learn the VIP from the master\'s gratuitous ARPs ' +
          '(keepalived garp_master_delay / garp_master_refresh), and look for backup-answers-arp or split-brain findings that explain why traffic still reaches it.',
      });
    }

    return {
      masterChange(router, transition) {
        const at = settledAt(transition);
        lastChange.set(router.key, at);
        if (transition.from) leftMaster.set(transition.from, at);
      },
      ipvsForward: forward,
    };
  },
});
