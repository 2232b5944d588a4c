/**
 * One virtual router's timeline as inline SVG: a lane per speaker with bars where it advertised as master, overlaps
 * (split-brain) in red with hatching so they also stand out in print, priority-0 adverts, GARP/NA markers, takeovers and
 * takeover gaps, a findings row, and a time axis with offsets and UTC clock times. Every marker is focusable and carries
 * its details in data-* attributes (read by the report script) and an SVG <title> tooltip.
 */
import type { FindingDoc, RouterEventDoc } from '../../analysis/audit-document.js';
import { SEVERITY_ORDER, formatClock, formatDuration, formatFrameList, formatOffset, formatSpeaker } from '../format.js';
import { axisTicks } from '../time-axis.js';
import type { Interval, Lane, RouterTimeline } from '../timeline-model.js';
import { html, Raw, type HtmlValue } from './escape.js';

const WIDTH = 1000;
const LABEL_WIDTH = 210;
const RIGHT_PAD = 24;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - RIGHT_PAD;
const TOP_PAD = 6;
const FINDING_ROW = 18;
/** More findings than this on one router are listed below the timeline only. */
const MAX_FINDING_ROWS = 8;
const LANE_HEIGHT = 36;
const BAR_HEIGHT = 16;
const AXIS_HEIGHT = 44;
const MIN_BAR_WIDTH = 2;
const MAX_LABEL = 26;
/** Takeover markers and gaps drawn per router; a flapping pair shows in the bars long before this. */
export const MAX_TAKEOVER_MARKERS = 300;

export interface TimelineSvgOptions {
  /** Unique per report: prefixes ids inside the SVG. */
  id: string;
  /** Finding → id of its card in the page, for "Go to the finding". */
  findingAnchor: (finding: FindingDoc) => string | undefined;
}

interface Row {
  lane: Lane | null;
  title: string;
  sub: string;
  events: RouterEventDoc[];
}

