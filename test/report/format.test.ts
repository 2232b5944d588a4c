import { describe, expect, it } from 'vitest';
import {
  countBySeverity,
  formatClock,
  formatDuration,
  formatFrameList,
  formatOffset,
  formatRange,
  formatSpeaker,
  formatTimestamp,
  formatVlan,
  routerTitle,
  severityCount,
} from '../../src/report/format.js';
import { splitBrain, vlanTagged } from './samples.js';

describe('report formatting', () => {
  it('formats durations for people', () => {
    expect(formatDuration(0.61)).toBe('610 ms');
    expect(formatDuration(16.5)).toBe('16.5 s');
    expect(formatDuration(30)).toBe('30 s');
    expect(formatDuration(125)).toBe('2 min 05 s');
    expect(formatDuration(3725)).toBe('1 h 02 min');
    expect(formatDuration(-1)).toBe('?');
  });

  it('formats capture times in UTC with milliseconds', () => {
    expect(formatClock(1764098262.079837)).toBe('19:17:42.080');
    expect(formatTimestamp(1764098262.08)).toBe('2025-11-25 19:17:42.080 UTC');
    expect(formatRange(1764098258, 1764098274.5)).toBe('2025-11-25 19:17:38.000 → 19:17:54.500 UTC');
    // A capture may claim any 64-bit time: shown as out of range, never thrown.
    expect(formatClock(2 ** 63 / 1e6)).toBe('out-of-range');
    expect(formatTimestamp(2 ** 64 / 1e6)).toBe('out-of-range');
    expect(formatRange(1764098258, 2 ** 64 / 1e6)).toBe('2025-11-25 19:17:38.000 → out-of-range');
    expect(formatRange(2 ** 64 / 1e6, 1764098258)).toBe('out-of-range → 2025-11-25 19:17:38.000 UTC');
    expect(formatRange(1764098258, 1764098258 + 86400)).toBe('2025-11-25 19:17:38.000 → 2025-11-26 19:17:38.000 UTC');
  });

  it('formats axis offsets', () => {
    expect(formatOffset(0)).toBe('0s');
    expect(formatOffset(2.5)).toBe('2.5s');
    expect(formatOffset(0.2)).toBe('0.2s');
    expect(formatOffset(120)).toBe('2m');
    expect(formatOffset(150)).toBe('2m30s');
    expect(formatOffset(3900)).toBe('1h05m');
  });

  it('lists evidence frames and how many more were counted', () => {
    expect(formatFrameList([30, 31, 36], 28)).toBe('30, 31, 36 … (+25 more)');
    expect(formatFrameList([41, 87, 133], 3)).toBe('41, 87, 133');
    expect(formatFrameList([1, 2, 3, 4, 5], 5, 2)).toBe('1, 2 … (+3 more)');
    expect(formatFrameList([], 0)).toBe('none');
  });

  it('names speakers, VLANs and routers', () => {
    // The current priority first, the history apart: a resignation must not read as `105→0` (issue #8 item 8).
    const speaker = splitBrain.routers[0]!.speakers[0]!;
    const { activeIntervals: _runs, ...withoutRuns } = speaker;
    expect(formatSpeaker({ ...withoutRuns, priorities: [105, 0] })).toBe('192.0.2.11 0 (earlier 105)');
    const runs = [
      { start: 0, end: 5, priority: 150 },
      { start: 6, end: 6, priority: 0 },
      { start: 9, end: 12, priority: 150 },
    ];
    expect(formatSpeaker({ ...speaker, priorities: [150, 0], activeIntervals: runs })).toBe('192.0.2.11 150 (earlier 0)');
    expect(formatSpeaker({ ...speaker, priorities: [150], activeIntervals: runs.slice(0, 1) })).toBe('192.0.2.11 150');
    expect(vlanTagged.routers.map(formatVlan)).toEqual(['100', '200', '300.20']);
    expect(routerTitle(splitBrain.routers[0]!)).toBe('VRID 51 · IPv4 · untagged');
    expect(routerTitle(vlanTagged.routers[2]!)).toBe('VRID 10 · IPv4 · VLAN 300.20');
  });

  it('counts findings by severity', () => {
    expect(countBySeverity(splitBrain.findings)).toEqual({ error: 1, warning: 1, info: 1 });
    expect(severityCount(0, 'warning')).toBe('0 warnings');
    expect(severityCount(2, 'info')).toBe('2 info');
    expect(severityCount(1, 'error')).toBe('1 error');
  });
});
