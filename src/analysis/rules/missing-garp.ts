/**
 * missing-garp: a speaker became master and announced none of, or only some of, its VIPs within
 * `missingGarp.withinS` seconds (default 5): no gratuitous ARP (IPv4: SPA = TPA = VIP) or unsolicited NA (IPv6: target =
 * VIP, S = 0) from its own MAC or the VRID's virtual MAC. Clients and switches then keep sending to the old master.
 *
 * "Became master" means every transition the model commits, plus the first master of a router when the capture shows
 * it starting: its first advert comes more than two advert intervals after the first frame of the capture (a master
 * already running would have advertised within one interval). The judgement waits until `withinS` seconds of capture
 * time passed after the takeover; when the capture ends sooner, nothing is reported (not enough evidence).
 *
 * A capture without a single ARP frame (IPv4) or ND frame (IPv6) was probably filtered to VRRP: then nothing is reported.
 *
 * A takeover is often committed by the model only after the old master stayed silent, i.e. after the new master's
 * GARPs went by, so announcements are remembered per address for a while and looked up when the judgement is due.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import { virtualMacOf } from '../model/keys.js';
import { MinHeap } from '../model/min-heap.js';
import type { TransitionReason } from '../audit-document.js';
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { CaptureClock, describeRouter, listText, seconds } from './shared.js';
import { anyOf, fieldIn, routerAdverts } from '../wireshark-filter.js';

/**
 * Announcements remembered per address and claimer (keepalived sends 5 + 5 per takeover; bounded memory). Kept per
 * claimer so that a storm from one host cannot push another host's announcements out of memory.
 */
const MAX_ANNOUNCEMENTS_PER_CLAIMER = 32;
/** Announcements this long before the new master's first advert still count (some implementations GARP first). */
const EARLY_S = 1;
/**
 * How often (capture time) announcements of addresses that are no VIP are forgotten once older than EARLY_S plus a
 * second: only VIPs are looked up, and an address that becomes a VIP later counts announcements from at most EARLY_S
 * before. Without it every address ever announced stayed (9 MiB with 50,000 ARP speakers, issue #10).
 */
const PRUNE_EVERY_S = 1;
const NON_VIP_KEPT_S = EARLY_S + 1;
/** A running master advertises every interval: a first advert later than this many intervals means it started. */
const STARTUP_INTERVALS = 2;

interface Announcement {
  ts: number;
  frame: number;
  macs: string[];
  linkKey: string;
}

interface Pending {
  router: VirtualRouter;
  speaker: Speaker;
  ts: number;
  deadline: number;
  /** The new master's VIP list then (the model replaces a speaker's array when its list changes, never edits it). */
  vips: readonly string[];
  /** The finding's key: speaker and VIP list. */
  key: string;
  /** Evidence of the takeover: old master's last advert and the new master's first (or only the latter). */
  frames: number[];
  /** How it became master, for the message (made into text only if the finding is read): started after the capture began, */
  startedAfterS: number | null;
  /** or took over from (null: from nobody) for this reason. */
  from: string | null;
  reason: TransitionReason | null;
  /** Arrival order: judgements due at one tick are made in this order. */
  seq: number;
}

interface Tally {
  takeovers: number;
  missed: number;
}

