/**
 * Text formatting shared by the terminal and HTML reporters. Times are shown in UTC so that a report reads the same on every
 * machine (and golden tests do not depend on the time zone).
 */
import { formatIsoMicros, isoDate, isoTimeOfDay, TIME_OUT_OF_RANGE } from '../decoders/format.js';
import type { CaptureDoc, FindingDoc, RouterDoc, Severity, SpeakerDoc } from '../analysis/audit-document.js';

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export { escapeControls, quoteCaptureText } from '../decoders/format.js';

/** `1 error`, `2 warnings`, `3 info` (info is uncountable in this sense). */
export function countLabel(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

export function severityCount(n: number, severity: Severity): string {
  if (severity === 'info') return `${n} info`;
  return countLabel(n, severity);
}

export function countBySeverity(findings: readonly FindingDoc[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** `610 ms`, `16.5 s`, `2 min 05 s`, `1 h 02 min`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${trimZero(seconds.toFixed(1))} s`;
  const total = Math.round(seconds);
  if (total < 3600) return `${Math.floor(total / 60)} min ${pad2(total % 60)} s`;
  return `${Math.floor(total / 3600)} h ${pad2(Math.floor((total % 3600) / 60))} min`;
}

/** The instant rounded to the millisecond, as formatIsoMicros prints it. */
function isoMillis(ts: number): string {
  return formatIsoMicros(Math.round(ts * 1000) * 1000);
}

/** `19:17:42.080` (UTC, milliseconds); `out-of-range` for a time without a calendar date. */
export function formatClock(ts: number): string {
  const iso = isoMillis(ts);
  return iso === TIME_OUT_OF_RANGE ? iso : isoTimeOfDay(iso).slice(0, 12);
}

/** `2026-11-25 19:17:42.080 UTC`; `out-of-range` for a time without a calendar date. */
export function formatTimestamp(ts: number): string {
  const iso = isoMillis(ts);
  return iso === TIME_OUT_OF_RANGE ? iso : `${isoDate(iso)} ${isoTimeOfDay(iso).slice(0, 12)} UTC`;
}

/** A time range; the date is printed once. */
export function formatRange(first: number, last: number): string {
  const a = formatTimestamp(first);
  const sameDay = a !== TIME_OUT_OF_RANGE && isoDate(isoMillis(first)) === isoDate(isoMillis(last));
  const b = sameDay ? `${formatClock(last)} UTC` : formatTimestamp(last);
  return `${a.replace(/ UTC$/, '')} → ${b}`;
}

/** Seconds from the start of the capture for an axis label: `0s`, `2.5s`, `45s`, `2m`, `2m30s`, `1h05m`. */
export function formatOffset(seconds: number): string {
  const s = Math.round(seconds * 1000) / 1000;
  if (s < 60) return `${trimZero(s.toFixed(2))}s`;
  const whole = Math.round(s);
  if (whole < 3600) {
    const m = Math.floor(whole / 60);
    const rest = whole % 60;
    return rest === 0 ? `${m}m` : `${m}m${pad2(rest)}s`;
  }
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  return m === 0 ? `${h}h` : `${h}h${pad2(m)}m`;
}

/** `30, 31, 36 … (+25 more)`: the listed evidence frames (at most `max`) and how many more the finding counted. */
export function formatFrameList(frames: readonly number[], frameCount: number, max = 10): string {
  const shown = frames.slice(0, max);
  const more = Math.max(0, frameCount - shown.length);
  if (shown.length === 0) return more > 0 ? `${more} frames (not listed)` : 'none';
  return more > 0 ? `${shown.join(', ')} … (+${more} more)` : shown.join(', ');
}

/** The priority of the speaker's latest advert: its last activity run, else the last distinct priority seen. */
export function currentPriority(speaker: SpeakerDoc): number | undefined {
  const runs = speaker.activeIntervals;
  return runs !== undefined && runs.length > 0 ? runs[runs.length - 1]!.priority : speaker.priorities[speaker.priorities.length - 1];
}

/**
 * `192.0.2.11 150`, or with a history `192.0.2.11 0 (earlier 105)`: the current priority first, the others apart, so
 * that a resignation does not read as the current value `105→0`. `--keepalived` adds the node's name: `192.0.2.11 150 n1`.
 */
export function formatSpeaker(speaker: SpeakerDoc): string {
  const current = currentPriority(speaker);
  const earlier = current === undefined ? [] : speaker.priorities.filter((p) => p !== current);
  const base =
    current === undefined ? speaker.ip : earlier.length > 0 ? `${speaker.ip} ${current} (earlier ${earlier.join(', ')})` : `${speaker.ip} ${current}`;
  return speaker.node === undefined ? base : `${base} ${speaker.node}`;
}

/** `untagged`, `20`, `300.20` (outer first, as in the router key). */
export function formatVlan(router: Pick<RouterDoc, 'vlan' | 'vlanStack'>): string {
  if (router.vlanStack !== undefined && router.vlanStack.length > 1) return router.vlanStack.join('.');
  return router.vlan === null ? 'untagged' : String(router.vlan);
}

/** `VRID 51 · IPv4 · VLAN 20` — how a person names a virtual router. */
export function routerTitle(router: RouterDoc): string {
  const vlan = formatVlan(router);
  const parts = [`VRID ${router.vrid}`, router.family === 'ipv6' ? 'IPv6' : 'IPv4', vlan === 'untagged' ? 'untagged' : `VLAN ${vlan}`];
  if (router.iface !== 0) parts.push(`iface ${router.iface}`);
  return parts.join(' · ');
}

export function captureSpan(firstTs: number | null, lastTs: number | null): number | null {
  return firstTs === null || lastTs === null ? null : Math.max(0, lastTs - firstTs);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function trimZero(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Why an engine has no kernel drop count (yet). */
const UNKNOWN_DROPS: Record<string, string> = {
  dumpcap: 'dumpcap reports them when it stops',
  stream: 'the stream carries no interface statistics yet',
  cap: 'cap cannot count them',
};

export function unknownDropsReason(engine: string): string {
  return UNKNOWN_DROPS[engine] ?? `${engine} has not reported them`;
}

/**
 * What a live capture lost, for people: `no drops`, `12 dropped (kernel 10, vrrp-inspect 2)`, `kernel drops unknown
 * (cap cannot count them)`.
 */
export function formatCaptureDrops(capture: CaptureDoc): string {
  const tool = capture.toolDrops > 0 ? `, ${capture.toolDrops} dropped by vrrp-inspect` : '';
  if (capture.kernelDrops === null) {
    return `kernel drops unknown (${unknownDropsReason(capture.engine)})${tool}`;
  }
  const total = capture.kernelDrops + capture.toolDrops;
  if (total === 0) return 'no drops';
  return `${total} dropped (kernel ${capture.kernelDrops}${capture.toolDrops > 0 ? `, vrrp-inspect ${capture.toolDrops}` : ''})`;
}
