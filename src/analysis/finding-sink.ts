/**
 * Collects what rules report: merges reports with the same (rule, key) into one finding, applies the user's severity
 * overrides, caps the evidence, and tells listeners when a finding opens or closes (live event stream).
 */
import type { FindingDoc, Severity } from './audit-document.js';
import type { AnalysisOptions } from './options.js';
import type { FindingInput, FindingText, LazyFindingInput, RuleMeta } from './rule.js';
import { allOf, frameNumbers } from './wireshark-filter.js';

/** Evidence spans kept per finding for its filter; beyond this the last span grows to cover the rest. */
const MAX_EVIDENCE_SPANS = 16;

interface FindingState {
  doc: FindingDoc;
  /** Highest evidence frame counted; `doc.frames` holds the kept ones (at most maxEvidenceFrames). */
  maxCounted: number;
  open: boolean;
  /** What the rule's filter says about the frames (fields); the sink adds which frames. */
  semanticFilter: string;
  /**
   * Runs of counted evidence frames, one per period the finding was open, flat: first, last, first, last, ... (an
   * array per run cost about 64 bytes, up to 16 runs per finding).
   */
  spans: number[];
  /** A new span starts with the next frame (the finding was closed since the last one). */
  spanClosed: boolean;
  /** The evidence changed since `doc.wiresharkFilter` was rendered. */
  filterStale: boolean;
  /**
   * The render function of the latest lazy report, not called yet (see LazyFindingInput); the rest of the report is
   * already merged, so the report itself (and its frames array) is not kept.
   */
  pendingText: LazyFindingInput['render'] | null;
}

/**
 * Rules build titles, messages and filters from template literals: V8 keeps those as trees of string pieces, several
 * times the size of the text, and a finding keeps its latest text until the end (about 1 KB per finding with thousands
 * of them, issue #10). Converting to a number flattens a string in place into one sequential string; the pieces become
 * garbage. (Remediations are not flattened: mostly fixed text around a few values, their pieces are shared.)
 */
function flat(text: string): string {
  Number(text);
  return text;
}

/** One rule's side of the sink: its findings looked up by key alone (rules report and add evidence on every advert). */
export interface RuleFindings {
  report(input: FindingInput | LazyFindingInput): void;
  /** More frames of an open finding's evidence, counted and kept like a report's, its text not rebuilt: cheap per frame. */
  addEvidence(key: string, frame: number, ts: number): void;
  close(key: string, ts: number): void;
  isOpen(key: string): boolean;
}

export interface FindingListener {
  opened?(finding: FindingDoc): void;
  closed?(finding: FindingDoc, ts: number): void;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The subjects of a finding whose lazy text is not rendered yet: one shared empty object, not one per finding. */
const NO_SUBJECTS: FindingDoc['subjects'] = Object.freeze({});

function severityRank(s: Severity): number {
  return SEVERITY_ORDER[s];
}

export class FindingSink {
  /** rule id → finding key → state; nested so that a lookup builds no key string (rules ask on every advert). */
  private readonly findings = new Map<string, Map<string, FindingState>>();

  private byKeyOf(ruleId: string): Map<string, FindingState> {
    let byKey = this.findings.get(ruleId);
    if (!byKey) {
      byKey = new Map();
      this.findings.set(ruleId, byKey);
    }
    return byKey;
  }

  /** The sink as one rule sees it (its findings' map resolved once). */
  forRule(meta: RuleMeta): RuleFindings {
    const byKey = this.byKeyOf(meta.id);
    // The user's override of this rule's severity, looked up once (options do not change during a run).
    const userSeverity = this.options.severity.get(meta.id);
    return {
      report: (input) => this.reportIn(byKey, meta, userSeverity, input),
      addEvidence: (key, frame, ts) => this.addEvidenceTo(byKey.get(key), frame, ts),
      close: (key, ts) => this.closeState(byKey.get(key), ts),
      isOpen: (key) => byKey.get(key)?.open ?? false,
    };
  }

