/**
 * Per virtual router (link, VLAN stack, family, VRID): speakers, who is master over time, and why it changed.
 *
 * Only masters send adverts, so the wire shows claims, not states. A master stays master until it sends priority 0 or
 * stays silent for its Master_Down_Interval (timers.ts, masterSilenceMs). Decided at the advert that proves it:
 * - a speaker that advertises after the master resigned or fell silent takes over at once (priority-zero, master-down);
 * - a speaker of the same cluster (overlapping VIPs) that outranks the master (higher priority, or equal priority and
 *   higher IP) preempts it at its first
 *   advert: the old master yields when it receives that advert (RFC 3768/5798 §6.4.3). If it does not, both stay
 *   master, which is the split-brain rule's business;
 * - a lower speaker advertising while the master still does is a challenger: it becomes master only once the master has
 *   been silent for its Master_Down_Interval (or, at the capture's end, never advertised again after it appeared).
 * The first master of a router is elected, not a failover: no transition. So is a new master whose down timer started
 * after the old master was gone (see isFirstElection).
 */
import { AUTH_SECRET, type FrameInfo } from '../../decoders/frame-info.js';
import type { TransitionReason } from '../audit-document.js';
import { familyOf, innermostVlan, isMulticastIp, linkKeyOf, routerKeyOf } from './keys.js';
import { MinHeap } from './min-heap.js';
import { masterDownIntervalMs, masterSilenceMs, skewMs } from './timers.js';
import { PeriodLog, type ActivePeriod } from './period-log.js';
import { TransitionLog } from './transition-log.js';
import type { ModelEvent, Speaker, Transition, VirtualRouter } from './types.js';

/**
 * Memory must not grow with the capture's length (issue #10): a router that changes master at every advert would
 * otherwise keep every transition and every activity period. Beyond these bounds the oldest are dropped (transitions)
 * or merged (periods), counted in `bounds()`, and the audit document says so in `input.warnings`.
 */
/** Activity periods kept per speaker for timelines; the oldest two are merged into one beyond this. */
export const MAX_ACTIVE_PERIODS = 64;
/** Transitions kept per router (the latest ones); `failovers` still counts every one. */
export const MAX_TRANSITIONS = 64;

/** What the bounds above dropped, for the document's warnings. */
export interface TrackerBounds {
  /** Routers that changed master more than MAX_TRANSITIONS times, and the transitions dropped from them. */
  routersWithDroppedTransitions: number;
  droppedTransitions: number;
  /** Speakers whose activity periods exceeded MAX_ACTIVE_PERIODS, and the merges made. */
  speakersWithMergedPeriods: number;
  mergedPeriods: number;
}

export type { ActivePeriod };

interface Challenge {
  speaker: Speaker;
  since: number;
  firstFrame: number;
  /** The master's last advert before the challenge started. */
  masterLastAtStart: number;
  masterLastFrameAtStart: number;
  masterAdvertisedAfter: boolean;
  /** Frame of the challenger's first advert after the master's latest one (null until it advertised again). */
  afterMasterFrame: number | null;
}

interface RouterState {
  router: VirtualRouter;
  /** Creation order: ticks settle routers in this order, as a walk over all of them would. */
  order: number;
  /** In the tracker's list of routers to settle at the next tick. */
  queued: boolean;
  /** VRRP version of the latest advert (in `router.versions`). */
  lastVersion: number;
  /**
   * The latest speaker per source IP: an advert's speaker is found by its IP and MAC, both cached texts from the
   * decoder, without building its `ip|mac` id (a new string to hash on every advert of a contested router).
   */
  speakerByIp: Map<string, Speaker>;
  challenge: Challenge | null;
  /**
   * The last challenge that ended, reused by the next one: contested routers start a challenge every few seconds, and
   * each lived long enough to be promoted to the old generation as garbage.
   */
  spareChallenge: Challenge | null;
  /** Per speaker, its activity periods (keyed by the speaker object: its identity hash costs no string per advert). */
  periods: Map<Speaker, PeriodLog>;
}

/** The router's challenge is over (decided or given up); its object waits for the next one. */
function endChallenge(state: RouterState): void {
  if (state.challenge === null) return;
  state.spareChallenge = state.challenge;
  state.challenge = null;
}

