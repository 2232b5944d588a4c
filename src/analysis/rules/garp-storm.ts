/**
 * garp-storm: more than `garpStorm.requests` ARP requests for one address (target protocol address) within
 * `garpStorm.periodMs` — Wireshark's arp.packet-storm-detected threshold (30 in 100 ms), counted per address and
 * link. One finding per address per storm episode; an episode ends after a quiet second.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import { defineRule } from '../rule.js';
import { describeRouter, listText } from './shared.js';
import { innermostVlan } from '../model/keys.js';

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

/** A new state's window until its first request replaces it (never written to). */
const NO_REQUESTS: Request[] = [];

interface AddressState {
  linkKey: string;
  address: string;
  /** The requests within the last period, oldest first (at most threshold + 1). */
  window: Request[];
  episode: Episode | null;
  /** False once forgotten (pruned or evicted): its place in the age queue is then skipped. */
  held: boolean;
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
    /**
     * Link → address → state: no key string is built per request (a Map of `link|address` strings cost a
     * concatenation, its flattening and hashing on every request, issue #10). `ages` holds the states in the order they
     * were made, for evicting the oldest one and for pruning; forgotten ones are dropped from it as they are passed.
     */
    const states = new Map<string, Map<string, AddressState>>();
    let ages: AddressState[] = [];
    /** States before this index in `ages` are all forgotten. */
    let agesHead = 0;
    let held = 0;
    let episodes = 0;
    const open = new Map<AddressState, Episode>();

    function stateOf(linkKey: string, address: string): AddressState {
      let byAddress = states.get(linkKey);
      if (byAddress === undefined) {
        byAddress = new Map();
        states.set(linkKey, byAddress);
      }
      let state = byAddress.get(address);
      if (state) return state;
      if (held >= MAX_ADDRESSES) evictOldestQuiet();
      state = { linkKey, address, window: NO_REQUESTS, episode: null, held: true };
      byAddress.set(address, state);
      ages.push(state);
      held += 1;
      return state;
    }

    function forget(state: AddressState): void {
      state.held = false;
      held -= 1;
      const byAddress = states.get(state.linkKey);
      byAddress?.delete(state.address);
      if (byAddress?.size === 0) states.delete(state.linkKey);
    }

    /** The oldest state not in a storm goes (all in storms: none). */
    function evictOldestQuiet(): void {
      while (agesHead < ages.length && !ages[agesHead]!.held) agesHead += 1;
      for (let i = agesHead; i < ages.length; i++) {
        const state = ages[i]!;
        if (state.held && !state.episode) {
          forget(state);
          break;
        }
      }
      if (agesHead > 1024 && agesHead * 2 > ages.length) {
        ages = ages.slice(agesHead);
        agesHead = 0;
      }
    }

    function endEpisode(state: AddressState): void {
      const ep = state.episode;
      if (!ep) return;
      ctx.close(ep.key, ep.lastStormTs);
      state.episode = null;
      open.delete(state);
    }

    function request(frame: FrameInfo, linkKey: string): void {
      const arp = frame.arp;
      if (!arp || arp.op !== 1) return;
      const address = arp.targetIp;
      const state = stateOf(linkKey, address);
      const ts = frame.ts;
      let window = state.window;
      let passed = 0;
      while (passed < window.length && (ts - window[passed]!.ts) * 1000 > periodMs + 1e-6) passed += 1;
      const req: Request = { ts, frame: frame.frame, senderMac: arp.senderMac, senderIp: arp.senderIp, gratuitous: arp.gratuitous };
      if (passed === window.length) {
        // The usual case (the address's earlier requests, if any, left the period): a one-element array, not a
        // default-sized one that a shift to empty would drop again.
        window = [req];
        state.window = window;
      } else {
        if (passed > 0) window.splice(0, passed);
        window.push(req);
        if (window.length > size) window.shift();
      }
      const oldest = window[0]?.ts ?? ts;
      const span = ts - oldest;
      if (window.length < size) {
        if (state.episode && ts - state.episode.lastStormTs > EPISODE_QUIET_S) endEpisode(state);
        return;
      }
      let ep = state.episode;
      // A new episode's evidence is the whole window; later reports add one request each.
      const fresh = ep ? [req] : window;
      if (!ep) {
        episodes += 1;
        ep = {
          key: `${linkKey}|${address}|${episodes}`,
          start: oldest,
          lastStormTs: ts,
          requests: 0,
          peakSpan: span,
          senders: new Map(),
          moreSenders: false,
          gratuitous: 0,
        };
        state.episode = ep;
        open.set(state, ep);
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
      const vlan = innermostVlan(frame);
      const durationMs = Math.round((ep.lastStormTs - ep.start) * 1000);
      ctx.report({
        key: ep.key,
        title: `ARP storm for ${address}`,
        message:
          `${ep.requests} ARP requests for ${address}${vipText} within ${durationMs} ms ` +
          `(${threshold + 1} within ${Math.round(ep.peakSpan * 1000)} ms at the peak; Wireshark reports a storm above ${threshold} in ${periodMs} ms), ` +
          `${allGratuitous ? 'all gratuitous, ' : ''}from ${listText(senders)}${ep.moreSenders ? ' and others' : ''}.`,
        ...(router ? { router } : { vlan, family: 'ipv4' as const }),
        subjects: { ips: [address], macs: [...ep.senders.keys()], ...(routers.length > 0 ? { vips: [address] } : {}) },
        ts: frame.ts,
        frames,
        wiresharkFilter: `arp.opcode == 1 && arp.dst.proto_ipv4 == ${address}${vlan !== null ? ` && vlan.id == ${vlan}` : ''}`,
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
      const kept: AddressState[] = [];
      for (let i = agesHead; i < ages.length; i++) {
        const state = ages[i]!;
        if (!state.held) continue;
        const last = state.window[state.window.length - 1];
        if (!state.episode && (!last || (now - last.ts) * 1000 > periodMs + EPISODE_QUIET_S * 1000)) forget(state);
        else kept.push(state);
      }
      ages = kept;
      agesHead = 0;
    }

    return {
      arp: request,
      tick(now) {
        for (const [state, ep] of open) if (now - ep.lastStormTs > EPISODE_QUIET_S) endEpisode(state);
        if (now - lastPrune >= PRUNE_EVERY_S) pruneQuiet(now);
      },
    };
  },
});
