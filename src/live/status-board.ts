/**
 * The board `live` keeps on screen: one row per virtual router with its current master, every speaker's priority,
 * how long ago the last advert was seen, advert and failover counts; then the findings open right now. Pure: it
 * renders a LiveView into lines; live-terminal.ts decides where and how often they go.
 */
import type { FindingDoc } from '../analysis/audit-document.js';
import type { Speaker, VirtualRouter } from '../analysis/model/types.js';
import { createPalette, type Palette } from '../report/ansi.js';
import {
  countBySeverity,
  countLabel,
  formatCaptureDrops,
  formatClock,
  formatDuration,
  formatVlan,
  SEVERITY_ORDER,
  severityCount,
} from '../report/format.js';
import { renderTable } from '../report/text-table.js';
import type { LiveView } from './live-session.js';

export interface BoardOptions {
  color: boolean;
  width: number;
  /** At most this many lines (the terminal height); rows and findings beyond are summarised. */
  maxLines?: number;
}

const MAX_FINDING_LINES = 8;
const MAX_SPEAKERS = 3;

export function renderStatusBoard(view: LiveView, opts: BoardOptions): string[] {
  const p = createPalette(opts.color);
  const lines = [...headerLines(view, p)];
  if (view.routers.length === 0) {
    lines.push('', `No VRRP advertisement seen yet (${countLabel(view.frames, 'frame')} captured).`);
  } else {
    const maxRows = opts.maxLines === undefined ? view.routers.length : Math.max(1, Math.floor((opts.maxLines - 8) / 2));
    const shown = view.routers.slice(0, maxRows);
    const table = renderTable(
      ['Router', 'VIPs', 'Master', 'Speakers (priority)', 'Last advert', 'Adverts', 'Failovers'],
      shown.map((r) => routerRow(r, view.now, p)),
      opts.width,
      p,
    );
    lines.push(...table.split('\n'));
    if (shown.length < view.routers.length) lines.push(p.dim(`… ${view.routers.length - shown.length} more virtual routers`));
  }
  lines.push(...findingLines(view.openFindings, opts.width, p));
  if (opts.maxLines !== undefined && lines.length > opts.maxLines) {
    return [...lines.slice(0, Math.max(1, opts.maxLines - 1)), p.dim('… (enlarge the terminal to see more)')];
  }
  return lines;
}

function headerLines(view: LiveView, p: Palette): string[] {
  const counts = countBySeverity(view.openFindings);
  const findings = SEVERITY_ORDER.map((s) => {
    const text = severityCount(counts[s], s);
    return counts[s] > 0 ? p[s](text) : text;
  }).join(', ');
  const first = [
    p.bold(`vrrp-inspect live ${view.source}`),
    view.now === null ? 'waiting for frames' : `${formatClock(view.now)} UTC`,
    countLabel(view.frames, 'frame'),
    countLabel(view.routers.length, 'virtual router'),
  ];
  const drops = `capture: ${view.capture.engine} · ${formatCaptureDrops(view.capture)}`;
  // Loss is never hidden: a count above zero is painted as a warning.
  const lost = view.capture.toolDrops > 0 || (view.capture.kernelDrops ?? 0) > 0;
  return [first.join(' · '), lost ? p.warning(drops) : drops, `open findings: ${findings} ${p.dim('· Ctrl-C stops and prints the audit report')}`];
}

function activeSpeakers(r: VirtualRouter): Speaker[] {
  return [...r.speakers.values()].filter((s) => s.active);
}

function routerRow(r: VirtualRouter, now: number | null, p: Palette): string[] {
  const speakers = [...r.speakers.values()].sort((a, b) => b.lastPriority - a.lastPriority || a.ip.localeCompare(b.ip));
  const active = activeSpeakers(r);
  const vips = new Set<string>();
  for (const s of speakers) for (const v of s.vips) vips.add(v);
  const version = [...r.versions].sort().map((v) => `v${v}`).join('/');
  let master: string;
  if (active.length > 1) master = p.error(`SPLIT: ${active.map((s) => s.ip).join(' + ')}`);
  else if (r.master && r.master.active) master = `${p.green(r.master.ip)}${r.masterSince === null ? '' : p.dim(` since ${formatClock(r.masterSince)}`)}`;
  else master = p.warning(r.master ? `none (${r.master.ip} silent)` : 'none');
  const speakerText = speakerSummary(speakers, r.master, p);
  const age = now === null ? '?' : `${formatDuration(Math.max(0, now - r.lastSeen))} ago`;
  const adverts = speakers.reduce((n, s) => n + s.adverts, 0);
  return [
    `VRID ${r.vrid} ${p.dim(version)} ${formatVlan(r)} ${r.family}`,
    [...vips].join(' '),
    master,
    speakerText,
    age,
    String(adverts),
    r.failovers > 0 ? p.warning(String(r.failovers)) : '0',
  ];
}

/** Every active speaker, then the most recently heard silent ones up to three in all, then how many more are silent. */
function speakerSummary(speakers: readonly Speaker[], master: Speaker | null, p: Palette): string {
  const label = (s: Speaker) => `${s.ip} ${s.lastPriority}${s === master ? '*' : ''}`;
  const active = speakers.filter((s) => s.active);
  const silent = speakers.filter((s) => !s.active).sort((a, b) => b.lastSeen - a.lastSeen);
  const shown = silent.slice(0, Math.max(0, MAX_SPEAKERS - active.length));
  const parts = [...active.map(label), ...shown.map((s) => p.dim(`${label(s)} (silent)`))];
  if (silent.length > shown.length) parts.push(p.dim(`+${silent.length - shown.length} silent`));
  return parts.join(', ');
}

function findingLines(findings: readonly FindingDoc[], width: number, p: Palette): string[] {
  if (findings.length === 0) return ['', p.dim('No open findings.')];
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.firstTs - b.firstTs);
  const lines = ['', p.bold('Open findings:')];
  for (const f of sorted.slice(0, MAX_FINDING_LINES)) {
    const label = f.severity.toUpperCase().padEnd(7);
    const text = truncate(`${f.rule}: ${f.title} (since ${formatClock(f.firstTs)})`, width - label.length - 3);
    lines.push(`  ${p[f.severity](label)} ${text}`);
  }
  if (sorted.length > MAX_FINDING_LINES) lines.push(p.dim(`  … ${sorted.length - MAX_FINDING_LINES} more`));
  return lines;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
