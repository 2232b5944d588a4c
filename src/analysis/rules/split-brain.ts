/**
 * split-brain: two or more speakers of one virtual router, with overlapping VIP sets, advertise priority > 0 at the same
 * time for longer than the convergence allowance (largest Master_Down_Interval among them plus one interval). Only
 * masters advertise, so that is two masters. A lower master that yields within the allowance is normal preemption.
 *
 * The rule keeps, per speaker, its current run of priority > 0 adverts (a run ends on priority 0 or after a silence
 * longer than the model's silence threshold). A pair overlaps from the later run start to the earlier latest advert:
 * only what the adverts prove, never a guess about silence yet to come.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import { isMulticastIp } from '../model/keys.js';
import { outranks } from '../model/router-tracker.js';
import { masterDownIntervalMs, masterSilenceMs } from '../model/timers.js';
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule, type RuleContext } from '../rule.js';
import { receptionCauses } from '../vantages/reception-causes.js';
import { advertIpOf, CaptureClock, describeRouter, listText, seconds, vipsOverlap } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

/** Unicast destinations remembered per speaker (enough to name a wrong peer; bounded memory). */
const MAX_UNICAST_DESTINATIONS = 8;
/** Adverts remembered per run: an overlap opens about five intervals after it started. */
const RECENT_ADVERTS = 16;
/** Live runs refresh an open finding at most this often (capture seconds). */
const REFRESH_S = 1;

interface Run {
  speaker: Speaker;
  start: number;
  startFrame: number;
  /** The latest adverts of the run, to cite the ones at the start of an overlap. */
  recent: { ts: number; frame: number }[];
  lastTs: number;
  lastFrame: number;
  /** Set by a priority-0 advert: the speaker resigned at lastTs. */
  resigned: boolean;
  /** Longest silence between two adverts of the run (seconds): masters that reject each other thin out their adverts. */
  maxGapS: number;
}

interface Destinations {
  ips: Set<string>;
  macs: Set<string>;
}

interface Episode {
  key: string;
  router: VirtualRouter;
  members: Map<string, Speaker>;
  start: number;
  end: number;
  open: boolean;
  allowanceS: number;
  lastReport: number;
  /** Earlier, already closed overlaps of the same speakers. */
  previous: number;
  previousDurationS: number;
}

