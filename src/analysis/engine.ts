/**
 * One pipeline for offline and live analysis: decoded frames go in, in capture order; the model absorbs each one,
 * rules react to what changed, and findings collect in the sink. Time is capture time (the largest timestamp seen),
 * so silence-based rules fire the same on a file and on the wire; live runs add wall-clock ticks.
 */
import type { FrameInfo } from '../decoders/frame-info.js';
import type { AuditDocument, InputDoc, NotJudgedDoc, RouterEventDoc, StatsDoc } from './audit-document.js';
import { auditDocumentStream, buildAuditDocument, type AuditDocumentStream, type DocumentParts, type RouterEventLog } from './build-document.js';
import { CarpGroups } from './carp-groups.js';
import { FindingSink, type FindingListener } from './finding-sink.js';
import { ipv4ToUint32 } from '../decoders/addresses.js';
import { linkKeyOf } from './model/keys.js';
import { SegmentModel } from './model/model.js';
import type { ModelEvent, Transition, VirtualRouter } from './model/types.js';
import type { AnalysisOptions } from './options.js';
import type { RuleContext, RuleDefinition, RuleHandlers } from './rule.js';
import type { ReceptionMatrix } from './vantages/reception-matrix.js';

/** Rules' tick handlers run at most this often in capture time (seconds): often enough for 2 s settle windows. */
const TICK_PERIOD_S = 0.1;

export interface EngineListener extends FindingListener {
  router?(router: VirtualRouter, ts: number): void;
  masterChange?(router: VirtualRouter, transition: Transition): void;
}

/** Handlers grouped by event kind once, so an event visits only the rules that listen for it. */
type HandlerLists = { [K in keyof RuleHandlers]-?: NonNullable<RuleHandlers[K]>[] };

function emptyHandlerLists(): HandlerLists {
  return { advert: [], masterChange: [], arp: [], nd: [], ipvsForward: [], frame: [], tick: [], end: [] };
}

export class AnalysisEngine {
  readonly model = new SegmentModel();
  /** VIPs learned from adverts, shared with the decoder so that traffic to them is decoded (IPVS). */
  readonly vips4 = new Set<number>();
  readonly vips6 = new Set<string>();
  readonly stats: Omit<StatsDoc, 'frames'> = { vrrp: 0, arp: 0, nd: 0, ipvs: 0, undecodable: 0 };
  readonly events: RouterEventLog = new Map();
  readonly eventCounts = new Map<string, number>();
  /** Rules that could not judge, once per rule, router and reason. */
  private readonly notJudged = new Map<string, NotJudgedDoc>();
  /** CARP is counted and listed apart: it never reaches the model or the VRRP rules. */
  readonly carp = new CarpGroups();
  private readonly sink: FindingSink;
  private readonly on: HandlerLists = emptyHandlerLists();
  private readonly out: ModelEvent[] = [];
  private clock = Number.NEGATIVE_INFINITY;
  private lastTick = Number.NEGATIVE_INFINITY;
  private ended = false;

  constructor(
    readonly options: AnalysisOptions,
    rules: readonly RuleDefinition[],
    private readonly listener: EngineListener = {},
    /** Merged captures only: updated with each advert before the rules see it. */
    readonly vantages: ReceptionMatrix | null = null,
  ) {
    this.sink = new FindingSink(options, listener, vantages === null);
    this.model.onNewVip = (vip) => {
      if (vip.includes(':')) this.vips6.add(vip);
      else this.vips4.add(ipv4ToUint32(vip));
    };
    for (const rule of rules) {
      if (options.disabled.has(rule.meta.id)) continue;
      const findings = this.sink.forRule(rule.meta);
      const ctx: RuleContext = {
        options,
        model: this.model,
        vantages,
        report: findings.report,
        addEvidence: findings.addEvidence,
        close: findings.close,
        isOpen: findings.isOpen,
        findingsOf: (ruleId, router) => this.sink.ofRouter(ruleId, router.key),
        cannotJudge: (router, reason) => {
          const key = `${rule.meta.id}|${router?.key ?? ''}|${reason}`;
          if (!this.notJudged.has(key)) this.notJudged.set(key, { rule: rule.meta.id, router: router?.key ?? null, reason });
        },
      };
      const handlers = rule.create(ctx);
      for (const kind of Object.keys(this.on) as (keyof RuleHandlers)[]) {
        const handler = handlers[kind];
        // Bound once here: rules may define handlers as methods that use `this`.
        if (handler) (this.on[kind] as unknown[]).push(handler.bind(handlers));
      }
    }
  }

  /** The capture-time clock (seconds); -Infinity before the first frame. */
  now(): number {
    return this.clock;
  }

  /** A frame the decoder found irrelevant still moves the clock. Cheap: no rule runs unless a tick is due. */
  advanceClock(ts: number): void {
    if (ts > this.clock) {
      this.clock = ts;
      if (ts - this.lastTick >= TICK_PERIOD_S) this.runTick(ts);
    }
  }