export function renderTimelineSvg(tl: RouterTimeline, opts: TimelineSvgOptions): Raw {
  const span = tl.end - tl.start;
  const x = (t: number): number => LABEL_WIDTH + ((Math.min(tl.end, Math.max(tl.start, t)) - tl.start) / span) * PLOT_WIDTH;
  const rows = laneRows(tl);
  // Most severe first, one row each, so that overlapping findings stay readable.
  const shownFindings = SEVERITY_ORDER.flatMap((s) => tl.findings.filter((f) => f.severity === s)).slice(0, MAX_FINDING_ROWS);
  const lanesTop = TOP_PAD + shownFindings.length * FINDING_ROW + (shownFindings.length > 0 ? 4 : 0);
  const lanesBottom = lanesTop + rows.length * LANE_HEIGHT;
  const height = lanesBottom + AXIS_HEIGHT;
  const hatchId = `${opts.id}-hatch`;
  const ticks = axisTicks(span, 10);
  const drawnTakeovers = new Set(
    tl.router.transitions
      .filter((t) => t.from !== null)
      .sort((p, q) => p.ts - q.ts)
      .slice(0, MAX_TAKEOVER_MARKERS),
  );

  const parts: HtmlValue[] = [];
  parts.push(html`<defs><pattern id="${hatchId}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><line class="hatch-line" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>`);

  rows.forEach((row, i) => {
    const top = lanesTop + i * LANE_HEIGHT;
    parts.push(html`<rect class="lane-bg" x="${LABEL_WIDTH}" y="${top + 2}" width="${PLOT_WIDTH}" height="${LANE_HEIGHT - 4}"/>`);
    parts.push(html`<text x="8" y="${top + 15}"><title>${row.title}</title>${truncate(row.title)}</text>`);
    parts.push(html`<text class="sub" x="8" y="${top + 29}">${row.sub}</text>`);
  });
  for (const offset of ticks) {
    const tx = round(x(tl.start + offset));
    parts.push(html`<line class="grid" x1="${tx}" y1="${lanesTop}" x2="${tx}" y2="${lanesBottom}"/>`);
  }

  for (const gap of tl.gaps.slice(0, MAX_TAKEOVER_MARKERS)) {
    const t = gap.transition;
    const label = `Takeover gap ${formatDuration((t.gapMs ?? 0) / 1000)}${t.expectedGapMs === null ? '' : ` (expected ${formatDuration(t.expectedGapMs / 1000)})`}: no master advertised between ${formatClock(gap.start)} and ${formatClock(gap.end)} UTC`;
    parts.push(
      marker('gap-marker', label, t.frames.join(', '), '', undefined,
        html`<rect class="gap" x="${round(x(gap.start))}" y="${lanesTop}" width="${round(Math.max(MIN_BAR_WIDTH, x(gap.end) - x(gap.start)))}" height="${lanesBottom - lanesTop}"/>`),
    );
  }

  rows.forEach((row, i) => {
    const top = lanesTop + i * LANE_HEIGHT;
    const barY = top + (LANE_HEIGHT - BAR_HEIGHT) / 2;
    const lane = row.lane;
    if (lane !== null) {
      for (const iv of lane.master) {
        const prio = iv.priority === null ? '' : ` with priority ${iv.priority}`;
        const cls = lane.approximate ? 'bar-master approximate' : 'bar-master';
        parts.push(html`<rect class="${cls}" x="${round(x(iv.start))}" y="${barY}" width="${barWidth(x, iv)}" height="${BAR_HEIGHT}"><title>${lane.speaker.ip} advertised as master${prio}, ${formatClock(iv.start)} → ${formatClock(iv.end)} UTC (${formatDuration(iv.end - iv.start)})</title></rect>`);
      }
      for (const iv of lane.overlap) {
        const others = tl.lanes.filter((l) => l !== lane && l.master.some((m) => m.start < iv.end && m.end > iv.start)).map((l) => l.speaker.ip);
        const label = `Two masters: ${lane.speaker.ip} and ${others.join(', ')} both advertised ${formatClock(iv.start)} → ${formatClock(iv.end)} UTC (${formatDuration(iv.end - iv.start)})`;
        const w = barWidth(x, iv);
        const splitBrain = tl.findings.find((f) => f.rule === 'split-brain' && f.firstTs < iv.end && f.lastTs > iv.start);
        parts.push(
          marker('overlap', label, splitBrain === undefined ? '' : formatFrameList(splitBrain.frames, splitBrain.frameCount), splitBrain?.message ?? '',
            splitBrain === undefined ? undefined : opts.findingAnchor(splitBrain),
            html`<rect class="bar-overlap" data-start="${iv.start}" data-end="${iv.end}" x="${round(x(iv.start))}" y="${barY}" width="${w}" height="${BAR_HEIGHT}"/><rect fill="url(#${hatchId})" x="${round(x(iv.start))}" y="${barY}" width="${w}" height="${BAR_HEIGHT}"/>`),
        );
      }
      for (const t of lane.takeovers.filter((x) => drawnTakeovers.has(x))) {
        const tx = round(x(t.ts));
        const gap = t.gapMs === null ? '' : `, gap ${formatDuration(t.gapMs / 1000)}`;
        const label = `Takeover at ${formatClock(t.ts)} UTC: ${t.from?.ip ?? '?'} → ${t.to.ip} (${t.reason}${gap})`;
        parts.push(marker('takeover', label, t.frames.join(', '), '', undefined,
          html`<line x1="${tx}" y1="${top + 3}" x2="${tx}" y2="${top + LANE_HEIGHT - 3}"/><path d="M${tx - 5} ${top + 2} h10 l-5 6 z"/>`));
      }
      for (const ts of lane.priorityZero) {
        const event = row.events.find((e) => e.kind === 'priority-zero' && e.ts === ts);
        const label = `Priority-0 advert from ${lane.speaker.ip} at ${formatClock(ts)} UTC: it resigned as master`;
        const cx = round(x(ts));
        parts.push(marker('marker-zero', label, event === undefined ? '' : String(event.frame), '', undefined,
          html`<circle cx="${cx}" cy="${barY + BAR_HEIGHT / 2}" r="8"/><text x="${cx}" y="${barY + BAR_HEIGHT / 2 + 3.5}" text-anchor="middle">0</text>`));
      }
    }
    // Merged captures: a red strip under the bar where a vantage point missed this speaker's adverts.
    const received = lane === null ? undefined : tl.reception?.speakers.find((s) => s.ip === lane.speaker.ip && s.mac === lane.speaker.mac);
    for (const cell of received?.vantages ?? []) {
      for (const m of cell.missed) {
        const label = `${cell.vantage} missed ${m.adverts} advert${m.adverts === 1 ? '' : 's'} of ${received?.ip ?? ''}, ${formatClock(m.start)} → ${formatClock(m.end)} UTC (${formatDuration(m.end - m.start)})`;
        parts.push(marker('missed', label, [...new Set([m.firstFrame, m.lastFrame])].join(', '), '', undefined,
          html`<rect x="${round(x(m.start))}" y="${barY + BAR_HEIGHT + 2}" width="${barWidth(x, m)}" height="4"/>`));
      }
    }
    for (const e of row.events) {
      if (e.kind === 'priority-zero') continue;
      const cx = round(x(e.ts));
      const cy = barY - 3;
      const what = e.kind === 'garp' ? 'Gratuitous ARP' : 'Unsolicited neighbour advertisement';
      const label = `${what} for ${e.ip} from ${e.mac} at ${formatClock(e.ts)} UTC`;
      parts.push(marker(`marker-${e.kind}`, label, String(e.frame), '', undefined, html`<path d="M${cx} ${cy - 5} l5 5 l-5 5 l-5 -5 z"/>`));
    }
  });

  shownFindings.forEach((f, i) => {
    const y = TOP_PAD + i * FINDING_ROW + FINDING_ROW / 2;
    parts.push(html`<text class="finding-label sev-${f.severity}" x="8" y="${y + 4}"><title>${f.title}</title>${truncate(`${f.severity}: ${f.rule}`)}</text>`);
    {
      const x1 = round(x(f.firstTs));
      const x2 = round(Math.max(x(f.lastTs), x(f.firstTs) + 1));
      const label = `${f.severity}: ${f.rule} — ${f.title} (${formatClock(f.firstTs)} → ${formatClock(f.lastTs)} UTC)`;
      parts.push(marker(`marker-finding sev-${f.severity}`, label, formatFrameList(f.frames, f.frameCount), f.message, opts.findingAnchor(f),
        html`<line class="finding-span sev-${f.severity}" x1="${x1}" y1="${y}" x2="${x2}" y2="${y}"/><path d="M${x1} ${y - 6} l6 6 l-6 6 l-6 -6 z"/>`));
    }
  });

  parts.push(html`<line class="axis" x1="${LABEL_WIDTH}" y1="${lanesBottom}" x2="${LABEL_WIDTH + PLOT_WIDTH}" y2="${lanesBottom}"/>`);
  const step = ticks.length > 1 ? (ticks[1] ?? 1) : span;
  ticks.forEach((offset, i) => {
    const tx = round(x(tl.start + offset));
    const anchor = i === 0 ? 'start' : tx > LABEL_WIDTH + PLOT_WIDTH - 30 ? 'end' : 'middle';
    const clock = step >= 1 ? formatClock(tl.start + offset).slice(0, 8) : formatClock(tl.start + offset);
    parts.push(html`<line class="tick-line" x1="${tx}" y1="${lanesBottom}" x2="${tx}" y2="${lanesBottom + 5}"/><text class="tick" x="${tx}" y="${lanesBottom + 18}" text-anchor="${anchor}">+${formatOffset(offset)}</text><text class="tick" x="${tx}" y="${lanesBottom + 32}" text-anchor="${anchor}">${clock}</text>`);
  });
  parts.push(html`<text class="tick" x="8" y="${lanesBottom + 18}">offset</text><text class="tick" x="8" y="${lanesBottom + 32}">UTC</text>`);

  const aria = `Timeline of ${tl.lanes.length} speakers from ${formatClock(tl.start)} to ${formatClock(tl.end)} UTC`;
  return html`<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${aria}">${parts}</svg>`;
}