export const splitBrain = defineRule({
  meta: {
    id: 'split-brain',
    defaultSeverity: 'error',
    summary: 'Two or more speakers with overlapping VIPs advertise as master at once for longer than the convergence allowance.',
  },
  create(ctx) {
    const clock = new CaptureClock();
    /** routerKey → speakerId → current run of priority > 0 adverts. */
    const runs = new Map<string, Map<string, Run>>();
    const destinations = new Map<string, Destinations>();
    const episodes = new Map<string, Episode>();
    /** Routers with an open episode: evaluated on every tick so the end of the overlap is seen. */
    const contested = new Set<string>();

    function claiming(run: Run, now: number): boolean {
      return !run.resigned && (now - run.lastTs) * 1000 <= masterSilenceMs(run.speaker);
    }

    /**
     * A backup that hears its master never advertises. So a lower speaker that advertises again while a higher one of
     * the same cluster kept advertising without a break since its previous advert never yielded: it stayed master
     * through its silence (keepalived masters that reject each other's adverts still restart their advert timer on
     * them, so their adverts thin out and alternate instead of overlapping). Thinning leaves gaps of a few intervals:
     * a silence longer than twice the convergence allowance is a pause, and the next adverts start a new run.
     */
    function heldThrough(routerRuns: Map<string, Run>, run: Run, now: number): boolean {
      if (run.resigned) return false;
      for (const other of routerRuns.values()) {
        if (other === run || !claiming(other, now) || other.start > run.lastTs) continue;
        if (!outranks(other.speaker, run.speaker) || !vipsOverlap(other.speaker.vips, run.speaker.vips)) continue;
        if (now - run.lastTs <= 2 * allowanceOf([other.speaker, run.speaker])) return true;
      }
      return false;
    }

    function recordDestination(router: VirtualRouter, speaker: Speaker, frame: FrameInfo): void {
      const ip = advertIpOf(frame);
      if (!ip || isMulticastIp(ip.dst)) return;
      const key = `${router.key}|${speaker.id}`;
      let d = destinations.get(key);
      if (!d) {
        d = { ips: new Set(), macs: new Set() };
        destinations.set(key, d);
      }
      if (d.ips.size < MAX_UNICAST_DESTINATIONS) d.ips.add(ip.dst);
      if (frame.ethDst && d.macs.size < MAX_UNICAST_DESTINATIONS) d.macs.add(frame.ethDst);
    }

    /**
     * Still master at the capture's end: by the RFC a master is master until priority 0 or a Master_Down_Interval of
     * silence, and its silence at the end is no longer than the gaps it already showed (half an interval of jitter
     * allowed). A master that yielded stops advertising: its silence soon exceeds its usual gap.
     */
    function masterAtEnd(run: Run, now: number): boolean {
      return claiming(run, now) && now - run.lastTs <= Math.max(run.maxGapS, 1.5 * (run.speaker.intervalMs / 1000));
    }

    /** Where a run's proven claim ends: its latest advert, or the capture's end while it is still master there. */
    function claimEnd(run: Run, now: number, atEnd: boolean): number {
      return atEnd && masterAtEnd(run, now) ? now : run.lastTs;
    }

    function evaluate(router: VirtualRouter, now: number, frame: number | null, atEnd = false): void {
      const routerRuns = runs.get(router.key);
      if (!routerRuns) return;
      const all = new Map(routerRuns);
      const live = [...all.values()].filter((r) => claiming(r, now));
      prune(router.key, routerRuns, now);

      // Pairs of claiming speakers of one cluster whose proven overlap exceeds their allowance.
      const qualifying: { a: Run; b: Run; start: number; end: number; allowanceS: number }[] = [];
      for (let i = 0; i < live.length; i++) {
        for (let j = i + 1; j < live.length; j++) {
          const a = live[i]!;
          const b = live[j]!;
          if (!vipsOverlap(a.speaker.vips, b.speaker.vips)) continue;
          const start = Math.max(a.start, b.start);
          const end = Math.min(claimEnd(a, now, atEnd), claimEnd(b, now, atEnd));
          const allowanceS = allowanceOf([a.speaker, b.speaker]);
          if (end - start > allowanceS) qualifying.push({ a, b, start, end, allowanceS });
        }
      }

      const touched = new Set<Episode>();
      for (const component of components(qualifying)) {
        const memberIds = [...component.members.keys()];
        let episode = [...episodes.values()].find(
          (e) => e.open && e.router === router && memberIds.some((id) => e.members.has(id)),
        );
        if (!episode) {
          const key = `${router.key}|${[...memberIds].sort().join(',')}`;
          const earlier = episodes.get(key);
          episode = {
            key,
            router,
            members: new Map(),
            start: component.start,
            end: component.end,
            open: true,
            allowanceS: component.allowanceS,
            lastReport: Number.NEGATIVE_INFINITY,
            previous: earlier ? earlier.previous + 1 : 0,
            previousDurationS: earlier ? earlier.previousDurationS + (earlier.end - earlier.start) : 0,
          };
          episodes.set(key, episode);
        }
        const added: number[] = [];
        for (const [id, run] of component.members) {
          if (!episode.members.has(id)) {
            episode.members.set(id, run.speaker);
            added.push(firstFrameSince(run, component.start), run.lastFrame);
          }
        }
        episode.start = Math.min(episode.start, component.start);
        episode.end = Math.max(episode.end, component.end);
        episode.allowanceS = Math.max(episode.allowanceS, component.allowanceS);
        touched.add(episode);
        const isNew = episode.lastReport === Number.NEGATIVE_INFINITY;
        if (isNew || added.length > 0 || (frame !== null && episode.end - episode.lastReport >= REFRESH_S)) {
          report(episode, isNew ? episode.start : episode.end, added, 'ongoing');
        }
      }

      for (const episode of episodes.values()) {
        if (!episode.open || episode.router !== router || touched.has(episode)) continue;
        // The overlap ended: the last moment two members were both proven to advertise.
        episode.open = false;
        const lastFrames = [...episode.members.keys()].flatMap((id) => {
          const run = all.get(id);
          return run ? [run.lastFrame] : [];
        });
        report(episode, episode.end, lastFrames, 'ended');
        ctx.close(episode.key, episode.end);
        contested.delete(router.key);
      }
      if (touched.size > 0) contested.add(router.key);
    }

    function prune(routerKey: string, routerRuns: Map<string, Run>, now: number): void {
      for (const [id, run] of routerRuns) if (!claiming(run, now) && !heldThrough(routerRuns, run, now)) routerRuns.delete(id);
      if (routerRuns.size === 0) runs.delete(routerKey);
    }

    function report(episode: Episode, ts: number, frames: number[], state: 'ongoing' | 'ended' | 'capture-end'): void {
      episode.lastReport = ts;
      reportEpisode(ctx, episode, clock, destinations, ts, frames, state);
    }

    return {
      advert({ frame, router, speaker }) {
        clock.observe(frame.ts);
        const vrrp = frame.vrrp;
        if (!vrrp) return;
        recordDestination(router, speaker, frame);
        let routerRuns = runs.get(router.key);
        if (!routerRuns) {
          routerRuns = new Map();
          runs.set(router.key, routerRuns);
        }
        const run = routerRuns.get(speaker.id);
        if (vrrp.priority === 0) {
          if (run && !run.resigned) {
            run.resigned = true;
            run.lastTs = frame.ts;
            run.lastFrame = frame.frame;
            // A member resigning ends the overlap now, not at its previous advert.
            for (const e of episodes.values()) if (e.open && e.members.has(speaker.id) && e.router === router) e.end = Math.max(e.end, frame.ts);
          }
        } else if (!run || (!claiming(run, frame.ts) && !heldThrough(routerRuns, run, frame.ts))) {
          routerRuns.set(speaker.id, {
            speaker,
            start: frame.ts,
            startFrame: frame.frame,
            recent: [{ ts: frame.ts, frame: frame.frame }],
            lastTs: frame.ts,
            lastFrame: frame.frame,
            resigned: false,
            maxGapS: 0,
          });
        } else {
          run.maxGapS = Math.max(run.maxGapS, frame.ts - run.lastTs);
          run.lastTs = frame.ts;
          run.lastFrame = frame.frame;
          run.recent.push({ ts: frame.ts, frame: frame.frame });
          if (run.recent.length > RECENT_ADVERTS) run.recent.shift();
        }
        evaluate(router, frame.ts, frame.frame);
      },
      tick(now) {
        clock.observe(now);
        for (const [key, routerRuns] of [...runs]) {
          const router = ctx.model.router(key);
          // A lone claimer cannot overlap anyone: only forget it once silent.
          if (router && (routerRuns.size > 1 || contested.has(key))) evaluate(router, now, null);
          else prune(key, routerRuns, now);
        }
      },
      end(now) {
        // Speakers still master at the end (within their Master_Down_Interval) overlap until the end.
        for (const [key, routerRuns] of [...runs]) {
          const router = ctx.model.router(key);
          if (router && routerRuns.size > 1) evaluate(router, now, null, true);
        }
        for (const episode of episodes.values()) {
          if (!episode.open) continue;
          const routerRuns = runs.get(episode.router.key);
          const members = [...episode.members.keys()].flatMap((id) => {
            const run = routerRuns?.get(id);
            return run ? [run] : [];
          });
          const still = members.filter((r) => masterAtEnd(r, now));
          const lastFrames = members.map((r) => r.lastFrame);
          if (still.length >= 2) {
            episode.end = Math.max(episode.end, now);
            report(episode, episode.end, lastFrames, 'capture-end');
          } else {
            // Only one master was left when the capture stopped: the overlap ended at the other's last advert.
            episode.open = false;
            report(episode, episode.end, lastFrames, 'ended');
            ctx.close(episode.key, episode.end);
          }
        }
      },
    };
  },
});

