/**
 * split-brain: two or more speakers of one virtual router, with overlapping VIP sets, advertise priority > 0 at the same
 * time for longer than the convergence allowance (largest Master_Down_Interval among them plus one interval). Only
 * masters advertise, so that is two masters. A lower master that yields within the allowance is normal preemption.
 *
 * The rule keeps, per speaker, its current run of priority > 0 adverts (a run ends on priority 0 or after a silence
 * longer than its Master_Down_Interval). A pair overlaps from the later run start to the earlier latest advert: only
 * what the adverts prove, never a guess about silence yet to come (at the capture's end, a master whose silence is
 * still within its Master_Down_Interval and its usual gap overlaps until the end).
 *
 * Cost: a pair of runs is looked at when the later one starts (its threshold, start + allowance, goes into a heap) and
 * then at most once per advert of a member that was still due; a continuing advert outside such a pair costs O(1).
 * So the work grows with run starts times concurrent runs, never with adverts times speakers. Runs per router are
 * bounded (MAX_RUNS); beyond that, new speakers are not compared and the finding says so.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import { isMulticastIp } from '../model/keys.js';
import { MinHeap } from '../model/min-heap.js';
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
/** Concurrent runs compared per router; speakers beyond are left out (and the finding says how many). */
export const MAX_RUNS = 1024;

/**
 * A run's pairs waiting for it, while there are none: shared and never added to (most runs of contested routers end with
 * none, and an empty array each was old-generation garbage).
 */
const NO_PAIRS: Pair[] = [];

/** Work counters, for tests that prove the cost does not grow with adverts × speakers. */
export const splitBrainWork = { pairChecks: 0 };

interface Run {
  speaker: Speaker;
  start: number;
  startFrame: number;
  /**
   * The latest adverts of the run, to cite the ones at the start of an overlap; null while the run has only its first
   * advert (start, startFrame): most runs of contested routers have one or two, and a ring per run was garbage.
   */
  recent: RecentAdverts | null;
  lastTs: number;
  lastFrame: number;
  /** Set by a priority-0 advert: the speaker resigned at lastTs. */
  resigned: boolean;
  /** Longest silence between two adverts of the run (seconds): masters that reject each other thin out their adverts. */
  maxGapS: number;
  /** Pairs that qualify once this run advertises after their threshold. */
  waiting: Pair[];
  episode: Episode | null;
  /** When this run's entry in the claim-end schedule is due (null: none pending). */
  claimEndDue: number | null;
}

/**
 * The latest RECENT_ADVERTS adverts of a run (capture time and frame number), oldest first: a ring of plain numbers,
 * so that an advert allocates nothing (this runs for every advert; entries outlived young-generation collections).
 */
class RecentAdverts {
  private readonly ts: number[] = [];
  private readonly frames: number[] = [];
  /** Index of the oldest entry once the ring is full. */
  private oldest = 0;

  constructor(ts: number, frame: number) {
    this.push(ts, frame);
  }

  push(ts: number, frame: number): void {
    if (this.ts.length < RECENT_ADVERTS) {
      this.ts.push(ts);
      this.frames.push(frame);
      return;
    }
    this.ts[this.oldest] = ts;
    this.frames[this.oldest] = frame;
    this.oldest = (this.oldest + 1) % RECENT_ADVERTS;
  }

  /** The frame of the first advert at or after `ts`, else of the oldest one remembered. */
  firstFrameSince(ts: number): number {
    const n = this.ts.length;
    for (let i = 0; i < n; i++) {
      const at = (this.oldest + i) % n;
      if (this.ts[at]! >= ts) return this.frames[at]!;
    }
    return this.frames[this.oldest]!;
  }
}

/** Two runs of one cluster: they overlap by more than the allowance once both advertised after `threshold`. */
interface Pair {
  a: Run;
  b: Run;
  threshold: number;
  allowanceS: number;
}

interface Destinations {
  ips: Set<string>;
  macs: Set<string>;
}

interface Episode {
  key: string;
  router: VirtualRouter;
  members: Map<string, Speaker>;
  runs: Set<Run>;
  start: number;
  end: number;
  open: boolean;
  allowanceS: number;
  lastReport: number;
  /** Earlier, already closed overlaps of the same speakers. */
  previous: number;
  previousDurationS: number;
  /** The member that advertised last, and the latest advert of any other member: both proven master until `second`. */
  latest: Run | null;
  second: number;
  /** Evidence of members that joined since the last report. */
  pendingFrames: number[];
}