  constructor(
    private readonly options: AnalysisOptions,
    private readonly listener: FindingListener = {},
    /**
     * False for a merged analysis of several captures (audit --merge): its frame numbers count the merged stream, not
     * any one file, so the printed filter keeps the rule's fields only and works on every capture.
     */
    private readonly narrowToFrames = true,
  ) {
    this.textNow = listener.opened !== undefined || listener.closed !== undefined;
  }

  /**
   * With a listener, lazy reports are applied at once: it (live mode's status board and metrics) keeps the findings it
   * was handed and reads their titles later, without going through the sink.
   */
  private readonly textNow: boolean;

  private reportIn(
    byKey: Map<string, FindingState>,
    meta: RuleMeta,
    userSeverity: Severity | undefined,
    input: FindingInput | LazyFindingInput,
  ): void {
    let state = byKey.get(input.key);
    const severity = userSeverity ?? input.severity ?? meta.defaultSeverity;
    const router = input.router ?? null;
    if (!state) {
      // Without a listener a lazy report stays unrendered until the finding is read (a later report may replace it
      // unseen): thousands of findings then hold their render closures, not their texts, while the capture is read.
      const lazy = 'render' in input && !this.textNow;
      const text = lazy ? null : 'render' in input ? input.render() : input;
      state = {
        doc: {
          rule: meta.id,
          severity,
          title: text ? flat(text.title) : '',
          message: text ? flat(text.message) : '',
          router: router?.key ?? null,
          vrid: router?.vrid ?? input.vrid ?? null,
          vlan: router ? router.vlan : (input.vlan ?? null),
          family: router?.family ?? input.family ?? null,
          subjects: text?.subjects ?? NO_SUBJECTS,
          firstTs: input.ts,
          lastTs: input.ts,
          frames: [],
          frameCount: 0,
          wiresharkFilter: '',
          remediation: text ? text.remediation : '',
          ...(input.config ? { config: input.config } : {}),
        },
        maxCounted: 0,
        open: true,
        semanticFilter: text ? flat(text.wiresharkFilter) : '',
        spans: [],
        spanClosed: false,
        filterStale: true,
        pendingText: lazy ? (input as LazyFindingInput).render : null,
      };
      byKey.set(input.key, state);
      if (input.frames) this.addFrames(state, input.frames);
      this.listener.opened?.(this.read(state));
      return;
    }
    const doc = state.doc;
    doc.severity = severity;
    if ('render' in input && !this.textNow) {
      // Rendered when the finding is read: a later report replaces it unseen (its subjects are always given).
      state.pendingText = input.render;
    } else if ('render' in input) {
      state.pendingText = null;
      applyText(state, input.render());
    } else {
      // Subjects an eager report leaves out keep the earlier ones: those of a lazy report not rendered yet too.
      if (state.pendingText !== null && input.subjects === undefined) applyText(state, state.pendingText());
      state.pendingText = null;
      applyText(state, input);
    }
    if (input.config) doc.config = input.config;
    doc.firstTs = Math.min(doc.firstTs, input.ts);
    doc.lastTs = Math.max(doc.lastTs, input.ts);
    if (input.frames) this.addFrames(state, input.frames);
    state.filterStale = true;
    if (!state.open) {
      state.open = true;
      this.listener.opened?.(this.read(state));
    }
  }

  private addEvidenceTo(state: FindingState | undefined, frame: number, ts: number): void {
    if (!state || !state.open || this.isKept(state, frame)) return;
    if (ts > state.doc.lastTs) state.doc.lastTs = ts;
    this.addFrame(state, frame);
    state.filterStale = true;
  }

  private closeState(state: FindingState | undefined, ts: number): void {
    if (!state || !state.open) return;
    state.open = false;
    state.spanClosed = true;
    this.listener.closed?.(this.read(state), ts);
  }

  /** Findings of one rule about one router, in the order they were first reported. */
  ofRouter(ruleId: string, routerKey: string): FindingDoc[] {
    const out: FindingDoc[] = [];
    for (const state of this.findings.get(ruleId)?.values() ?? []) if (state.doc.router === routerKey) out.push(this.read(state));
    return out;
  }

