/**
 * rs-arp-for-vip: a host that is neither a VRRP speaker of the router holding a VIP nor that router's virtual MAC
 * claims the VIP in ARP: answers requests for it, sends gratuitous ARPs for it, or (warning) puts it as sender address
 * in its own requests. The classic LVS-DR/TUN real server with the VIP on lo but without arp_ignore=1 /
 * arp_announce=2: hosts that take its answer bypass the director.
 *
 * Claims are judged a moment after they arrive (a new master may announce a hair before its first advert is seen),
 * claims made before any advert named the address wait in a small per-address buffer until it becomes a VIP, and a
 * claim that might come from a use_vmac node's physical interface (whose MAC adverts do not show) waits for the end.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import type { VirtualRouter } from '../model/types.js';
import { innermostVlan, parseVirtualMac, virtualMacOf } from '../model/keys.js';
import { defineRule } from '../rule.js';
import { claimMacs, describeRouter, listText, type AddressClaim } from './shared.js';
import { addressClaims } from '../wireshark-filter.js';
import { configuredRealServers } from '../conf/document.js';
import { EarlyClaims, type HeldClaim } from '../early-claims.js';

/** A claim is judged this long after it was seen, or after its address became a VIP. */
const JUDGE_AFTER_S = 1;
/** Addresses with claims buffered before they were advertised as VIPs, and claims kept per address. */
const EARLY_ADDRESSES = 4096;
const EARLY_CLAIMS_PER_ADDRESS = 8;
/** Claims whose sender cannot be told apart from a use_vmac node until more is seen (judged at the end). */
const UNRESOLVED_CLAIMS = 1024;

type Claim = HeldClaim;

interface Leak {
  key: string;
  mac: string;
  linkKey: string;
  vlan: number | null;
  vips: Set<string>;
  routers: Map<string, VirtualRouter>;
  replies: number;
  garps: number;
  requests: number;
}

type Identity = 'router' | 'other-vmac' | 'unresolved' | 'foreign';