interface RouterRuns {
  router: VirtualRouter;
  /** Creation order: a tick handles routers in this order, as a walk over all of them would. */
  order: number;
  /** By the model's speaker object (one per router and id). */
  runs: Map<Speaker, Run>;
  /** Pairs by threshold (binary min-heap). */
  due: Pair[];
  /** The highest-ranked run seen claiming: what a thinned lower master is held through (see heldThrough). */
  top: Run | null;
  /** Speakers not compared because MAX_RUNS runs were open. */
  untracked: Set<string>;
  /** The last tick that listed this router to visit (each router once per tick). */
  visitTick: number;
}

export const splitBrain = defineRule({
  meta: {
    id: 'split-brain',
    defaultSeverity: 'error',
    summary: 'Two or more speakers with overlapping VIPs advertise as master at once for longer than the convergence allowance.',
  },
  create(ctx) {
    const clock = new CaptureClock();
    /** By the model's router object (one per key): no key string hashed per advert. */
    const routers = new Map<VirtualRouter, RouterRuns>();
    const destinations = new Map<string, Destinations>();
    /** Every episode by key (closed ones too, to count recurrences). */
    const episodes = new Map<string, Episode>();
    const openEpisodes = new Set<Episode>();
    /**
     * Pruning only changes a router holding a run that no longer claims (resigned, or silent past its
     * Master_Down_Interval): ticks prune those, not all routers (issue #10). Each run has one entry, due at the moment
     * it stops claiming as of its latest advert; a later advert moves that moment, and the entry is moved when it comes
     * up rather than on every advert. A router stays listed while a run of it is held through or not yet removed.
     */
    const claimEnds = new MinHeap<{ at: number; st: RouterRuns; run: Run }>((e) => e.at);
    const toPrune = new Set<RouterRuns>();
    /** Pair thresholds of every router: ticks look only at routers with a pair due (entries may be stale: harmless). */
    const dueRouters = new MinHeap<{ at: number; st: RouterRuns }>((e) => e.at);
    /** The routers a tick visits, one reused list (a Set and a sorted copy per tick were garbage, issue #10). */
    const visit: RouterRuns[] = [];
    let ticks = 0;

    function toVisit(st: RouterRuns): void {
      if (st.visitTick === ticks) return;
      st.visitTick = ticks;
      visit.push(st);
    }

    function claimEndOf(run: Run): number {
      return run.lastTs + masterSilenceMs(run.speaker) / 1000;
    }

    function scheduleClaimEnd(st: RouterRuns, run: Run): void {
      const at = claimEndOf(run);
      // An earlier entry comes up first and is moved then; only an earlier moment (shorter timers) needs a new one.
      if (run.claimEndDue !== null && run.claimEndDue <= at) return;
      run.claimEndDue = at;
      claimEnds.push({ at, st, run });
    }

    /** Routers whose runs stopped claiming by `now` (claim ends are rounded sums: a millisecond of margin). */
    function popClaimEnds(now: number): void {
      while (claimEnds.peekKey() <= now + 1e-3) {
        const entry = claimEnds.pop()!;
        const { at, st, run } = entry;
        if (run.claimEndDue !== at) continue;
        const end = claimEndOf(run);
        if (end <= now + 1e-3) {
          run.claimEndDue = null;
          toPrune.add(st);
        } else {
          // The popped entry moves to the new moment (it is out of the heap): no new object per reschedule.
          run.claimEndDue = end;
          entry.at = end;
          claimEnds.push(entry);
        }
      }
    }

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
    function heldThrough(st: RouterRuns, run: Run, now: number): boolean {
      if (run.resigned) return false;
      const other = run.episode?.latest !== run && run.episode?.latest ? run.episode.latest : st.top;
      if (!other || other === run || !claiming(other, now) || other.start > run.lastTs) return false;
      if (!outranks(other.speaker, run.speaker) || !vipsOverlap(other.speaker.vips, run.speaker.vips)) return false;
      return now - run.lastTs <= 2 * allowanceOf([other.speaker, run.speaker]);
    }

    function alive(st: RouterRuns, run: Run, now: number): boolean {
      return claiming(run, now) || heldThrough(st, run, now);
    }

    function recordDestination(router: VirtualRouter, speaker: Speaker, frame: FrameInfo): void {
      // The model marks a speaker unicast from this very advert's destination: multicast adverts cost nothing here.
      if (!speaker.unicast) return;
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

    /** A new run: pair it with every other live run of its cluster. */
    function pairNewRun(st: RouterRuns, run: Run, now: number): void {
      for (const other of st.runs.values()) {
        if (other === run || !alive(st, other, now) || !vipsOverlap(other.speaker.vips, run.speaker.vips)) continue;
        splitBrainWork.pairChecks += 1;
        const allowanceS = allowanceOf([run.speaker, other.speaker]);
        const threshold = Math.max(run.start, other.start) + allowanceS;
        heapPush(st.due, { a: run, b: other, threshold, allowanceS });
        dueRouters.push({ at: threshold, st });
      }
    }

    function current(st: RouterRuns, run: Run): boolean {
      return st.runs.get(run.speaker) === run && !run.resigned;
    }

    /** A pair whose threshold passed: qualifies if both advertised after it, else waits for the one that did not. */
    function check(st: RouterRuns, p: Pair): void {
      splitBrainWork.pairChecks += 1;
      if (!current(st, p.a) || !current(st, p.b)) return;
      if (p.a.lastTs > p.threshold && p.b.lastTs > p.threshold) qualify(st, p, Math.min(p.a.lastTs, p.b.lastTs));
      else {
        const late = p.a.lastTs > p.threshold ? p.b : p.a;
        if (late.waiting === NO_PAIRS) late.waiting = [p];
        else late.waiting.push(p);
      }
    }

    function processDue(st: RouterRuns, now: number): void {
      while (st.due.length > 0 && st.due[0]!.threshold < now) check(st, heapPop(st.due)!);
    }

    function qualify(st: RouterRuns, p: Pair, end: number): void {
      const router = st.router;
      let episode = p.a.episode ?? p.b.episode;
      const other = p.a.episode && p.b.episode && p.a.episode !== p.b.episode ? p.b.episode : null;
      const start = Math.max(p.a.start, p.b.start);
      if (!episode) {
        const key = `${router.key}|${[p.a.speaker.id, p.b.speaker.id].sort().join(',')}`;
        const earlier = episodes.get(key);
        episode = {
          key,
          router,
          members: new Map(),
          runs: new Set(),
          start,
          end,
          open: true,
          allowanceS: p.allowanceS,
          lastReport: Number.NEGATIVE_INFINITY,
          previous: earlier ? earlier.previous + 1 : 0,
          previousDurationS: earlier ? earlier.previousDurationS + (earlier.end - earlier.start) : 0,
          latest: null,
          second: end,
          pendingFrames: [],
        };
        episodes.set(key, episode);
        openEpisodes.add(episode);
      }
      const added: number[] = [];
      const join = (run: Run, since: number): void => {
        if (episode!.runs.has(run)) return;
        episode!.runs.add(run);
        episode!.members.set(run.speaker.id, run.speaker);
        run.episode = episode!;
        added.push(firstFrameSince(run, since), run.lastFrame);
      };
      if (other) {
        // Two overlaps of one router joined by this pair: one episode from now on.
        for (const run of other.runs) join(run, other.start);
        episode.start = Math.min(episode.start, other.start);
        openEpisodes.delete(other);
        other.open = false;
      }
      join(p.a, start);
      join(p.b, start);
      episode.start = Math.min(episode.start, start);
      episode.end = Math.max(episode.end, end);
      episode.allowanceS = Math.max(episode.allowanceS, p.allowanceS);
      const isNew = episode.lastReport === Number.NEGATIVE_INFINITY;
      episode.pendingFrames.push(...added);
      // Members joining one by one (many speakers) refresh the finding at most once per REFRESH_S.
      if (isNew || (added.length > 0 && episode.end - episode.lastReport >= REFRESH_S)) report(episode, isNew ? episode.start : episode.end, [], 'ongoing');
    }

    /** An advert of an episode member: both it and the previous advertiser are proven master until the earlier of the two. */
    function memberAdvert(episode: Episode, run: Run): void {
      if (episode.latest !== run) {
        if (episode.latest) episode.second = episode.latest.lastTs;
        episode.latest = run;
      }
      if (episode.second > episode.end) episode.end = episode.second;
      if (episode.end - episode.lastReport >= REFRESH_S) report(episode, episode.end, [], 'ongoing');
    }

    function closeEpisode(episode: Episode): void {
      openEpisodes.delete(episode);
      episode.open = false;
      report(episode, episode.end, [...episode.runs].map((r) => r.lastFrame), 'ended');
      ctx.close(episode.key, episode.end);
      for (const run of episode.runs) if (run.episode === episode) run.episode = null;
    }

    /** Runs that ended (resigned, or silent beyond what holds them) are forgotten; an episode with one master left ends. */
    function prune(st: RouterRuns, now: number): void {
      for (const [speaker, run] of st.runs) {
        if (alive(st, run, now)) continue;
        st.runs.delete(speaker);
        if (st.top === run) st.top = null;
      }
      if (st.top === null || !claiming(st.top, now)) {
        st.top = null;
        for (const run of st.runs.values()) if (claiming(run, now) && (!st.top || outranks(run.speaker, st.top.speaker))) st.top = run;
      }
    }

    function settleEpisodes(now: number): void {
      for (const episode of [...openEpisodes]) {
        const st = routers.get(episode.router);
        let live = 0;
        for (const run of episode.runs) if (st && current(st, run) && alive(st, run, now)) live += 1;
        if (live < 2) closeEpisode(episode);
      }
    }

    function report(episode: Episode, ts: number, frames: number[], state: 'ongoing' | 'ended' | 'capture-end'): void {
      episode.lastReport = ts;
      if (episode.pendingFrames.length > 0) {
        frames = [...episode.pendingFrames, ...frames];
        episode.pendingFrames = [];
      }
      const untracked = routers.get(episode.router)?.untracked.size ?? 0;
      reportEpisode(ctx, episode, clock, destinations, ts, frames, state, untracked);
    }

    function stateOf(router: VirtualRouter): RouterRuns {
      let st = routers.get(router);
      if (!st) {
        st = { router, order: routers.size, runs: new Map(), due: [], top: null, untracked: new Set(), visitTick: 0 };
        routers.set(router, st);
      }
      return st;
    }

    return {
      advert({ frame, router, speaker }) {
        clock.observe(frame.ts);
        const vrrp = frame.vrrp;
        if (!vrrp) return;
        recordDestination(router, speaker, frame);
        const st = stateOf(router);
        const ts = frame.ts;
        processDue(st, ts);
        const run = st.runs.get(speaker);
        if (vrrp.priority === 0) {
          if (run && !run.resigned) {
            run.resigned = true;
            run.lastTs = ts;
            run.lastFrame = frame.frame;
            // A member resigning ends the overlap now, not at its previous advert.
            if (run.episode?.open) run.episode.end = Math.max(run.episode.end, ts);
            toPrune.add(st);
          }
          return;
        }
        if (!run || !alive(st, run, ts)) {
          if (!run && st.runs.size >= MAX_RUNS) {
            st.untracked.add(speaker.id);
            return;
          }
          const fresh: Run = {
            speaker,
            start: ts,
            startFrame: frame.frame,
            recent: null,
            lastTs: ts,
            lastFrame: frame.frame,
            resigned: false,
            maxGapS: 0,
            waiting: NO_PAIRS,
            episode: null,
            claimEndDue: null,
          };
          if (run?.episode?.runs.has(run)) run.episode.runs.delete(run);
          st.runs.set(speaker, fresh);
          if (!st.top || !claiming(st.top, ts) || outranks(speaker, st.top.speaker)) st.top = fresh;
          pairNewRun(st, fresh, ts);
          scheduleClaimEnd(st, fresh);
          return;
        }
        run.maxGapS = Math.max(run.maxGapS, ts - run.lastTs);
        run.lastTs = ts;
        run.lastFrame = frame.frame;
        if (run.recent === null) run.recent = new RecentAdverts(run.start, run.startFrame);
        run.recent.push(ts, frame.frame);
        scheduleClaimEnd(st, run);
        if (st.top !== run && (!st.top || !claiming(st.top, ts) || outranks(speaker, st.top.speaker))) st.top = run;
        if (run.waiting.length > 0) {
          const waiting = run.waiting;
          run.waiting = NO_PAIRS;
          for (const p of waiting) check(st, p);
        }
        if (run.episode?.open) memberAdvert(run.episode, run);
      },
      tick(now) {
        clock.observe(now);
        // Prune decides exactly (a needless prune changes nothing).
        popClaimEnds(now);
        // Only routers with a pair due or a run to prune can change; each router's work touches no other router.
        ticks += 1;
        for (const st of toPrune) toVisit(st);
        while (dueRouters.peekKey() < now) toVisit(dueRouters.pop()!.st);
        if (!inOrder(visit)) visit.sort((a, b) => a.order - b.order);
        for (const st of visit) {
          processDue(st, now);
          if (!toPrune.has(st)) continue;
          prune(st, now);
          let allClaiming = true;
          for (const run of st.runs.values()) if (!claiming(run, now)) allClaiming = false;
          if (allClaiming) toPrune.delete(st);
        }
        visit.length = 0;
        if (openEpisodes.size > 0) settleEpisodes(now);
      },
      end(now) {
        // Speakers still master at the end (within their Master_Down_Interval and usual gap) overlap until the end:
        // pairs still due or waiting qualify if that overlap exceeds their allowance.
        for (const st of routers.values()) {
          const pending = [...st.due, ...[...st.runs.values()].flatMap((r) => r.waiting)];
          st.due = [];
          for (const run of st.runs.values()) run.waiting = NO_PAIRS;
          for (const p of pending) {
            if (!current(st, p.a) || !current(st, p.b)) continue;
            const end = Math.min(claimEnd(p.a, now), claimEnd(p.b, now));
            if (end > p.threshold) qualify(st, p, end);
          }
        }
        for (const episode of [...openEpisodes]) {
          const runs = [...episode.runs];
          const still = runs.filter((r) => masterAtEnd(r, now));
          const lastFrames = runs.map((r) => r.lastFrame);
          if (still.length >= 2) {
            episode.end = Math.max(episode.end, now);
            report(episode, episode.end, lastFrames, 'capture-end');
          } else {
            // Only one master was left when the capture stopped: the overlap ended at the other's last advert.
            closeEpisode(episode);
          }
        }
      },
    };

    /**
     * Still master at the capture's end: by the RFC a master is master until priority 0 or a Master_Down_Interval of
     * silence, and its silence at the end is no longer than the gaps it already showed (half an interval of jitter
     * allowed). A master that yielded stops advertising: its silence soon exceeds its usual gap.
     */
    function masterAtEnd(run: Run, now: number): boolean {
      return claiming(run, now) && now - run.lastTs <= Math.max(run.maxGapS, 1.5 * (run.speaker.intervalMs / 1000));
    }

    /** Where a run's proven claim ends at the capture's end: its latest advert, or the end while it is still master. */
    function claimEnd(run: Run, now: number): number {
      return masterAtEnd(run, now) ? now : run.lastTs;
    }
  },
});

function heapPush(heap: Pair[], p: Pair): void {
  heap.push(p);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.threshold <= p.threshold) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = p;
}