  /**
   * Findings sorted by severity, then time, then rule id (the order of the audit document), each copied only when it
   * is read: a writer of the document holds one copy at a time instead of a second set of every finding. A lazy
   * finding's text is rendered for its title here and again for its copy, and kept by neither: at the end of a long
   * capture the rendered texts of ten thousand findings (about 1 KB each) were otherwise all held at once, issue #10.
   */
  *sorted(): Generator<FindingDoc> {
    const states = [...this.findings.values()].flatMap((byKey) => [...byKey.values()]);
    const titleOf = (s: FindingState): string => (s.pendingText !== null ? s.pendingText().title : s.doc.title);
    // The texts are compared through their locale order's ranks, each distinct text collated once: with thousands of
    // findings, localeCompare inside the comparator took a few percent of an audit. Same order, ties included.
    const keyed = states.map((state) => ({ state, title: titleOf(state) }));
    const rules = localeRanks(keyed.map((k) => k.state.doc.rule));
    const routers = localeRanks(keyed.map((k) => k.state.doc.router ?? ''));
    const titles = localeRanks(keyed.map((k) => k.title));
    const ordered = keyed
      .map(({ state, title }) => ({ state, rule: rules.get(state.doc.rule)!, router: routers.get(state.doc.router ?? '')!, title: titles.get(title)! }))
      .sort(
        (a, b) =>
          severityRank(a.state.doc.severity) - severityRank(b.state.doc.severity) ||
          a.state.doc.firstTs - b.state.doc.firstTs ||
          a.rule - b.rule ||
          a.router - b.router ||
          a.title - b.title,
      );
    for (const { state } of ordered) yield this.copyOf(state);
  }

  /** What read() hands out, as a copy with its frames sorted, leaving the finding's text and filter unrendered. */
  private copyOf(state: FindingState): FindingDoc {
    const copy: FindingDoc = { ...state.doc, frames: sortedFrames(state.doc.frames) };
    let semanticFilter = state.semanticFilter;
    if (state.pendingText !== null) semanticFilter = writeText(copy, state.pendingText());
    else if (!state.filterStale) return copy;
    copy.wiresharkFilter = this.renderFilter(state, semanticFilter);
    return copy;
  }

  /**
   * Frames arrive in capture order, so counting only frames beyond the highest counted one deduplicates without
   * keeping every frame number; older frames are counted when they are new to the kept evidence.
   */
  private addFrames(state: FindingState, frames: readonly number[]): void {
    for (const f of frames) this.addFrame(state, f);
  }

  private addFrame(state: FindingState, f: number): void {
    if (this.isKept(state, f)) return;
    const kept = state.doc.frames;
    if (f > state.maxCounted) {
      state.maxCounted = f;
    } else if (kept.length >= this.options.maxEvidenceFrames) {
      return;
    }
    state.doc.frameCount += 1;
    this.extendSpans(state, f);
    if (kept.length < this.options.maxEvidenceFrames) {
      kept.push(f);
      // Full: an exact-size copy (pushing grew the array to about twice the cap; thousands of findings keep theirs).
      if (kept.length === this.options.maxEvidenceFrames) state.doc.frames = kept.slice();
    }
  }

  private extendSpans(state: FindingState, frame: number): void {
    const spans = state.spans;
    const n = spans.length;
    // The last run's first and last frame are at n - 2 and n - 1.
    if (n === 0 || (state.spanClosed && frame > spans[n - 1]!)) {
      if (n >= MAX_EVIDENCE_SPANS * 2) spans[n - 1] = Math.max(spans[n - 1]!, frame);
      // The first run as a literal: most findings have one, and a push would reserve room for 17 numbers.
      else if (n === 0) state.spans = [frame, frame];
      else spans.push(frame, frame);
      state.spanClosed = false;
      return;
    }
    // Frames arrive in capture order, except older evidence a rule recalls (an announcement before a takeover).
    if (frame > spans[n - 1]!) spans[n - 1] = frame;
    else if (frame < spans[n - 2]!) {
      let held = false;
      for (let i = 0; i < n && !held; i += 2) held = frame >= spans[i]! && frame <= spans[i + 1]!;
      if (!held) spans[0] = Math.min(spans[0]!, frame);
    }
  }