/** Silent for longer than its Master_Down_Interval: no longer master (nor, if it was a challenger, claiming). */
export function isSilent(speaker: Speaker, now: number): boolean {
  return (now - speaker.lastSeen) * 1000 > masterSilenceMs(speaker);
}

/** Who wins an election between two advertising speakers (RFC 5798 §6.4.3): priority, then higher primary IP. */
export function outranks(a: Speaker, b: Speaker): boolean {
  if (a.lastPriority !== b.lastPriority) return a.lastPriority > b.lastPriority;
  return compareIp(a.ip, b.ip) > 0;
}

/** Whether two VIP lists share an address; an empty list (count 0) is unknown and overlaps everything. */
export function vipsOverlap(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return a.some((vip) => b.includes(vip));
}

export function compareIp(a: string, b: string): number {
  const ka = ipSortKey(a);
  const kb = ipSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function ipSortKey(ip: string): string {
  if (!ip.includes(':')) return ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('');
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return 'z' + groups.map((g) => g.padStart(4, '0')).join('');
}

/** A speaker's moment of falling silent, as scheduled (see SilenceSchedule); one per speaker, reused. */
interface SilenceDue {
  at: number;
  speaker: Speaker;
  state: RouterState;
  /** In the heap under the key `at`; heap entries under another key, or while this is false, are stale. */
  scheduled: boolean;
}

/**
 * Ticks visit only routers where something can have changed (issue #10: with thousands of routers, walking all of
 * them every 0.1 s of capture time dominated the audit): those that received an advert since the last tick (a
 * challenger's priority-0 advert is settled at the tick) and those with a speaker whose silence passed its
 * Master_Down_Interval. Each active speaker has at most one valid entry in a min-heap by the time it falls silent;
 * entries made stale by later adverts are dropped or rescheduled when they come up. A speaker's entry is one object for
 * the whole capture (a new one per silence, and a map that grew and shrank with them, were old-generation garbage).
 */
class SilenceSchedule {
  private readonly heap = new MinHeap<SilenceDue>((due) => due.at);
  private readonly entries = new Map<Speaker, SilenceDue>();

  /** After an advert: the speaker falls silent at `at` unless it advertises again. */
  schedule(speaker: Speaker, state: RouterState): void {
    const at = speaker.lastSeen + masterSilenceMs(speaker) / 1000;
    let entry = this.entries.get(speaker);
    if (entry === undefined) {
      entry = { at, speaker, state, scheduled: false };
      this.entries.set(speaker, entry);
    }
    // A later advert moves the moment later: the entry is rescheduled when it comes up. Only an earlier moment
    // (shorter interval, higher priority) needs a heap entry of its own (the one under the old key becomes stale).
    if (entry.scheduled && entry.at <= at) return;
    entry.at = at;
    entry.scheduled = true;
    this.heap.push(entry);
  }

  /** Pops every speaker silent at `now` (isSilent decides, as a walk over all speakers would). */
  popSilent(now: number, silent: (speaker: Speaker, state: RouterState) => void): void {
    let later: SilenceDue[] | null = null;
    // Scheduled moments are rounded sums: look a millisecond ahead and let isSilent decide exactly.
    while (this.heap.peekKey() <= now + 1e-3) {
      const key = this.heap.peekKey();
      const due = this.heap.pop()!;
      if (!due.scheduled || key !== due.at) continue;
      const s = due.speaker;
      if (s.active && isSilent(s, now)) {
        due.scheduled = false;
        silent(s, due.state);
        continue;
      }
      if (!s.active) {
        due.scheduled = false;
        continue;
      }
      // Still the speaker's valid entry, moved to its new moment (popped, so no longer in the heap).
      due.at = Math.max(s.lastSeen + masterSilenceMs(s) / 1000, due.at);
      (later ??= []).push(due);
    }
    if (later !== null) for (const due of later) this.heap.push(due);
  }
}

export class RouterTracker {
  private readonly states = new Map<string, RouterState>();
  private readonly byLink = new Map<string, (RouterState | undefined)[]>();
  private readonly silences = new SilenceSchedule();
  /** Routers to settle at the next tick (each once: `queued`), kept between ticks so that a tick allocates nothing. */
  private readonly toSettle: RouterState[] = [];
  /** A speaker fell silent at a tick: its router may settle differently now. */
  private readonly onSilent = (speaker: Speaker, state: RouterState): void => {
    speaker.active = false;
    this.queueSettle(state);
  };

  routers(): IterableIterator<VirtualRouter> {
    return mapIter(this.states.values(), (s) => s.router);
  }

  router(key: string): VirtualRouter | undefined {
    return this.states.get(key)?.router;
  }

  bounds(): TrackerBounds {
    const b: TrackerBounds = { routersWithDroppedTransitions: 0, droppedTransitions: 0, speakersWithMergedPeriods: 0, mergedPeriods: 0 };
    for (const state of this.states.values()) {
      const dropped = state.router.transitions.dropped;
      if (dropped > 0) {
        b.routersWithDroppedTransitions += 1;
        b.droppedTransitions += dropped;
      }
      for (const periods of state.periods.values()) {
        if (periods.merged === 0) continue;
        b.speakersWithMergedPeriods += 1;
        b.mergedPeriods += periods.merged;
      }
    }
    return b;
  }

  /** A speaker's activity periods, oldest first (new objects: the tracker keeps them packed). */
  activePeriods(routerKey: string, speakerId: string): ActivePeriod[] {
    const state = this.states.get(routerKey);
    const speaker = state?.router.speakers.get(speakerId);
    const periods = speaker === undefined ? undefined : state?.periods.get(speaker);
    return periods ? periods.toArray() : [];
  }

  /** Absorbs one advert; returns what happened, in order. */
  advert(frame: FrameInfo, out: ModelEvent[]): void {
    const vrrp = frame.vrrp;
    const ip = frame.inner?.ip ?? frame.ip;
    if (!vrrp || !ip) return;
    const ts = frame.ts;
    const family = familyOf(ip.version);
    const linkKey = linkKeyOf(frame);
    // Routers by link, then by a slot per family and VRID: no key string is built for an advert of a known router.
    let slots = this.byLink.get(linkKey);
    if (!slots) {
      slots = [];
      this.byLink.set(linkKey, slots);
    }
    const slot = vrrp.vrid + (family === 'ipv6' ? 256 : 0);
    let state = slots[slot];
    const newRouter = state === undefined;
    if (!state) {
      const key = routerKeyOf(linkKey, family, vrrp.vrid);
      state = {
        order: this.states.size,
        queued: false,
        lastVersion: -1,
        router: {
          key,
          linkKey,
          iface: frame.iface,
          vlanStack: [...frame.vlan],
          vlan: innermostVlan(frame),
          family,
          vrid: vrrp.vrid,
          speakers: new Map(),
          versions: new Set(),
          master: null,
          masterSince: null,
          transitions: new TransitionLog(MAX_TRANSITIONS),
          failovers: 0,
          firstSeen: ts,
          lastSeen: ts,
        },
        challenge: null,
        spareChallenge: null,
        periods: new Map(),
        speakerByIp: new Map(),
      };
      this.states.set(key, state);
      slots[slot] = state;
    }
    const router = state.router;
    router.lastSeen = ts;
    // The set only when the version changes: an advert touches as few of the router's objects as it can (thousands
    // of routers do not stay in the CPU's cache).
    if (state.lastVersion !== vrrp.version) {
      router.versions.add(vrrp.version);
      state.lastVersion = vrrp.version;
    }

    // Before this advert counts, settle what silence since the last frame already decided.
    this.settle(state, ts, out);

    const mac = frame.ethSrc ?? '';
    let speaker = state.speakerByIp.get(ip.src);
    if (speaker === undefined || speaker.mac !== mac) {
      // Another MAC with this IP (or a new IP): only then is the id built.
      const id = `${ip.src}|${mac}`;
      speaker = router.speakers.get(id);
      if (speaker !== undefined) state.speakerByIp.set(ip.src, speaker);
    }
    const newSpeaker = speaker === undefined;
    const heardBefore = speaker !== undefined && speaker.adverts > 0;
    const wasActive = speaker !== undefined && speaker.active && !isSilent(speaker, ts);
    if (!speaker) {
      speaker = newSpeakerOf(`${ip.src}|${mac}`, ip.src, mac, frame);
      router.speakers.set(speaker.id, speaker);
      state.speakerByIp.set(ip.src, speaker);
    }
    // What the advert adds to the speaker, for rules that only act on something new (most adverts repeat the last).
    const listsBefore = speaker.vipLists.size;
    const prioritiesBefore = speaker.priorities.length;
    const versionsBefore = speaker.versions.size;
    updateSpeaker(speaker, frame, ip.ttl, ip.dst);
    this.recordPeriod(state, speaker, ts, wasActive);
    if (speaker.active) this.silences.schedule(speaker, state);
    this.queueSettle(state);

    out.push({
      kind: 'advert',
      frame,
      router,
      speaker,
      newSpeaker,
      newRouter,
      newVipList: speaker.vipLists.size !== listsBefore,
      newPriority: speaker.priorities.length !== prioritiesBefore,
      newVersion: speaker.versions.size !== versionsBefore,
    });

    if (vrrp.priority === 0) {
      // The master resigning decides a challenge now (the challenger takes over), not at the next tick.
      if (router.master === speaker) this.settle(state, ts, out);
      return;
    }
    const master = router.master;
    if (!master) {
      this.elect(state, speaker, ts);
      return;
    }
    if (master === speaker) {
      if (state.challenge) {
        state.challenge.masterAdvertisedAfter = true;
        state.challenge.afterMasterFrame = null;
      }
      return;
    }
    const resigned = master.lastPriority === 0;
    if (resigned || isSilent(master, ts)) {
      if (resigned && !heardBefore && isFirstElection(master, speaker, ts)) {
        this.elect(state, speaker, ts);
        return;
      }
      this.commit(state, speaker, ts, frame.frame, resigned ? 'priority-zero' : 'master-down', master.lastSeen, master.lastFrame, out);
      return;
    }
    // Speakers with disjoint VIPs are unrelated clusters sharing the VRID (vrid-collision): neither preempts the other.
    if (outranks(speaker, master) && vipsOverlap(speaker.vips, master.vips)) {
      this.commit(state, speaker, ts, frame.frame, 'preempt', master.lastSeen, master.lastFrame, out);
      return;
    }
    if (state.challenge?.speaker === speaker) {
      state.challenge.afterMasterFrame ??= frame.frame;
      return;
    }
    if (!state.challenge || state.challenge.speaker !== speaker) {
      if (!state.challenge || isSilent(state.challenge.speaker, ts)) {
        const c = state.challenge ?? state.spareChallenge;
        state.spareChallenge = null;
        if (c === null) {
          state.challenge = {
            speaker,
            since: ts,
            firstFrame: frame.frame,
            masterLastAtStart: master.lastSeen,
            masterLastFrameAtStart: master.lastFrame,
            masterAdvertisedAfter: false,
            afterMasterFrame: frame.frame,
          };
        } else {
          c.speaker = speaker;
          c.since = ts;
          c.firstFrame = frame.frame;
          c.masterLastAtStart = master.lastSeen;
          c.masterLastFrameAtStart = master.lastFrame;
          c.masterAdvertisedAfter = false;
          c.afterMasterFrame = frame.frame;
          state.challenge = c;
        }
      }
    }
  }

  /** Capture-time clock moved to `now`: commit challenges the silence of the old master decided. */
  tick(now: number, out: ModelEvent[]): void {
    // Speakers fall silent here, on the clock (every 0.1 s of capture time), not on every advert: an advert's cost
    // must not grow with the number of speakers. Only routers where an advert came or a speaker fell silent can settle
    // differently than at their last advert.
    this.silences.popSilent(now, this.onSilent);
    const states = this.toSettle;
    if (states.length === 0) return;
    if (!inOrder(states)) states.sort((a, b) => a.order - b.order);
    for (const state of states) {
      state.queued = false;
      this.settle(state, now, out);
    }
    states.length = 0;
  }

  private queueSettle(state: RouterState): void {
    if (state.queued) return;
    state.queued = true;
    this.toSettle.push(state);
  }

  /**
   * End of input: a challenger that kept advertising while the old master never advertised again after it appeared has
   * taken over, even if the capture ended before the old master's silence reached the threshold.
   */
  finish(now: number, out: ModelEvent[]): void {
    for (const state of this.states.values()) {
      this.settle(state, now, out);
      const challenge = state.challenge;
      const master = state.router.master;
      if (!challenge || !master || challenge.masterAdvertisedAfter) continue;
      const challenger = challenge.speaker;
      if (challenger.lastPriority === 0 || isSilent(challenger, now) || challenger.lastSeen <= challenge.since) continue;
      const reason: TransitionReason = outranks(challenger, master) ? 'preempt' : 'master-down';
      this.commit(state, challenger, challenge.since, challenge.firstFrame, reason, challenge.masterLastAtStart, challenge.masterLastFrameAtStart, out);
    }
  }

  private settle(state: RouterState, now: number, out: ModelEvent[]): void {
    const router = state.router;
    const challenge = state.challenge;
    const master = router.master;
    if (!challenge || !master) return;
    const challenger = challenge.speaker;
    if (challenger.lastPriority === 0 || isSilent(challenger, now)) {
      endChallenge(state);
      return;
    }
    if (master.lastPriority !== 0 && !isSilent(master, now)) return;
    let reason: TransitionReason;
    const wins = outranks(challenger, master);
    if (master.lastPriority === 0 && master.lastSeen >= challenge.since) reason = 'priority-zero';
    else if (wins) reason = 'preempt';
    else reason = 'master-down';
    if (reason === 'preempt' || !challenge.masterAdvertisedAfter) {
      this.commit(state, challenger, challenge.since, challenge.firstFrame, reason, challenge.masterLastAtStart, challenge.masterLastFrameAtStart, out);
      return;
    }
    // Both advertised for a while (a split-brain, or a resignation mid-overlap): the master changed when the old one
    // stopped, not when the other started; no takeover gap exists to measure. The evidence: the old master's last
    // advert and the challenger's first one after it.
    const after = challenge.afterMasterFrame ?? challenger.lastFrame;
    this.commit(state, challenger, master.lastSeen, after, reason, master.lastSeen, master.lastFrame, out, false);
  }

  /** A master without a failover: nobody was master when its down timer ran. */
  private elect(state: RouterState, speaker: Speaker, ts: number): void {
    endChallenge(state);
    state.router.master = speaker;
    state.router.masterSince = ts;
  }

  private commit(
    state: RouterState,
    to: Speaker,
    ts: number,
    toFrame: number,
    reason: TransitionReason,
    fromLastTs: number,
    fromLastFrame: number,
    out: ModelEvent[],
    measured = true,
  ): void {
    const router = state.router;
    const from = router.master;
    endChallenge(state);
    const gapMs = from && measured ? Math.round((ts - fromLastTs) * 1000) : null;
    const interval = to.version === 3 && from ? from.intervalMs : to.intervalMs;
    let expectedGapMs: number | null = null;
    if (measured && reason === 'priority-zero') expectedGapMs = Math.round(skewMs(to.version, to.lastPriority, interval));
    else if (measured && reason === 'master-down') expectedGapMs = Math.round(masterDownIntervalMs(to.version, to.lastPriority, interval));
    const transition: Transition = {
      ts,
      from,
      to,
      reason,
      gapMs: gapMs !== null && gapMs < 0 ? 0 : gapMs,
      expectedGapMs,
      frames: from ? [fromLastFrame, toFrame] : [toFrame],
    };
    router.master = to;
    router.masterSince = ts;
    router.transitions.push(transition);
    router.failovers += 1;
    out.push({ kind: 'master-change', router, transition });
  }

  /** Runs of consecutive adverts with one priority (RouterDoc activeIntervals); priority-0 adverts are runs of their own. */
  private recordPeriod(state: RouterState, speaker: Speaker, ts: number, wasActive: boolean): void {
    let periods = state.periods.get(speaker);
    if (!periods) {
      periods = new PeriodLog(MAX_ACTIVE_PERIODS);
      state.periods.set(speaker, periods);
    }
    const hasLast = periods.length > 0;
    const lastPriority = hasLast ? periods.lastPriority() : 0;
    if (speaker.lastPriority > 0 && wasActive && hasLast && lastPriority === speaker.lastPriority) {
      periods.extend(ts);
      return;
    }
    // A priority change while the adverts continue starts the new run where the old one ended: no silence between them.
    const continues = wasActive && hasLast && lastPriority > 0 && speaker.lastPriority > 0;
    periods.push(continues ? periods.lastEnd() : ts, ts, speaker.lastPriority);
  }

}

/**
 * After a priority-0 advert a listening backup takes over within Skew_Time, or within its Master_Down_Interval if it
 * missed that advert. A speaker never heard before whose first advert comes later still (plus one interval of jitter)
 * was not listening when the master resigned: it came up afterwards, alone, and won its own first election; not a
 * failover, and not a slow one. (After a silent master the same delay stays a slow takeover: a crashed master's
 * backup that is late is what slow-takeover is for.)
 */
function isFirstElection(oldMaster: Speaker, speaker: Speaker, ts: number): boolean {
  const latestListeningTakeoverMs = masterDownIntervalMs(speaker.version, speaker.lastPriority, speaker.intervalMs) + speaker.intervalMs;
  return (ts - oldMaster.lastSeen) * 1000 > latestListeningTakeoverMs;
}

function newSpeakerOf(id: string, ip: string, mac: string, frame: FrameInfo): Speaker {
  return {
    id,
    ip,
    mac,
    priorities: [],
    lastPriority: 0,
    adverts: 0,
    firstSeen: frame.ts,
    lastSeen: frame.ts,
    firstFrame: frame.frame,
    lastFrame: frame.frame,
    checksumVariant: null,
    version: 0,
    versions: new Set(),
    intervalMs: 0,
    advertisedIntervalMs: 0,
    vips: [],
    vipList: '',
    vipLists: new Set(),
    ttls: new Set(),
    unicast: false,
    authType: undefined,
    authSecret: undefined,
    active: false,
  };
}

function updateSpeaker(s: Speaker, frame: FrameInfo, ttl: number, dst: string): void {
  const v = frame.vrrp;
  if (!v) return;
  s.adverts += 1;
  s.lastSeen = frame.ts;
  s.lastFrame = frame.frame;
  if (!s.priorities.includes(v.priority)) s.priorities.push(v.priority);
  s.lastPriority = v.priority;
  s.active = v.priority > 0;
  if (v.checksumVariant) {
    s.checksumVariant = v.checksumVariant;
  }
  s.version = v.version;
  s.versions.add(v.version);
  if (v.intervalMs > 0 || s.intervalMs === 0) s.intervalMs = v.intervalMs > 0 ? v.intervalMs : 1000;
  s.advertisedIntervalMs = v.intervalMs;
  updateVips(s, v.addresses);
  s.ttls.add(ttl);
  s.unicast = !isMulticastIp(dst);
  s.authType = v.authType;
  // The decoder makes a new text per advert: keeping the equal one the speaker holds lets the new one die young
  // instead of being promoted with the speaker (about 90 bytes of old-generation garbage per advert).
  const secret = v[AUTH_SECRET];
  if (secret !== s.authSecret) s.authSecret = secret;
}

/**
 * Most adverts repeat their speaker's VIP list: then `vips` keeps its array and `vipList` its key, so that nothing is
 * sorted or joined per advert and rules can tell a changed list by reference. An advert without addresses leaves
 * `vips` as it was (the count may be 0 in a malformed advert) but is a list of its own in `vipLists`.
 */
function updateVips(s: Speaker, addresses: string[]): void {
  if (addresses.length === 0) s.vipList = '';
  else if (!sameStrings(addresses, s.vips)) {
    s.vips = addresses;
    s.vipList = sortedListKey(addresses);
  } else if (s.vipList === '') s.vipList = sortedListKey(s.vips);
  s.vipLists.add(s.vipList);
}

function sortedListKey(addresses: readonly string[]): string {
  return [...addresses].sort().join(',');
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Routers queued for a tick are mostly one or two, often already in creation order: then nothing is sorted. */
function inOrder(states: readonly RouterState[]): boolean {
  for (let i = 1; i < states.length; i++) if (states[i - 1]!.order > states[i]!.order) return false;
  return true;
}

function* mapIter<A, B>(it: Iterable<A>, f: (a: A) => B): IterableIterator<B> {
  for (const a of it) yield f(a);
}