/** The member's first advert at or after `ts` (the overlap start), or the oldest one still remembered. */
function firstFrameSince(run: Run, ts: number): number {
  if (run.start >= ts) return run.startFrame;
  return (run.recent.find((a) => a.ts >= ts) ?? run.recent[0])?.frame ?? run.startFrame;
}

/** Largest Master_Down_Interval among the speakers plus one (the largest) advert interval, in seconds. */
function allowanceOf(speakers: readonly Speaker[]): number {
  let mdi = 0;
  let interval = 0;
  for (const s of speakers) {
    mdi = Math.max(mdi, masterDownIntervalMs(s.version, s.lastPriority, s.intervalMs));
    interval = Math.max(interval, s.intervalMs);
  }
  return (mdi + interval) / 1000;
}

interface Component {
  members: Map<string, Run>;
  start: number;
  end: number;
  allowanceS: number;
}

/** Connected components of qualifying pairs (normally one per router). */
function components(pairs: readonly { a: Run; b: Run; start: number; end: number; allowanceS: number }[]): Component[] {
  const out: Component[] = [];
  for (const p of pairs) {
    const hits = out.filter((c) => c.members.has(p.a.speaker.id) || c.members.has(p.b.speaker.id));
    const merged: Component = { members: new Map(), start: p.start, end: p.end, allowanceS: p.allowanceS };
    for (const c of hits) {
      for (const [id, run] of c.members) merged.members.set(id, run);
      merged.start = Math.min(merged.start, c.start);
      merged.end = Math.max(merged.end, c.end);
      merged.allowanceS = Math.max(merged.allowanceS, c.allowanceS);
      out.splice(out.indexOf(c), 1);
    }
    merged.members.set(p.a.speaker.id, p.a);
    merged.members.set(p.b.speaker.id, p.b);
    out.push(merged);
  }
  return out;
}