  /**
   * Evidence frames arrive in capture order, so a frame beyond the highest counted one is new; only an older frame a
   * rule recalls is looked up among the kept ones (a short list: no set per finding).
   */
  private isKept(state: FindingState, frame: number): boolean {
    return frame <= state.maxCounted && state.doc.frames.includes(frame);
  }

  /**
   * The finding as handed out (the document, a live finding event, another rule), its text rendered if the latest
   * report was lazy and its `wiresharkFilter` if the evidence changed: rules report and add evidence on every advert,
   * and building the filter text each time cost about 8% of an audit. A plain data property (not a getter) keeps
   * thousands of findings in V8's compact object layout; every way out of the sink goes through here, so no reader
   * sees a stale text or filter when it gets the finding.
   */
  private read(state: FindingState): FindingDoc {
    if (state.pendingText !== null) {
      const pending = state.pendingText;
      state.pendingText = null;
      applyText(state, pending());
      state.filterStale = true;
    }
    if (state.filterStale) {
      state.doc.wiresharkFilter = this.renderFilter(state, state.semanticFilter);
      state.filterStale = false;
    }
    return state.doc;
  }

  /**
   * The printed filter: the rule's field filter narrowed to the evidence, so that pasting it into Wireshark selects the
   * frames this finding counts and little else. Every counted frame when all are kept, else the spans they fall in.
   */
  private renderFilter(state: FindingState, semanticFilter: string): string {
    if (state.doc.frameCount === 0 || !this.narrowToFrames) return semanticFilter;
    const allKept = state.doc.frameCount === state.doc.frames.length;
    const frames = allKept
      ? frameNumbers(state.doc.frames)
      : frameSpansFilter(state.spans);
    return allOf(semanticFilter, frames);
  }
}

/** A report's text into the finding; subjects left out keep the earlier ones. */
function applyText(state: FindingState, text: FindingText): void {
  state.semanticFilter = writeText(state.doc, text);
}

/** A report's text into `doc` (the finding's or a copy of it), subjects left out keeping the earlier ones; returns its field filter. */
function writeText(doc: FindingDoc, text: FindingText): string {
  doc.title = flat(text.title);
  doc.message = flat(text.message);
  if (text.subjects) doc.subjects = text.subjects;
  doc.remediation = text.remediation;
  return flat(text.wiresharkFilter);
}

/** A sorted copy; evidence mostly arrives in capture order, and a sorted copy of a sorted list is a plain copy. */
function sortedFrames(frames: readonly number[]): number[] {
  for (let i = 1; i < frames.length; i++) if (frames[i - 1]! > frames[i]!) return [...frames].sort((a, b) => a - b);
  return frames.slice();
}

/** `spans`: first, last, first, last, ... (FindingState.spans). */
function frameSpansFilter(spans: readonly number[]): string {
  const members: string[] = [];
  for (let i = 0; i < spans.length; i += 2) members.push(spans[i] === spans[i + 1] ? String(spans[i]) : `${spans[i]}..${spans[i + 1]}`);
  return members.length === 1 && spans[0] === spans[1] ? `frame.number == ${members[0]}` : `frame.number in {${members.join(', ')}}`;
}

/** Each distinct text's rank in locale order (localeCompare); texts that collate equal share a rank. */
function localeRanks(texts: readonly string[]): Map<string, number> {
  const distinct = [...new Set(texts)].sort((a, b) => a.localeCompare(b));
  const ranks = new Map<string, number>();
  let rank = 0;
  distinct.forEach((text, i) => {
    if (i > 0 && distinct[i - 1]!.localeCompare(text) !== 0) rank += 1;
    ranks.set(text, rank);
  });
  return ranks;
}
