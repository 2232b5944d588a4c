/**
 * garp-storm: more than `garpStorm.requests` ARP requests for one address (target protocol address) within
 * `garpStorm.periodMs` — Wireshark's arp.packet-storm-detected threshold (30 in 100 ms), counted per address and
 * link. One finding per address per storm episode; an episode ends after a quiet second.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import { defineRule } from '../rule.js';
import { describeRouter, listText } from './shared.js';

/** An episode ends when no storm-rate request for its address was seen for this long. */
const EPISODE_QUIET_S = 1;
/** Addresses tracked at once (the oldest not in a storm is evicted first). */
const MAX_ADDRESSES = 65536;
/**
 * How often (capture time) addresses whose requests all left the window are forgotten. Such a window would be emptied
 * by the address's next request anyway, so forgetting it changes no result; without it, every address ever asked for
 * kept its last requests (10 MiB with 50,000 ARP speakers, issue #10). The extra quiet second tolerates frames
 * captured slightly out of order.
 */
const PRUNE_EVERY_S = 1;
/** Distinct senders named per finding. */
const MAX_SENDERS = 8;

interface Episode {
  key: string;
  start: number;
  lastStormTs: number;
  requests: number;
  /** Shortest time the threshold number of requests took (seconds). */
  peakSpan: number;
  /** Sender MAC → sender IP. */
  senders: Map<string, string>;
  /** Senders beyond the ones named. */
  moreSenders: boolean;
  gratuitous: number;
}

interface Request {
  ts: number;
  frame: number;
  senderMac: string;
  senderIp: string;
  gratuitous: boolean;
}

interface AddressState {
  /** The requests within the last period, oldest first (at most threshold + 1). */
  window: Request[];
  episode: Episode | null;
}