function reportEpisode(
  ctx: RuleContext,
  episode: Episode,
  clock: CaptureClock,
  destinations: ReadonlyMap<string, Destinations>,
  ts: number,
  frames: number[],
  state: 'ongoing' | 'ended' | 'capture-end',
): void {
  const router = episode.router;
  const members = [...episode.members.values()].sort((a, b) => (outranks(a, b) ? -1 : outranks(b, a) ? 1 : 0));
  const winner = members[0]!;
  const runnerUp = members[1];
  const why =
    runnerUp && runnerUp.lastPriority === winner.lastPriority
      ? `equal priority ${winner.lastPriority}, higher primary IP`
      : 'highest priority';
  const masters = members.map((s) => `${s.ip} (${s.mac}, priority ${s.lastPriority})`);
  const duration = episode.end - episode.start;
  const until =
    state === 'capture-end'
      ? `, still ongoing at end of capture (${seconds(duration)})`
      : ` to ${clock.at(episode.end)} (${seconds(duration)}${state === 'ongoing' ? ' so far' : ''})`;
  const from = state === 'capture-end' ? clock.at(episode.start) : clock.offset(episode.start);
  const again =
    episode.previous > 0
      ? ` It happened ${episode.previous} time${episode.previous > 1 ? 's' : ''} before (${seconds(episode.previousDurationS)} in all).`
      : '';
  const reception = ctx.vantages ? receptionCauses(ctx.vantages, router, winner, members.slice(1), episode.start, episode.end) : [];
  const causes = likelyCauses(members, router, destinations, reception);
  const count = members.length === 2 ? 'Two' : `${members.length}`;
  const vips = [...new Set(members.flatMap((s) => s.vips))];
  ctx.report({
    key: episode.key,
    title: `${count} masters for VRID ${router.vrid}${router.vlan === null ? '' : ` on VLAN ${router.vlan}`}`,
    message:
      `${listText(masters)} ${members.length === 2 ? 'both' : 'all'} advertised as master of ${describeRouter(router)} ` +
      `from ${from}${until}, beyond the ${seconds(episode.allowanceS)} a backup needs to yield; ` +
      `${winner.ip} should win (${why}).${again} ` +
      `Likely cause${causes.length > 1 ? 's' : ''}: ${causes.map((c) => c.text).join('; ')}.`,
    router,
    subjects: { ips: members.map((s) => s.ip), macs: [...new Set(members.map((s) => s.mac))], vips },
    ts,
    frames,
    wiresharkFilter: `${routerAdverts(router)} && ${sourceIn(router.family, members.map((s) => s.ip))}`,
    remediation: [...new Set(causes.map((c) => c.fix))].join(' '),
  });
}

interface Cause {
  text: string;
  fix: string;
}

const AUTH_NAMES: Record<number, string> = { 0: 'none', 1: 'simple-text password', 2: 'IPsec AH', 254: 'Cisco MD5' };