export const rsArpForVip = defineRule({
  meta: {
    id: 'rs-arp-for-vip',
    defaultSeverity: 'error',
    summary: 'A host that is not a VRRP speaker answers ARP or sends gratuitous ARP for a VIP (LVS real server without arp_ignore/arp_announce).',
  },
  create(ctx) {
    const model = ctx.model;
    const own = model.ownAddresses;
    /** Claims of addresses not advertised yet, by link and address; the oldest address goes when the buffer is full. */
    const early = new EarlyClaims(EARLY_ADDRESSES, EARLY_CLAIMS_PER_ADDRESS);
    const pending: { claim: Claim; due: number }[] = [];
    let unresolved: Claim[] = [];
    const leaks = new Map<string, Leak>();

    /** Who the claimer is, relative to the routers advertising the address on its link. */
    function identify(c: Claim, routers: readonly VirtualRouter[]): Identity {
      const macs = claimMacs(c.claim);
      const ownIps = own.ipsOf(c.claim.mac);
      let speakerUnknown = false;
      for (const router of routers) {
        if (macs.includes(virtualMacOf(router.family, router.vrid))) return 'router';
        for (const s of router.speakers.values()) {
          if (macs.includes(s.mac) || ownIps.includes(s.ip)) return 'router';
          const physical = own.physicalMacOf(s);
          if (physical === undefined) speakerUnknown = true;
          else if (macs.includes(physical)) return 'router';
        }
      }
      if (parseVirtualMac(c.claim.mac)) return 'other-vmac';
      // A use_vmac node's physical interface looks like any host until its own address or an IPVS target role is seen.
      if (speakerUnknown && ownIps.length === 0 && ipvsTargetsOf(c.claim.mac).length === 0) return 'unresolved';
      return 'foreign';
    }

    function ipvsTargetsOf(mac: string): { vip: string; method: 'dr' | 'tun' }[] {
      const ips = own.ipsOf(mac);
      const out: { vip: string; method: 'dr' | 'tun' }[] = [];
      for (const entry of model.ipvs()) {
        for (const rs of entry.realServers.values()) {
          if ((rs.method === 'dr' && rs.mac === mac) || (rs.method === 'tun' && rs.ip !== undefined && ips.includes(rs.ip))) {
            out.push({ vip: entry.vip, method: rs.method });
            break;
          }
        }
      }
      return out;
    }

    function judge(c: Claim, final: boolean): void {
      const routers = model.routersForVip(c.linkKey, c.claim.ip);
      if (routers.length === 0) return;
      const identity = identify(c, routers);
      if (identity === 'foreign') record(c, routers);
      else if (identity === 'unresolved' && !final) {
        if (unresolved.length >= UNRESOLVED_CLAIMS) unresolved = unresolved.slice(1);
        unresolved.push(c);
      }
    }

    function flush(now: number): void {
      let n = 0;
      while (n < pending.length && (pending[n]?.due ?? Infinity) <= now) {
        const p = pending[n++];
        if (p) judge(p.claim, false);
      }
      if (n > 0) pending.splice(0, n);
    }

    function record(c: Claim, routers: readonly VirtualRouter[]): void {
      const mac = c.claim.mac;
      const key = `${c.linkKey}|${mac}`;
      let leak = leaks.get(key);
      if (!leak) {
        leak = { key, mac, linkKey: c.linkKey, vlan: c.vlan, vips: new Set(), routers: new Map(), replies: 0, garps: 0, requests: 0 };
        leaks.set(key, leak);
      }
      leak.vips.add(c.claim.ip);
      for (const r of routers) leak.routers.set(r.key, r);
      if (c.claim.kind === 'garp') leak.garps += 1;
      else if (c.claim.kind === 'arp-reply') leak.replies += 1;
      else leak.requests += 1;
      report(leak, c);
    }

    function report(leak: Leak, c: Claim): void {
      const vips = [...leak.vips];
      const vipText = listText(vips);
      const answers = leak.replies + leak.garps > 0;
      const targets = ipvsTargetsOf(leak.mac);
      const ownIps = own.ipsOf(leak.mac);
      const who = `${targets.length > 0 || hasConfiguredRealServers(leak.vips) ? 'Real server' : 'Host'} ${leak.mac}`;
      const routers = [...leak.routers.values()];
      const acts: string[] = [];
      if (leak.replies > 0) acts.push(`answered ${leak.replies} ARP request${plural(leak.replies)} for ${vipText}`);
      if (leak.garps > 0) acts.push(`sent ${leak.garps} gratuitous ARP${plural(leak.garps)} for ${vipText}`);
      if (leak.requests > 0) acts.push(`sent ${leak.requests} ARP request${plural(leak.requests)} with ${vipText} as sender address`);
      const ipvsText =
        targets.length > 0
          ? `IPVS forwards traffic for ${listText([...new Set(targets.map((t) => t.vip))])} to it ` +
            `(LVS-${targets.some((t) => t.method === 'dr') ? 'DR' : 'TUN'}), so it holds the VIP on lo without arp_ignore=1 / arp_announce=2.`
          : 'No IPVS forwarding to it was seen: a real server holding the VIP without arp_ignore / arp_announce, a keepalived ' +
            'backup that never advertised in this capture but still holds the VIP, or a host with a duplicate address.';
      const effect = answers
        ? 'Hosts that take its answer send VIP traffic straight to it, bypassing the director.'
        : 'Neighbours that learn the VIP from its requests (arp_announce leak) send VIP traffic to it, bypassing the director.';
      const title = answers
        ? `${who} ${leak.replies > 0 ? 'answers ARP for' : 'announces'} VIP ${vipText}`
        : `${who} sends ARP requests from VIP ${vipText}`;
      const router = routers.length === 1 ? routers[0] : undefined;
      // With --keepalived: the configured DR/TUN real servers of these VIPs, by the host's own address when it was seen.
      const configured = ctx.options.keepalived ? vips.flatMap((v) => configuredRealServers(ctx.options.keepalived ?? [], v)) : [];
      const named = configured.filter((c) => ownIps.includes(c.ip));
      const configText =
        named.length > 0
          ? ` It is ${named.map((c) => c.text).join(' and ')}.`
          : configured.length > 0
            ? ` The configs put ${listText(configured.map((c) => c.text))} behind ${vipText}: it is likely one of them.`
            : '';
      ctx.report({
        key: leak.key,
        severity: answers ? 'error' : 'warning',
        title,
        message:
          `${leak.mac}${ownIps.length > 0 ? ` (${ownIps.join(', ')})` : ''} is neither a VRRP speaker of ` +
          `${listText(routers.map(describeRouter))} nor its virtual MAC, yet it ${listText(acts)}. ${ipvsText} ${effect}${configText}`,
        ...(router ? { router } : { vlan: leak.vlan, family: 'ipv4' as const }),
        subjects: { macs: [leak.mac], ...(ownIps.length > 0 ? { ips: ownIps } : {}), vips },
        ts: c.ts,
        frames: [c.frame],
        wiresharkFilter: addressClaims('ipv4', vips, [leak.mac], c.linkType),
        // The host's own address, else the configured real server when the configs name exactly one for these VIPs.
        remediation: remediationFor(vips, ownIps[0] ?? (new Set(configured.map((c) => c.ip)).size === 1 ? configured[0]?.ip : undefined), answers),
      });
    }

    function hasConfiguredRealServers(vips: ReadonlySet<string>): boolean {
      const cluster = ctx.options.keepalived;
      return cluster !== undefined && [...vips].some((v) => configuredRealServers(cluster, v).length > 0);
    }

    /** Keeps a claim until its address is advertised (no object is made for it: most addresses never are). */
    function buffer(frame: FrameInfo, linkKey: string, claim: AddressClaim): void {
      early.add(linkKey, claim.ip, claim, frame.frame, frame.ts, frame.linkType, innermostVlan(frame));
    }

    return {
      arp(frame, linkKey, claimOfFrame) {
        flush(frame.ts);
        const claim = claimOfFrame;
        if (!claim) return;
        const routers = model.routersForVip(linkKey, claim.ip);
        if (routers.length === 0) buffer(frame, linkKey, claim);
        else {
          const c = claimOf(frame, linkKey, claim);
          if (identify(c, routers) !== 'router') pending.push({ claim: c, due: frame.ts + JUDGE_AFTER_S });
        }
      },
      advert(ev) {
        if (early.size === 0) return;
        for (const vip of ev.speaker.vips) {
          const claims = early.take(ev.router.linkKey, vip);
          if (claims) for (const c of claims) pending.push({ claim: c, due: ev.frame.ts + JUDGE_AFTER_S });
        }
      },
      tick: flush,
      end() {
        flush(Infinity);
        const last = unresolved;
        unresolved = [];
        for (const c of last) judge(c, true);
      },
    };
  },
});