export const garpStorm = defineRule({
  meta: {
    id: 'garp-storm',
    defaultSeverity: 'info',
    summary: 'More than 30 ARP requests for one address within 100 ms (Wireshark\'s ARP storm threshold).',
  },
  create(ctx) {
    const { requests: threshold, periodMs } = ctx.options.garpStorm;
    const size = threshold + 1;
    const states = new Map<string, AddressState>();
    let episodes = 0;
    const open = new Map<string, { state: AddressState; address: string; linkKey: string }>();

    function stateOf(key: string): AddressState {
      let state = states.get(key);
      if (state) return state;
      if (states.size >= MAX_ADDRESSES) {
        for (const [k, s] of states) {
          if (!s.episode) {
            states.delete(k);
            break;
          }
        }
      }
      state = { window: [], episode: null };
      states.set(key, state);
      return state;
    }

    function endEpisode(key: string, state: AddressState): void {
      const ep = state.episode;
      if (!ep) return;
      ctx.close(ep.key, ep.lastStormTs);
      state.episode = null;
      open.delete(key);
    }

    function request(frame: FrameInfo, linkKey: string): void {
      const arp = frame.arp;
      if (!arp || arp.op !== 1) return;
      const address = arp.targetIp;
      const key = `${linkKey}|${address}`;
      const state = stateOf(key);
      const ts = frame.ts;
      const window = state.window;
      while (window.length > 0 && (ts - (window[0]?.ts ?? ts)) * 1000 > periodMs + 1e-6) window.shift();
      const req: Request = { ts, frame: frame.frame, senderMac: arp.senderMac, senderIp: arp.senderIp, gratuitous: arp.gratuitous };
      window.push(req);
      if (window.length > size) window.shift();
      const oldest = window[0]?.ts ?? ts;
      const span = ts - oldest;
      if (window.length < size) {
        if (state.episode && ts - state.episode.lastStormTs > EPISODE_QUIET_S) endEpisode(key, state);
        return;
      }
      let ep = state.episode;
      // A new episode's evidence is the whole window; later reports add one request each.
      const fresh = ep ? [req] : window;
      if (!ep) {
        episodes += 1;
        ep = {
          key: `${key}|${episodes}`,
          start: oldest,
          lastStormTs: ts,
          requests: 0,
          peakSpan: span,
          senders: new Map(),
          moreSenders: false,
          gratuitous: 0,
        };
        state.episode = ep;
        open.set(key, { state, address, linkKey });
      }
      for (const r of fresh) {
        ep.requests += 1;
        if (r.gratuitous) ep.gratuitous += 1;
        if (ep.senders.size < MAX_SENDERS || ep.senders.has(r.senderMac)) ep.senders.set(r.senderMac, r.senderIp);
        else ep.moreSenders = true;
      }
      ep.lastStormTs = ts;
      ep.peakSpan = Math.min(ep.peakSpan, span);
      const frames = fresh.map((r) => r.frame);
      report(ep, address, linkKey, frame, frames);
    }

    function report(ep: Episode, address: string, linkKey: string, frame: FrameInfo, frames: number[]): void {
      const routers = ctx.model.routersForVip(linkKey, address);
      const router = routers.length === 1 ? routers[0] : undefined;
      const vipText = routers.length > 0 ? `, a VIP of ${listText(routers.map(describeRouter))},` : '';
      const senders = [...ep.senders].map(([mac, ip]) => `${mac} (${ip})`);
      const allGratuitous = ep.gratuitous === ep.requests;
      const vlan = frame.vlan[frame.vlan.length - 1];
      const durationMs = Math.round((ep.lastStormTs - ep.start) * 1000);
      ctx.report({
        key: ep.key,
        title: `ARP storm for ${address}`,
        message:
          `${ep.requests} ARP requests for ${address}${vipText} within ${durationMs} ms ` +
          `(${threshold + 1} within ${Math.round(ep.peakSpan * 1000)} ms at the peak; Wireshark reports a storm above ${threshold} in ${periodMs} ms), ` +
          `${allGratuitous ? 'all gratuitous, ' : ''}from ${listText(senders)}${ep.moreSenders ? ' and others' : ''}.`,
        ...(router ? { router } : { vlan: vlan ?? null, family: 'ipv4' as const }),
        subjects: { ips: [address], macs: [...ep.senders.keys()], ...(routers.length > 0 ? { vips: [address] } : {}) },
        ts: frame.ts,
        frames,
        wiresharkFilter: `arp.opcode == 1 && arp.dst.proto_ipv4 == ${address}${vlan !== undefined ? ` && vlan.id == ${vlan}` : ''}`,
        remediation: allGratuitous
          ? 'Gratuitous ARPs at this rate come from the node announcing the address: in keepalived lower `garp_master_repeat` ' +
            '(default 5) and `garp_master_refresh_repeat`, and raise `vrrp_garp_interval` (global, seconds between GARPs, e.g. 0.01); ' +
            'a master flapping between nodes repeats the whole burst on every change (see master-flapping).'
          : 'Find who keeps asking and why nobody answers: if the address is a VIP, check that a master holds it and answers ARP ' +
            '(`arping -I <iface> ' + address + '`); the same request repeated from one MAC at wire speed points to a bridging ' +
            'loop (check STP and port mirroring) or a misbehaving host; many senders point to a scan or to traffic for a dead address.',
      });
    }

    let lastPrune = Number.NEGATIVE_INFINITY;

    function pruneQuiet(now: number): void {
      lastPrune = now;
      for (const [key, state] of states) {
        const last = state.window[state.window.length - 1];
        if (!state.episode && (!last || (now - last.ts) * 1000 > periodMs + EPISODE_QUIET_S * 1000)) states.delete(key);
      }
    }

    return {
      arp: request,
      tick(now) {
        for (const [key, { state }] of open) {
          const ep = state.episode;
          if (ep && now - ep.lastStormTs > EPISODE_QUIET_S) endEpisode(key, state);
        }
        if (now - lastPrune >= PRUNE_EVERY_S) pruneQuiet(now);
      },
    };
  },
});
