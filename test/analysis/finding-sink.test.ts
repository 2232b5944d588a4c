import { describe, expect, it } from 'vitest';
import type { FindingDoc } from '../../src/analysis/audit-document.js';
import { FindingSink } from '../../src/analysis/finding-sink.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import type { FindingInput, FindingText, LazyFindingInput, RuleMeta } from '../../src/analysis/rule.js';

const meta: RuleMeta = { id: 'demo-rule', defaultSeverity: 'warning', summary: 'demo' };
const input = (over: Partial<FindingInput> = {}): FindingInput => ({
  key: 'k',
  title: 'T',
  message: 'M',
  ts: 10,
  frames: [1],
  wiresharkFilter: 'frame.number == 1',
  remediation: 'R',
  ...over,
});

describe('FindingSink', () => {
  it('merges reports with one key and widens the time span', () => {
    const sink = new FindingSink(DEFAULT_ANALYSIS_OPTIONS);
    const rule = sink.forRule(meta);
    rule.report(input({ ts: 10, frames: [3] }));
    rule.report(input({ ts: 12, frames: [5], message: 'M2' }));
    rule.report(input({ ts: 9, frames: [2], message: 'M2' }));
    const [f, ...rest] = [...sink.sorted()];
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ rule: 'demo-rule', severity: 'warning', message: 'M2', firstTs: 9, lastTs: 12, frames: [2, 3, 5], frameCount: 3 });
  });

  it('keeps the first evidence frames and counts all of them once', () => {
    const sink = new FindingSink({ ...DEFAULT_ANALYSIS_OPTIONS, maxEvidenceFrames: 3 });
    const rule = sink.forRule(meta);
    for (let n = 1; n <= 10; n++) rule.report(input({ frames: [n, n] }));
    rule.report(input({ frames: [4] }));
    const [f] = [...sink.sorted()];
    expect(f?.frames).toEqual([1, 2, 3]);
    expect(f?.frameCount).toBe(10);
  });

  it("narrows the rule's filter to the evidence: every frame while all are kept, else the spans they fall in", () => {
    const sink = new FindingSink({ ...DEFAULT_ANALYSIS_OPTIONS, maxEvidenceFrames: 3 });
    const rule = sink.forRule(meta);
    rule.report(input({ frames: [4], wiresharkFilter: 'vrrp || arp' }));
    rule.addEvidence('k', 5, 11);
    expect([...sink.sorted()][0]?.wiresharkFilter).toBe('(vrrp || arp) && frame.number in {4..5}');
    rule.addEvidence('k', 9, 12);
    rule.addEvidence('k', 10, 13);
    expect([...sink.sorted()][0]).toMatchObject({ frames: [4, 5, 9], frameCount: 4, lastTs: 13, wiresharkFilter: '(vrrp || arp) && frame.number in {4..10}' });
    // Closed, then open again later: a second span, so the frames between are not selected.
    rule.close('k', 14);
    rule.addEvidence('k', 15, 15); // ignored: the finding is closed
    rule.report(input({ frames: [40], wiresharkFilter: 'vrrp || arp' }));
    rule.addEvidence('k', 41, 16);
    expect([...sink.sorted()][0]).toMatchObject({ frameCount: 6, wiresharkFilter: '(vrrp || arp) && frame.number in {4..10, 40..41}' });
  });

  it('applies the user severity over the rule and the finding default', () => {
    const sink = new FindingSink({ ...DEFAULT_ANALYSIS_OPTIONS, severity: new Map([['demo-rule', 'info']]) });
    const rule = sink.forRule(meta);
    rule.report(input({ severity: 'error' }));
    expect([...sink.sorted()][0]?.severity).toBe('info');
  });

  it('sorts by severity, then time', () => {
    const sink = new FindingSink(DEFAULT_ANALYSIS_OPTIONS);
    const rule = sink.forRule(meta);
    rule.report(input({ key: 'a', ts: 5 }));
    rule.report(input({ key: 'b', ts: 7, severity: 'error' }));
    rule.report(input({ key: 'c', ts: 1, severity: 'info' }));
    rule.report(input({ key: 'd', ts: 2 }));
    expect([...sink.sorted()].map((f) => [f.severity, f.firstTs])).toEqual([
      ['error', 7],
      ['warning', 2],
      ['warning', 5],
      ['info', 1],
    ]);
  });

  it('tells listeners when a finding opens, closes and reopens', () => {
    const events: string[] = [];
    const sink = new FindingSink(DEFAULT_ANALYSIS_OPTIONS, {
      opened: (f) => events.push(`open ${f.rule}`),
      closed: (f, ts) => events.push(`close ${f.rule} ${ts}`),
    });
    const rule = sink.forRule(meta);
    rule.report(input());
    rule.report(input());
    expect(rule.isOpen('k')).toBe(true);
    rule.close('k', 20);
    rule.close('k', 21);
    expect(rule.isOpen('k')).toBe(false);
    rule.report(input());
    expect(events).toEqual(['open demo-rule', 'close demo-rule 20', 'open demo-rule']);
  });

  describe('lazy reports', () => {
    /** A lazy report whose text names `n`, counting how often the sink renders it. */
    function lazy(n: number, renders: number[], over: Partial<LazyFindingInput> = {}): LazyFindingInput {
      return {
        key: 'k',
        ts: 10 + n,
        frames: [n],
        render: (): FindingText & { subjects: NonNullable<FindingText['subjects']> } => {
          renders.push(n);
          return { title: `T${n}`, message: `M${n}`, subjects: { ips: [`192.0.2.${n}`] }, wiresharkFilter: `vrrp.prio == ${n}`, remediation: `R${n}` };
        },
        ...over,
      };
    }

    it('renders a finding only when it is read, with the latest report (no listener)', () => {
      const renders: number[] = [];
      const sink = new FindingSink(DEFAULT_ANALYSIS_OPTIONS);
      const rule = sink.forRule(meta);
      rule.report(lazy(1, renders));
      for (let n = 2; n <= 5; n++) rule.report(lazy(n, renders));
      expect(renders).toEqual([]);
      const [f] = [...sink.sorted()];
      // The document's reading renders it for its title (the order) and for its copy, and keeps neither text.
      expect(renders).toEqual([5, 5]);
      expect(f).toMatchObject({ title: 'T5', message: 'M5', subjects: { ips: ['192.0.2.5'] }, remediation: 'R5', firstTs: 11, lastTs: 15, frameCount: 5 });
      expect(f?.wiresharkFilter).toBe('vrrp.prio == 5 && frame.number in {1..5}');
      expect([...sink.sorted()]).toEqual([f]);
      expect(renders).toEqual([5, 5, 5, 5]);
      // Read any other way (another rule's findingsOf), it is rendered once and kept.
      const router = { key: 'r1', vrid: 1, vlan: null, family: 'ipv4' } as unknown as NonNullable<FindingInput['router']>;
      rule.report(lazy(6, renders, { router, key: 'k6' }));
      const [kept] = sink.ofRouter('demo-rule', 'r1');
      expect(kept).toMatchObject({ title: 'T6', message: 'M6', wiresharkFilter: 'vrrp.prio == 6 && frame.number == 6' });
      sink.ofRouter('demo-rule', 'r1');
      expect([...sink.sorted()]).toEqual([f, { ...kept }]);
      expect(renders).toEqual([5, 5, 5, 5, 6, 5, 5]);
    });

    it('lets an eager report replace a pending lazy one, and the reverse', () => {
      const renders: number[] = [];
      const sink = new FindingSink(DEFAULT_ANALYSIS_OPTIONS);
      const rule = sink.forRule(meta);
      rule.report(lazy(1, renders));
      rule.report(lazy(2, renders));
      rule.report(input({ ts: 13, frames: [3], title: 'eager', message: 'E' }));
      expect(sink.ofRouter('demo-rule', '')).toHaveLength(0);
      expect([...sink.sorted()][0]).toMatchObject({ title: 'eager', message: 'E' });
      rule.report(lazy(4, renders));
      expect([...sink.sorted()][0]).toMatchObject({ title: 'T4', message: 'M4' });
      // The eager report gives no subjects: the pending lazy one was rendered for its subjects, never the first; the
      // last one is rendered for the document's order and its copy.
      expect(renders).toEqual([2, 4, 4]);
    });

    it('keeps the subjects of a lazy report not rendered yet when an eager one leaves them out', () => {
      const renders: number[] = [];
      const sink = new FindingSink(DEFAULT_ANALYSIS_OPTIONS);
      const rule = sink.forRule(meta);
      rule.report(lazy(1, renders));
      rule.report(lazy(2, renders));
      const { subjects: _left, ...eager } = input({ ts: 13, frames: [3], title: 'eager', message: 'E' });
      rule.report(eager);
      expect([...sink.sorted()][0]).toMatchObject({ title: 'eager', message: 'E', subjects: { ips: ['192.0.2.2'] } });
      expect(renders).toEqual([2]);
    });

    it('applies every report at once for a listener, which may keep the findings it was handed (live status board)', () => {
      const renders: number[] = [];
      const held: FindingDoc[] = [];
      const sink = new FindingSink(DEFAULT_ANALYSIS_OPTIONS, { opened: (f) => held.push(f) });
      const rule = sink.forRule(meta);
      rule.report(lazy(1, renders));
      rule.report(lazy(2, renders));
      expect(renders).toEqual([1, 2]);
      expect(held).toHaveLength(1);
      expect(held[0]).toMatchObject({ title: 'T2', message: 'M2', remediation: 'R2' });
    });

    it('hands listeners and other rules the text of the latest report', () => {
      const renders: number[] = [];
      const seen: string[] = [];
      const sink = new FindingSink(DEFAULT_ANALYSIS_OPTIONS, {
        opened: (f) => seen.push(`open ${f.message}`),
        closed: (f) => seen.push(`close ${f.message}`),
      });
      const rule = sink.forRule(meta);
      const router = { key: 'r1', vrid: 1, vlan: null, family: 'ipv4' } as unknown as NonNullable<FindingInput['router']>;
      rule.report(lazy(1, renders, { router }));
      rule.report(lazy(2, renders, { router }));
      expect(sink.ofRouter('demo-rule', 'r1')[0]?.message).toBe('M2');
      rule.report(lazy(3, renders, { router }));
      rule.close('k', 20);
      rule.report(lazy(4, renders, { router }));
      expect(seen).toEqual(['open M1', 'close M3', 'open M4']);
    });
  });
});