/** What the capture shows that makes the speakers drop each other's adverts; "never yields" when nothing else. */
function likelyCauses(
  members: readonly Speaker[],
  router: VirtualRouter,
  destinations: ReadonlyMap<string, Destinations>,
  /** From captures of several vantage points (audit --merge): whether the losers' own captures have the winner's adverts. */
  reception: readonly Cause[],
): Cause[] {
  const causes: Cause[] = [];
  const pairs: [Speaker, Speaker][] = [];
  for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) pairs.push([members[i]!, members[j]!]);
  const differ = <T>(f: (s: Speaker) => T): boolean => pairs.some(([a, b]) => f(a) !== f(b));
  const each = (f: (s: Speaker) => string): string => members.map((s) => `${s.ip}: ${f(s)}`).join(', ');

  if (differ((s) => s.version)) {
    causes.push({
      text: `VRRP versions differ (${each((s) => `v${s.version}`)})`,
      fix: 'Set the same `version` (or global `vrrp_version`) on every peer of this instance.',
    });
  }
  const v2 = members.filter((s) => s.version === 2 && s.authType !== undefined);
  if (v2.length > 1 && new Set(v2.map((s) => s.authType)).size > 1) {
    causes.push({
      text: `v2 auth types differ (${v2.map((s) => `${s.ip}: ${AUTH_NAMES[s.authType ?? 0] ?? `type ${s.authType}`}`).join(', ')})`,
      fix: 'Use the same `authentication { auth_type ...; auth_pass ... }` block on every peer, or none on all of them.',
    });
  } else if (v2.length > 1 && v2.every((s) => s.authType === 1) && new Set(v2.map((s) => s.authSecret)).size > 1) {
    causes.push({
      text: 'their v2 passwords differ (not shown; see auth-mismatch)',
      fix: 'Use the same `auth_pass` (first 8 characters count) on every peer.',
    });
  }
  if (differ((s) => s.intervalMs)) {
    causes.push({
      text: `advert intervals differ (${each((s) => seconds(s.intervalMs / 1000))})${members.some((s) => s.version === 2) ? ', and VRRPv2 receivers drop such adverts' : ''}`,
      fix: 'Set the same `advert_int` on every peer.',
    });
  }
  const v3 = members.filter((s) => s.version === 3 && s.checksumVariant !== null);
  if (router.family === 'ipv4' && v3.length > 1 && new Set(v3.map((s) => s.checksumVariant)).size > 1) {
    causes.push({
      text: `v3 checksum variants differ (${v3.map((s) => `${s.ip}: ${s.checksumVariant}`).join(', ')}), so each side rejects the other's checksum`,
      fix: 'Make the checksum computation agree: keepalived `v3_checksum_as_v2` (no pseudo-header, as Cisco/Juniper) on all peers or none; FRR `checksum-with-ipv4-pseudoheader`.',
    });
  }
  const badTtl = members.filter((s) => !s.unicast && [...s.ttls].some((t) => t !== 255));
  if (badTtl.length > 0) {
    causes.push({
      text: `${listText(badTtl.map((s) => `${s.ip}'s adverts arrive with TTL ${[...s.ttls].filter((t) => t !== 255).join('/')}`))} (receivers drop TTL ≠ 255: routed or relayed)`,
      fix: 'Keep the peers on one layer-2 segment; VRRP multicast adverts must not cross a router (TTL must stay 255).',
    });
  }
  for (const a of members) {
    if (!a.unicast) continue;
    const d = destinations.get(`${router.key}|${a.id}`);
    for (const b of members) {
      if (b === a) continue;
      if (d && !d.ips.has(b.ip) && !d.macs.has(b.mac)) {
        causes.push({
          text: `${a.ip} sends unicast adverts to ${listText([...d.ips])}, not to ${b.ip}`,
          fix: `Put ${b.ip} into the \`unicast_peer\` block of ${a.ip} (and ${a.ip} into ${b.ip}'s), with \`unicast_src_ip\` set to each node's own address.`,
        });
      } else if (!b.unicast && !causes.some((c) => c.text.includes('unicast and multicast'))) {
        causes.push({
          text: `${a.ip} sends unicast adverts while ${b.ip} sends multicast (keepalived drops unicast adverts on a multicast instance and the reverse)`,
          fix: 'Configure `unicast_peer` on every node of the instance, or on none.',
        });
      }
    }
  }
  if (pairs.some(([a, b]) => [...a.vips].sort().join(',') !== [...b.vips].sort().join(','))) {
    causes.push({
      text: 'their VIP lists differ (keepalived ≤ 2.3.2 drops adverts whose VIPs differ from its own)',
      fix: 'Make `virtual_ipaddress` identical on every peer (see vip-list-mismatch).',
    });
  }
  if (members.filter((s) => s.lastPriority === 255).length > 1) {
    causes.push({
      text: 'several speakers claim to be address owner (priority 255)',
      fix: 'Give priority 255 to at most one node (the real address owner); the others 254 or lower.',
    });
  }
  causes.push(...reception);
  const losers = members.slice(1).map((s) => s.ip);
  causes.push({
    text:
      causes.length === 0
        ? `${listText(losers)} never yielded, so ${losers.length > 1 ? 'they do' : 'it does'} not receive ${members[0]!.ip}'s adverts (firewall or security group dropping IP protocol 112, multicast filtering or IGMP snooping, or a one-way link)`
        : `${listText(losers)} never yielded`,
    fix:
      'Check that each node receives the others\' adverts (`tcpdump -ni <if> vrrp` on every node); allow VRRP in the firewall ' +
      '(`iptables -I INPUT -p vrrp -j ACCEPT`, nftables `ip protocol vrrp accept`, cloud security groups: protocol 112), ' +
      'check IGMP snooping for 224.0.0.18 / ff02::12 on the switches, or use `unicast_peer` where multicast is filtered.',
  });
  return causes;
}