function heapPop(heap: Pair[]): Pair | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || last === undefined) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = -1;
    let best = last.threshold;
    if (l < heap.length && heap[l]!.threshold < best) {
      m = l;
      best = heap[l]!.threshold;
    }
    if (r < heap.length && heap[r]!.threshold < best) m = r;
    if (m < 0) break;
    heap[i] = heap[m]!;
    i = m;
  }
  heap[i] = last;
  return top;
}

/** The member's first advert at or after `ts` (the overlap start), or the oldest one still remembered. */
function firstFrameSince(run: Run, ts: number): number {
  if (run.start >= ts || run.recent === null) return run.startFrame;
  return run.recent.firstFrameSince(ts);
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

function reportEpisode(
  ctx: RuleContext,
  episode: Episode,
  clock: CaptureClock,
  destinations: ReadonlyMap<string, Destinations>,
  ts: number,
  frames: number[],
  state: 'ongoing' | 'ended' | 'capture-end',
  untracked: number,
): void {
  const router = episode.router;
  const members = [...episode.members.values()].sort((a, b) => (outranks(a, b) ? -1 : outranks(b, a) ? 1 : 0));
  const reception = ctx.vantages ? receptionCauses(ctx.vantages, router, members[0]!, members.slice(1), episode.start, episode.end) : [];
  // What other rules found and what the speakers advertise changes later: the causes, priorities, VIP lists and the
  // episode's times are taken now; the text is made from them when the finding is read (it refreshes every second).
  const causes = likelyCauses(ctx, members, router, destinations, reception);
  const priorities = members.map((s) => s.lastPriority);
  const vipLists = members.map((s) => s.vips);
  const { start, end, previous, previousDurationS, allowanceS } = episode;
  ctx.report({
    key: episode.key,
    router,
    ts,
    frames,
    render: () => {
      const winner = members[0]!;
      const why =
        priorities.length > 1 && priorities[1] === priorities[0] ? `equal priority ${priorities[0]}, higher primary IP` : 'highest priority';
      const masters = members.map((s, i) => `${s.ip} (${s.mac}, priority ${priorities[i]})`);
      const duration = end - start;
      const until =
        state === 'capture-end'
          ? `, still ongoing at end of capture (${seconds(duration)})`
          : ` to ${clock.at(end)} (${seconds(duration)}${state === 'ongoing' ? ' so far' : ''})`;
      const from = state === 'capture-end' ? clock.at(start) : clock.offset(start);
      const again =
        previous > 0 ? ` It happened ${previous} time${previous > 1 ? 's' : ''} before (${seconds(previousDurationS)} in all).` : '';
      const count = members.length === 2 ? 'Two' : `${members.length}`;
      const vips = [...new Set(vipLists.flat())];
      return {
        title: `${count} masters for VRID ${router.vrid}${router.vlan === null ? '' : ` on VLAN ${router.vlan}`}`,
        message:
          `${listText(masters)} ${members.length === 2 ? 'both' : 'all'} advertised as master of ${describeRouter(router)} ` +
          `from ${from}${until}, beyond the ${seconds(allowanceS)} a backup needs to yield; ` +
          `${winner.ip} should win (${why}).${again} ` +
          `Likely cause${causes.length > 1 ? 's' : ''}: ${causes.map((c) => c.text).join('; ')}.` +
          (untracked > 0 ? ` ${untracked} more speaker${untracked > 1 ? 's' : ''} of this router were not compared (limit of ${MAX_RUNS} concurrent masters per router).` : ''),
        subjects: { ips: members.map((s) => s.ip), macs: [...new Set(members.map((s) => s.mac))], vips },
        wiresharkFilter: `${routerAdverts(router)} && ${sourceIn(router.family, members.map((s) => s.ip))}`,
        remediation: [...new Set(causes.map((c) => c.fix))].join(' '),
      };
    },
  });
}

interface Cause {
  text: string;
  fix: string;
}

/** `Authentication mismatch` → `authentication mismatch`; acronyms (`VRRPv2 and v3`, `TTL`) stay as they are. */
function lowerFirst(text: string): string {
  const second = text.charAt(1);
  return second !== '' && second === second.toLowerCase() ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** What the capture shows that makes the speakers drop each other's adverts; "never yields" when nothing else. */
/**
 * Rules whose findings explain why speakers drop each other's adverts. split-brain names what they found (their title,
 * their fix) instead of judging the same things again.
 */
const CAUSE_RULES = [
  'auth-mismatch',
  'version-mismatch',
  'interval-mismatch',
  'checksum-variant-mismatch',
  'ttl-not-255',
  'vip-list-mismatch',
  'multiple-owners',
] as const;

/** What the capture shows that makes the speakers drop each other's adverts; "never yields" when nothing else. */
function likelyCauses(
  ctx: RuleContext,
  members: readonly Speaker[],
  router: VirtualRouter,
  destinations: ReadonlyMap<string, Destinations>,
  /** From captures of several vantage points (audit --merge): whether the losers' own captures have the winner's adverts. */
  reception: readonly Cause[],
): Cause[] {
  const causes: Cause[] = [];
  const ips = new Set(members.map((s) => s.ip));
  for (const rule of CAUSE_RULES) {
    for (const f of ctx.findingsOf(rule, router)) {
      // Only findings about these speakers (or about the router as a whole).
      const about = f.subjects.ips ?? [];
      if (about.length > 0 && !about.some((ip) => ips.has(ip))) continue;
      causes.push({ text: `${lowerFirst(f.title)} (see ${rule})`, fix: f.remediation });
    }
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

/** Whether routers are listed in creation order already (most ticks: sorting is then skipped). */
function inOrder(list: readonly RouterRuns[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]!.order > list[i]!.order) return false;
  return true;
}