  push(frame: FrameInfo): void {
    this.advanceClock(frame.ts);
    if (frame.error) this.stats.undecodable += 1;
    if (frame.vrrp) this.stats.vrrp += 1;
    else if (frame.arp) this.stats.arp += 1;
    else if (frame.nd) this.stats.nd += 1;
    if (frame.carp) this.carp.observe(frame);
    if (frame.arp || frame.nd) this.addressFrame(frame);
    else {
      const out = this.out;
      out.length = 0;
      this.model.update(frame, out);
      for (const ev of out) this.dispatch(ev);
    }
    for (const handler of this.on.frame) handler(frame);
  }

  /** An ARP or ND frame: the model absorbs its address claim, the rules get the frame with it. */
  private addressFrame(frame: FrameInfo): void {
    const linkKey = linkKeyOf(frame);
    const claim = this.model.observeAddresses(frame);
    // Announcements (GARPs, unsolicited NAs) of a VIP are timeline markers of the routers advertising it.
    if (claim?.kind === 'garp') this.logClaim(linkKey, claim.ip, 'garp', claim.mac, frame);
    else if (claim?.kind === 'na' && claim.unsolicited) this.logClaim(linkKey, claim.ip, 'na', claim.mac, frame);
    for (const handler of frame.arp ? this.on.arp : this.on.nd) handler(frame, linkKey, claim);
  }

  /** Wall-clock tick from a live capture (seconds since the epoch). */
  tick(now: number): void {
    if (now > this.clock) this.clock = now;
    this.runTick(this.clock);
  }

  /** End of input: rules close what the end of the capture decides. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const now = Number.isFinite(this.clock) ? this.clock : 0;
    this.runTick(now);
    const out = this.out;
    out.length = 0;
    this.model.finish(now, out);
    for (const ev of out) this.dispatch(ev);
    for (const handler of this.on.end) handler(now);
  }

  document(input: InputDoc, stats: { frames: number }): AuditDocument {
    return buildAuditDocument(this.documentParts(input, stats));
  }

  /** The document with routers and findings made as they are read (writing a large document piece by piece). */
  documentStream(input: InputDoc, stats: { frames: number }): AuditDocumentStream {
    return auditDocumentStream(this.documentParts(input, stats));
  }

  private documentParts(input: InputDoc, stats: { frames: number }): DocumentParts {
    return {
      options: this.options,
      input,
      stats: { frames: stats.frames, ...this.stats },
      model: this.model,
      findings: this.sink.sorted(),
      events: this.events,
      eventCounts: this.eventCounts,
      notJudged: [...this.notJudged.values()],
      carp: this.carp.doc(),
    };
  }

  private runTick(now: number): void {
    this.lastTick = now;
    const out = this.out;
    out.length = 0;
    this.model.tick(now, out);
    for (const ev of out) this.dispatch(ev);
    for (const handler of this.on.tick) handler(now);
  }

  private dispatch(ev: ModelEvent): void {
    switch (ev.kind) {
      case 'advert':
        if (ev.newRouter) this.listener.router?.(ev.router, ev.frame.ts);
        if (ev.frame.vrrp?.priority === 0) {
          this.logEvent(ev.router, { ts: ev.frame.ts, kind: 'priority-zero', ip: ev.speaker.ip, mac: ev.speaker.mac, frame: ev.frame.frame });
        }
        this.vantages?.observe(ev.router, ev.speaker, ev.frame);
        for (const handler of this.on.advert) handler(ev);
        break;
      case 'master-change':
        this.listener.masterChange?.(ev.router, ev.transition);
        for (const handler of this.on.masterChange) handler(ev.router, ev.transition);
        break;
      case 'ipvs-forward':
        this.stats.ipvs += 1;
        for (const handler of this.on.ipvsForward) handler(ev);
        break;
    }
  }

  private logClaim(linkKey: string, ip: string, kind: 'garp' | 'na', mac: string, frame: FrameInfo): void {
    for (const router of this.model.routersForVip(linkKey, ip)) this.logEvent(router, { ts: frame.ts, kind, ip, mac, frame: frame.frame });
  }

  private logEvent(router: VirtualRouter, ev: RouterEventLogEntry): void {
    let list = this.events.get(router.key);
    if (!list) {
      list = [];
      this.events.set(router.key, list);
    }
    if (list.length < MAX_ROUTER_EVENTS) list.push(ev);
    this.eventCounts.set(router.key, (this.eventCounts.get(router.key) ?? 0) + 1);
  }
}

/** Markers kept per router for timelines (GARPs, NAs, priority-0 adverts). */
const MAX_ROUTER_EVENTS = 500;

type RouterEventLogEntry = RouterEventDoc;
