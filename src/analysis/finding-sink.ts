/**
 * Collects what rules report: merges reports with the same (rule, key) into one finding, applies the user's severity
 * overrides, caps the evidence, and tells listeners when a finding opens or closes (live event stream).
 */
import type { FindingDoc, Severity } from './audit-document.js';
import type { AnalysisOptions } from './options.js';
import type { FindingInput, RuleMeta } from './rule.js';

interface FindingState {
  doc: FindingDoc;
  kept: Set<number>;
  maxCounted: number;
  open: boolean;
}

export interface FindingListener {
  opened?(finding: FindingDoc): void;
  closed?(finding: FindingDoc, ts: number): void;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function severityRank(s: Severity): number {
  return SEVERITY_ORDER[s];
}

export class FindingSink {
  /** rule id → finding key → state; nested so that a lookup builds no key string (rules ask on every advert). */
  private readonly findings = new Map<string, Map<string, FindingState>>();

  private stateOf(ruleId: string, key: string): FindingState | undefined {
    return this.findings.get(ruleId)?.get(key);
  }

  constructor(
    private readonly options: AnalysisOptions,
    private readonly listener: FindingListener = {},
  ) {}

  report(meta: RuleMeta, input: FindingInput): void {
    let state = this.stateOf(meta.id, input.key);
    const severity = this.options.severity.get(meta.id) ?? input.severity ?? meta.defaultSeverity;
    const router = input.router ?? null;
    if (!state) {
      state = {
        doc: {
          rule: meta.id,
          severity,
          title: input.title,
          message: input.message,
          router: router?.key ?? null,
          vrid: router?.vrid ?? input.vrid ?? null,
          vlan: router ? router.vlan : (input.vlan ?? null),
          family: router?.family ?? input.family ?? null,
          subjects: input.subjects ?? {},
          firstTs: input.ts,
          lastTs: input.ts,
          frames: [],
          frameCount: 0,
          wiresharkFilter: input.wiresharkFilter,
          remediation: input.remediation,
        },
        kept: new Set(),
        maxCounted: 0,
        open: true,
      };
      let byKey = this.findings.get(meta.id);
      if (!byKey) {
        byKey = new Map();
        this.findings.set(meta.id, byKey);
      }
      byKey.set(input.key, state);
      this.addFrames(state, input.frames ?? []);
      this.listener.opened?.(state.doc);
      return;
    }
    const doc = state.doc;
    doc.severity = severity;
    doc.title = input.title;
    doc.message = input.message;
    if (input.subjects) doc.subjects = input.subjects;
    doc.wiresharkFilter = input.wiresharkFilter;
    doc.remediation = input.remediation;
    doc.firstTs = Math.min(doc.firstTs, input.ts);
    doc.lastTs = Math.max(doc.lastTs, input.ts);
    this.addFrames(state, input.frames ?? []);
    if (!state.open) {
      state.open = true;
      this.listener.opened?.(doc);
    }
  }

  close(ruleId: string, key: string, ts: number): void {
    const state = this.stateOf(ruleId, key);
    if (!state || !state.open) return;
    state.open = false;
    this.listener.closed?.(state.doc, ts);
  }

  isOpen(ruleId: string, key: string): boolean {
    return this.stateOf(ruleId, key)?.open ?? false;
  }

  /** Findings sorted by severity, then time, then rule id: the order of the audit document. */
  list(): FindingDoc[] {
    return [...this.findings.values()]
      .flatMap((byKey) => [...byKey.values()])
      .map((s) => ({ ...s.doc, frames: [...s.doc.frames].sort((a, b) => a - b) }))
      .sort(
        (a, b) =>
          severityRank(a.severity) - severityRank(b.severity) ||
          a.firstTs - b.firstTs ||
          a.rule.localeCompare(b.rule) ||
          (a.router ?? '').localeCompare(b.router ?? '') ||
          a.title.localeCompare(b.title),
      );
  }

  /**
   * Frames arrive in capture order, so counting only frames beyond the highest counted one deduplicates without
   * keeping every frame number; older frames are counted when they are new to the kept evidence.
   */
  private addFrames(state: FindingState, frames: readonly number[]): void {
    const cap = this.options.maxEvidenceFrames;
    for (const f of frames) {
      if (state.kept.has(f)) continue;
      if (f > state.maxCounted) {
        state.maxCounted = f;
      } else if (state.kept.size >= cap) {
        continue;
      }
      state.doc.frameCount += 1;
      if (state.kept.size < cap) {
        state.kept.add(f);
        state.doc.frames.push(f);
      }
    }
  }
}