/** Lanes for the speakers, then one for GARP/NA senders that are not speakers (e.g. a real server). */
function laneRows(tl: RouterTimeline): Row[] {
  const speakerMacs = new Set(tl.lanes.map((l) => l.speaker.mac));
  const rows: Row[] = tl.lanes.map((lane) => ({
    lane,
    title: lane.speaker.ip,
    sub: `${formatSpeaker(lane.speaker).replace(`${lane.speaker.ip} `, 'prio ')} · ${lane.speaker.mac}`,
    events: tl.events.filter((e) => e.mac === lane.speaker.mac && (e.kind !== 'priority-zero' || e.ip === lane.speaker.ip)),
  }));
  const others = tl.events.filter((e) => e.kind !== 'priority-zero' && !speakerMacs.has(e.mac));
  if (others.length > 0) rows.push({ lane: null, title: 'other hosts', sub: 'GARP / NA from non-speakers', events: others });
  return rows;
}

/** The <title> is the tooltip, the accessible name and (its first line) the panel's heading: written once, it keeps big reports small. */
function marker(cls: string, label: string, frames: string, text: string, findingId: string | undefined, shape: Raw): Raw {
  const tooltip = frames === '' ? label : `${label}\nframes ${frames}`;
  return html`<g class="marker ${cls}" tabindex="0" role="button"${frames === '' ? '' : html` data-frames="${frames}"`}${text === '' ? '' : html` data-text="${text}"`}${findingId === undefined ? '' : html` data-finding="${findingId}"`}><title>${tooltip}</title>${shape}</g>`;
}

function barWidth(x: (t: number) => number, iv: Interval): number {
  return round(Math.max(MIN_BAR_WIDTH, x(iv.end) - x(iv.start)));
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function truncate(text: string): string {
  return text.length <= MAX_LABEL ? text : `${text.slice(0, MAX_LABEL - 1)}…`;
}
