import { describe, expect, it } from 'vitest';
import { FindingSink } from '../../src/analysis/finding-sink.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import type { FindingInput, RuleMeta } from '../../src/analysis/rule.js';

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
});