function claimOf(frame: FrameInfo, linkKey: string, claim: AddressClaim): Claim {
  return { claim, linkKey, linkType: frame.linkType, vlan: innermostVlan(frame), frame: frame.frame, ts: frame.ts };
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

/** The real-server recipe of the classic vipset.sh LVS-DR script, in today's commands. */
function remediationFor(vips: readonly string[], hostIp: string | undefined, answers: boolean): string {
  const on = hostIp ? `On the real server ${hostIp}` : 'On that host';
  const addVips = vips.map((v) => `\`ip addr add ${v}/32 dev lo\``).join(', ');
  const focus = answers
    ? 'arp_ignore=1 stops it answering for addresses that live on lo'
    : 'arp_announce=2 stops it using the VIP as sender address in its own requests';
  return (
    `${on}, set what the classic vipset.sh real-server script sets: \`sysctl -w net.ipv4.conf.lo.arp_ignore=1 ` +
    'net.ipv4.conf.lo.arp_announce=2 net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2`, and hold the VIP ' +
    `only as a /32 on lo (${addVips}; vipset.sh: \`ifconfig lo:0 VIP netmask 255.255.255.255 up\` plus \`route add -host VIP dev lo:0\`). ` +
    `Persist the four sysctls in /etc/sysctl.d/90-lvs-realserver.conf (${focus}). ` +
    'If the host is not meant to be a real server, remove the VIP from it.'
  );
}
