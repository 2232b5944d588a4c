/**
 * The rule API (ESLint-shaped): one file per rule under rules/, named after its public id, exporting a
 * RuleDefinition. Rules hold per-run state in the closure returned by `create`, read the model, and report
 * findings through the context. They never print.
 */
import type { FrameInfo } from '../decoders/frame-info.js';
import type { ConfigRefDoc, Family, FindingDoc, Severity } from './audit-document.js';
import type { ModelEvent, ModelView, Speaker, Transition, VirtualRouter } from './model/types.js';
import type { AnalysisOptions } from './options.js';
import type { ReceptionMatrix } from './vantages/reception-matrix.js';
import type { AddressClaim } from './model/address-claims.js';

export interface RuleMeta {
  /** Public id, equal to the file name and docs/rules/<id>.md. */
  id: string;
  defaultSeverity: Severity;
  /** One line for `vrrp-inspect rules`. */
  summary: string;
}

/** Where and when a finding holds: merged into the finding on every report (cheap, no text built). */
export interface FindingFacts {
  /** Identity inside the rule: reports with the same key update one finding (Zeek's notice identifier). */
  key: string;
  /** Overrides the rule's default for this finding (e.g. interval-mismatch: warning for v3). A user override wins. */
  severity?: Severity;
  router?: VirtualRouter | null;
  /** For findings not tied to a router (e.g. an RS answering ARP) but to a VLAN/family. */
  vlan?: number | null;
  family?: Family | null;
  vrid?: number | null;
  /** Capture time of this piece of evidence; extends firstTs/lastTs. */
  ts: number;
  /** Evidence frames added to the finding (deduplicated, first 20 kept, all counted). */
  frames?: readonly number[];
  /** keepalived.conf statements behind the finding (conf-* rules). */
  config?: ConfigRefDoc[];
}

/** What a finding says. */
export interface FindingText {
  title: string;
  message: string;
  subjects?: { ips?: string[]; macs?: string[]; vips?: string[] };
  /**
   * Wireshark display filter for the kind of frames this finding is about (fields only, built with
   * ../wireshark-filter.ts); the finding sink narrows it to the evidence frames when printing.
   */
  wiresharkFilter: string;
  remediation: string;
}

export interface FindingInput extends FindingFacts, FindingText {}

/**
 * A report whose text is rendered only when the finding is read (the document, a live event, another rule): rules that
 * report on every advert or master change would otherwise build the same long texts thousands of times (issue #10).
 * `render` must give what an eager report at this moment would have said: it may read only values that stay as they
 * are until the rule's next report of this key (copy the others, e.g. a speaker's latest priority, into the closure).
 * The sink keeps only the function (called without `this`: write it as an arrow function), so whatever it captures
 * stays in memory until the finding is read or reported again: capture values, not the objects that hold them.
 */
export interface LazyFindingInput extends FindingFacts {
  render(): FindingText & { subjects: NonNullable<FindingText['subjects']> };
}

export interface RuleContext {
  readonly options: AnalysisOptions;
  readonly model: ModelView;
  /** Merged captures of several vantage points (`audit --merge`): who captured which advert. Null for one capture. */
  readonly vantages: ReceptionMatrix | null;
  report(finding: FindingInput | LazyFindingInput): void;
  /** Another frame of the open finding `key`'s evidence (counted, kept up to the cap, covered by its filter). */
  addEvidence(key: string, frame: number, ts: number): void;
  /** The condition behind the finding `key` ended at `ts` (live: a `finding-closed` event). */
  close(key: string, ts: number): void;
  /** Whether a finding with this key is currently open. */
  isOpen(key: string): boolean;
  /** What another rule found about a router so far (to name it as a cause instead of judging it again). */
  findingsOf(ruleId: string, router: VirtualRouter): readonly FindingDoc[];
  /** The rule could not judge (the capture lacks what it needs); the report says so instead of staying silent. */
  cannotJudge(router: VirtualRouter | null, reason: string): void;
}

export interface RuleHandlers {
  /** A VRRP advert, after the model absorbed it. */
  advert?(ev: Extract<ModelEvent, { kind: 'advert' }>): void;
  masterChange?(router: VirtualRouter, transition: Transition): void;
  /** An ARP frame, with the address claim the model derived from it (null: it claims nothing). */
  arp?(frame: FrameInfo, linkKey: string, claim: AddressClaim | null): void;
  /** A neighbour-discovery frame, with the model's address claim (neighbour advertisements only). */
  nd?(frame: FrameInfo, linkKey: string, claim: AddressClaim | null): void;
  ipvsForward?(ev: Extract<ModelEvent, { kind: 'ipvs-forward' }>): void;
  /** Every frame the engine saw (for rules that look at CARP, VRRP errors, TTL of any frame). */
  frame?(frame: FrameInfo): void;
  /** Capture-time clock advanced to `now` (seconds). Live runs also tick from a wall-clock timer. */
  tick?(now: number): void;
  /** End of input at capture time `now`. */
  end?(now: number): void;
}

export interface RuleDefinition {
  meta: RuleMeta;
  create(ctx: RuleContext): RuleHandlers;
}

export function defineRule(rule: RuleDefinition): RuleDefinition {
  return rule;
}

export type { Speaker, Transition, VirtualRouter };