export const missingGarp = defineRule({
  meta: {
    id: 'missing-garp',
    defaultSeverity: 'warning',
    summary: 'A new master sent no gratuitous ARP / unsolicited NA for one of its VIPs within 5 s (tunable).',
  },
  create(ctx) {
    const withinS = ctx.options.missingGarp.withinS;
    const clock = new CaptureClock();
    /** address → claimer MACs → its latest announcements of that address. */
    const announcements = new Map<string, Map<string, Announcement[]>>();
    /** Judgements by deadline: a tick pops the due ones instead of walking every takeover still waiting. */
    const pending = new MinHeap<Pending>((p) => p.deadline);
    let arrivals = 0;
    /** Routers whose first master was already considered. */
    const firstMasterSeen = new Set<VirtualRouter>();
    /** Judgements waiting for proof that the capture contains ARP (resp. ND) at all. */
    const deferred: Pending[] = [];
    const seen = { ipv4: false, ipv6: false };
    /** Per finding key: how often that speaker became master and how often it stayed silent. */
    const tallies = new Map<string, Tally>();
    /**
     * Judged takeovers' objects, reused by the next takeovers: each waited the window (seconds of capture) and so was
     * promoted to the old generation before it died, one per failover (issue #10). Nothing keeps a judged one: the
     * report copies its frames, and the render closure takes values, not the object.
     */
    const spare: Pending[] = [];
    /** The judgements due at one tick (reused). */
    const due: Pending[] = [];

    function takeover(
      router: VirtualRouter,
      speaker: Speaker,
      ts: number,
      frames: number[],
      startedAfterS: number | null,
      from: string | null,
      reason: TransitionReason | null,
    ): void {
      const vips = speaker.vips;
      const key = findingKey(router, speaker, vips);
      const deadline = ts + withinS;
      const seq = arrivals++;
      const p = spare.pop();
      if (p === undefined) {
        pending.push({ router, speaker, ts, deadline, vips, key, frames, startedAfterS, from, reason, seq });
        return;
      }
      p.router = router;
      p.speaker = speaker;
      p.ts = ts;
      p.deadline = deadline;
      p.vips = vips;
      p.key = key;
      p.frames = frames;
      p.startedAfterS = startedAfterS;
      p.from = from;
      p.reason = reason;
      p.seq = seq;
      pending.push(p);
    }

    function remember(ip: string, frame: FrameInfo, linkKey: string, macs: (string | undefined)[]): void {
      let byClaimer = announcements.get(ip);
      if (!byClaimer) {
        byClaimer = new Map();
        announcements.set(ip, byClaimer);
      }
      const claimers = distinctMacs(macs);
      const claimer = claimers.length === 1 ? claimers[0]! : claimers.join(',');
      let list = byClaimer.get(claimer);
      if (!list) {
        list = [];
        byClaimer.set(claimer, list);
      }
      list.push({ ts: frame.ts, frame: frame.frame, macs: claimers, linkKey });
      if (list.length > MAX_ANNOUNCEMENTS_PER_CLAIMER) list.shift();
    }

    let lastPrune = Number.NEGATIVE_INFINITY;

    function pruneNonVips(now: number): void {
      lastPrune = now;
      for (const [ip, byClaimer] of announcements) {
        if (ctx.model.isVip(ip)) continue;
        let latest = Number.NEGATIVE_INFINITY;
        for (const list of byClaimer.values()) latest = Math.max(latest, list[list.length - 1]?.ts ?? latest);
        if (now - latest > NON_VIP_KEPT_S) announcements.delete(ip);
      }
    }

    function judge(p: Pending): void {
      // The finding's render closure shares this function's context: it must not capture `p`, only the values the text
      // needs. Nothing is allocated for a takeover whose VIPs were all announced (thousands of failovers).
      const { router, speaker, ts, startedAfterS, from, reason } = p;
      const vmac = virtualMacOf(router.family, router.vrid);
      let missing: string[] | null = null;
      let foreign: Announcement[] | null = null;
      for (const vip of p.vips) {
        // The VIP's announcements in the window, claimer by claimer; none from the new master means it is missing,
        // and then the others on this link are cited.
        const byClaimer = announcements.get(vip);
        if (byClaimer !== undefined && announcedBy(byClaimer, p, vmac)) continue;
        (missing ??= []).push(vip);
        if (byClaimer === undefined) continue;
        for (const list of byClaimer.values()) {
          for (const a of list) if (inWindow(a, p) && a.linkKey === router.linkKey) (foreign ??= []).push(a);
        }
      }
      const key = p.key;
      let tally = tallies.get(key);
      if (!tally) {
        tally = { takeovers: 0, missed: 0 };
        tallies.set(key, tally);
      }
      tally.takeovers += 1;
      if (missing === null) return;
      tally.missed += 1;
      const missingVips = missing;
      const foreignAnnouncements = foreign ?? NO_ANNOUNCEMENTS;

      const v6 = router.family === 'ipv6';
      // The tally changes with later takeovers that need no report: its counts as of now go into the text.
      const { takeovers, missed } = tally;
      ctx.report({
        key,
        router,
        ts,
        frames: foreign === null ? p.frames : [...p.frames, ...foreign.map((a) => a.frame)],
        render: () => {
          const what = v6 ? 'unsolicited neighbour advertisement' : 'gratuitous ARP';
          const otherMacs = [...new Set(foreignAnnouncements.flatMap((a) => a.macs))].filter((m) => m !== speaker.mac && m !== vmac);
          const others =
            otherMacs.length > 0 ? ` Announcements for ${missingVips.length > 1 ? 'them' : 'it'} came only from ${listText(otherMacs)}, not from the new master.` : '';
          const repeat = takeovers > 1 ? ` This happened at ${missed} of the ${takeovers} times it became master.` : '';
          const claimField = v6 ? 'icmpv6.nd.na.target_address' : 'arp.src.proto_ipv4';
          return {
            title: `No ${v6 ? 'unsolicited NA' : 'gratuitous ARP'} from new master of VRID ${router.vrid}`,
            message:
              `${speaker.ip} (${speaker.mac}) became master of ${describeRouter(router)} at ${clock.at(ts)} (${howText(startedAfterS, from, reason)}) but sent no ${what} ` +
              `for ${listText(missingVips)} within ${seconds(withinS)}: hosts and switches keep the old MAC for ${missingVips.length > 1 ? 'these VIPs' : 'this VIP'} ` +
              `until their caches expire.${others}${repeat}`,
            subjects: { ips: [speaker.ip], macs: [speaker.mac], vips: missingVips },
            // The takeover's adverts and the other hosts' announcements of the VIPs: the new master's own are absent.
            wiresharkFilter: anyOf(routerAdverts(router), fieldIn(claimField, missingVips)),
            remediation: v6
              ? 'keepalived sends unsolicited NAs for every IPv6 VIP on becoming master unless the interface is NOARP: check `ip link show` for NOARP ' +
                'and that the VIP interface is the captured one (`dev` in `virtual_ipaddress`); keep `garp_master_repeat` ≥ 1 and consider ' +
                '`garp_master_refresh 60`; with other implementations enable their unsolicited-NA option.'
              : 'keepalived sends gratuitous ARPs for every VIP on becoming master (`garp_master_repeat 5`, again after `garp_master_delay 5`) unless ' +
                'the interface is NOARP: check `ip link show` for NOARP (`ip link set dev <if> arp on`), that the VIP interface is the captured one ' +
                '(`dev` in `virtual_ipaddress`), and that arptables/ebtables do not drop them; consider `garp_master_refresh 60` so clients relearn the MAC.',
          };
        },
      });
    }

    /**
     * The finding key of a speaker's takeovers with one VIP list, made once per list: the model keeps a speaker's VIP
     * array while the list stays the same (and replaces it when the list changes).
     */
    const keys = new WeakMap<Speaker, { vips: readonly string[]; key: string }>();
    function findingKey(router: VirtualRouter, speaker: Speaker, vips: readonly string[]): string {
      const known = keys.get(speaker);
      if (known?.vips === vips) return known.key;
      const key = `${router.key}|${speaker.id}|${[...vips].sort().join(',')}`;
      keys.set(speaker, { vips, key });
      return key;
    }

    return {
      tick(now) {
        clock.observe(now);
        if (now - lastPrune >= PRUNE_EVERY_S) pruneNonVips(now);
        if (pending.peekKey() > now) return;
        while (pending.peekKey() <= now) due.push(pending.pop()!);
        if (due.length > 1) due.sort(byArrival);
        for (const p of due) {
          // A capture filtered to VRRP (`tcpdump vrrp`) shows no ARP at all: silence there proves nothing.
          if (seen[p.router.family]) {
            judge(p);
            spare.push(p);
          } else deferred.push(p);
        }
        due.length = 0;
      },
      end() {
        // Without any ARP (ND) in the capture, a judgement still waiting for its window can never be made either.
        const waiting: Pending[] = [];
        while (pending.size > 0) waiting.push(pending.pop()!);
        for (const p of waiting.sort(byArrival)) if (!seen[p.router.family]) deferred.push(p);
        for (const p of deferred) {
          if (seen[p.router.family]) judge(p);
          else {
            const what = p.router.family === 'ipv6' ? 'neighbour discovery (ND)' : 'ARP';
            ctx.cannotJudge(
              p.router,
              `${describeRouter(p.router)}: the capture holds no ${what} frame at all (filtered on vrrp?), so whether ${p.speaker.ip} announced its VIPs after becoming master cannot be told.`,
            );
          }
        }
        deferred.length = 0;
      },
      arp(frame, linkKey) {
        seen.ipv4 = true;
        const arp = frame.arp;
        if (arp?.gratuitous) remember(arp.senderIp, frame, linkKey, [arp.senderMac, frame.ethSrc]);
      },
      nd(frame, linkKey) {
        seen.ipv6 = true;
        const nd = frame.nd;
        if (nd?.type === 'na' && !nd.solicited) remember(nd.target, frame, linkKey, [nd.tlla, frame.ethSrc]);
      },
      advert({ frame, router, speaker }) {
        if (router.master !== speaker || firstMasterSeen.has(router)) return;
        firstMasterSeen.add(router);
        if (router.failovers > 0 || speaker.vips.length === 0) return;
        const captureStart = clock.start(frame.ts);
        if (frame.ts - captureStart <= (STARTUP_INTERVALS * speaker.intervalMs) / 1000) return;
        takeover(router, speaker, frame.ts, [frame.frame], frame.ts - captureStart, null, null);
      },
      masterChange(router, t) {
        if (t.to.vips.length === 0) return;
        firstMasterSeen.add(router);
        takeover(router, t.to, t.ts, t.frames, null, t.from?.ip ?? null, t.reason);
      },
    };
  },
});

