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
    sink.report(meta, input({ ts: 10, frames: [3] }));
    sink.report(meta, input({ ts: 12, frames: [5], message: 'M2' }));
    sink.report(meta, input({ ts: 9, frames: [2], message: 'M2' }));
    const [f, ...rest] = sink.list();
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ rule: 'demo-rule', severity: 'warning', message: 'M2', firstTs: 9, lastTs: 12, frames: [2, 3, 5], frameCount: 3 });
  });

  it('keeps the first evidence frames and counts all of them once', () => {
    const sink = new FindingSink({ ...DEFAULT_ANALYSIS_OPTIONS, maxEvidenceFrames: 3 });
    for (let n = 1; n <= 10; n++) sink.report(meta, input({ frames: [n, n] }));
    sink.report(meta, input({ frames: [4] }));
    const [f] = sink.list();
    expect(f?.frames).toEqual([1, 2, 3]);
    expect(f?.frameCount).toBe(10);
  });

  it("narrows the rule's filter to the evidence: every frame while all are kept, else the spans they fall in", () => {
    const sink = new FindingSink({ ...DEFAULT_ANALYSIS_OPTIONS, maxEvidenceFrames: 3 });
    sink.report(meta, input({ frames: [4], wiresharkFilter: 'vrrp || arp' }));
    sink.addEvidence('demo-rule', 'k', 5, 11);
    expect(sink.list()[0]?.wiresharkFilter).toBe('(vrrp || arp) && frame.number in {4..5}');
    sink.addEvidence('demo-rule', 'k', 9, 12);
    sink.addEvidence('demo-rule', 'k', 10, 13);
    expect(sink.list()[0]).toMatchObject({ frames: [4, 5, 9], frameCount: 4, lastTs: 13, wiresharkFilter: '(vrrp || arp) && frame.number in {4..10}' });
    // Closed, then open again later: a second span, so the frames between are not selected.
    sink.close('demo-rule', 'k', 14);
    sink.addEvidence('demo-rule', 'k', 15, 15); // ignored: the finding is closed
    sink.report(meta, input({ frames: [40], wiresharkFilter: 'vrrp || arp' }));
    sink.addEvidence('demo-rule', 'k', 41, 16);
    expect(sink.list()[0]).toMatchObject({ frameCount: 6, wiresharkFilter: '(vrrp || arp) && frame.number in {4..10, 40..41}' });
  });

  it('applies the user severity over the rule and the finding default', () => {
    const sink = new FindingSink({ ...DEFAULT_ANALYSIS_OPTIONS, severity: new Map([['demo-rule', 'info']]) });
    sink.report(meta, input({ severity: 'error' }));
    expect(sink.list()[0]?.severity).toBe('info');
  });

  it('sorts by severity, then time', () => {
    const sink = new FindingSink(DEFAULT_ANALYSIS_OPTIONS);
    sink.report(meta, input({ key: 'a', ts: 5 }));
    sink.report(meta, input({ key: 'b', ts: 7, severity: 'error' }));
    sink.report(meta, input({ key: 'c', ts: 1, severity: 'info' }));
    sink.report(meta, input({ key: 'd', ts: 2 }));
    expect(sink.list().map((f) => [f.severity, f.firstTs])).toEqual([
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
    sink.report(meta, input());
    sink.report(meta, input());
    expect(sink.isOpen('demo-rule', 'k')).toBe(true);
    sink.close('demo-rule', 'k', 20);
    sink.close('demo-rule', 'k', 21);
    expect(sink.isOpen('demo-rule', 'k')).toBe(false);
    sink.report(meta, input());
    expect(events).toEqual(['open demo-rule', 'close demo-rule 20', 'open demo-rule']);
  });
});