/** The MACs given, without empties and repeats (an announcement's sender MAC and Ethernet source are usually one). */
function distinctMacs(macs: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const m of macs) if (m && !out.includes(m)) out.push(m);
  return out;
}

function howText(startedAfterS: number | null, from: string | null, reason: TransitionReason | null): string {
  if (startedAfterS !== null) return `first master, starting ${seconds(startedAfterS)} after the capture began`;
  return from !== null ? `takeover from ${from}, ${reason}` : `${reason}`;
}

const NO_ANNOUNCEMENTS: readonly Announcement[] = [];

/** Within the takeover's window: from EARLY_S before it to its deadline. */
function inWindow(a: Announcement, p: Pending): boolean {
  return a.ts >= p.ts - EARLY_S && a.ts <= p.deadline;
}

/** Some announcement of the VIP in the window came from the new master's MAC, or from the VRID's virtual MAC on its link. */
function announcedBy(byClaimer: Map<string, Announcement[]>, p: Pending, vmac: string): boolean {
  for (const list of byClaimer.values()) {
    for (const a of list) {
      if (!inWindow(a, p)) continue;
      if (a.macs.includes(vmac) ? a.linkKey === p.router.linkKey : a.macs.includes(p.speaker.mac)) return true;
    }
  }
  return false;
}

function byArrival(a: Pending, b: Pending): number {
  return a.seq - b.seq;
}
