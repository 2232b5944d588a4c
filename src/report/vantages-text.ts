/**
 * The terminal report's "Vantage points" section for a merged analysis (`audit --merge`): each capture with its clock
 * offset and the host it was taken on, then per virtual router the reception matrix (share of each speaker's adverts
 * each vantage point captured) with a lane per speaker and vantage point where adverts were missed.
 */
import type { AuditDocument, ReceptionCellDoc, ReceptionDoc, VantagesDoc } from '../analysis/audit-document.js';
import type { Palette } from './ansi.js';
import { formatClock, formatDuration, formatFrameList, routerTitle } from './format.js';
import { renderTable } from './text-table.js';
import type { Interval } from './timeline-model.js';

const INDENT = '  ';
const MISSED = '✗';
const CAPTURED = '─';

const POINT_HEAD = ['Vantage point', 'Capture', 'Kept', 'Clock offset', 'Matched', 'Only here', 'Own view'];

/** Frames matched for the clock estimate; when it looked at a sample, says so (`1200 in a 1/4 sample`). */
export function formatMatched(pt: { matched: number; matchedOneIn?: number }): string {
  return pt.matchedOneIn === undefined ? String(pt.matched) : `${pt.matched} in a 1/${pt.matchedOneIn} sample`;
}

/** `+3.250 s`, `-0.000008 s`: offsets below a millisecond are the captures' own jitter, printed as they are. */
export function formatOffsetSeconds(offsetS: number | null): string {
  if (offsetS === null) return 'not aligned';
  const text = Math.abs(offsetS) >= 0.001 ? offsetS.toFixed(3) : offsetS.toFixed(6);
  return `${offsetS >= 0 ? '+' : ''}${text} s`;
}

/** Percentage of adverts captured, `100 %` / `24 % (5/21)`. */
export function formatShare(cell: ReceptionCellDoc): string {
  if (cell.share === null) return '—';
  const pct = `${Math.round(cell.share * 100)} %`;
  return cell.seen === cell.total ? pct : `${pct} (${cell.seen}/${cell.total})`;
}

/** When the capture's own host advertised as master, seen in its own capture: "master in its own view". */
export function ownViewText(v: VantagesDoc['points'][number]): string {
  const ip = v.host?.ip;
  const parts = v.view.flatMap((r) => {
    const self = r.speakers.find((s) => s.ip === ip);
    if (!self) return [];
    const runs = self.master.map((m) => `${formatClock(m.start)} → ${formatClock(m.end)}`);
    const announced = self.announcements > 0 ? `, ${self.announcements} GARP/NA sent` : '';
    return [`VRID ${r.vrid}: ${runs.length > 0 ? `master ${runs.join(', ')}` : 'never master'}${announced}`];
  });
  return parts.join('; ');
}

/** `obs.pcap`, `n2.pcap (host 192.0.2.12)`, `192.0.2.12 (own capture)`. */
export function vantageLabel(v: VantagesDoc['points'][number]): string {
  if (!v.host) return v.name;
  return v.name === v.host.ip ? `${v.name} (own capture)` : `${v.name} (host ${v.host.ip})`;
}

export function formatVantagesText(doc: AuditDocument, span: Interval, width: number, p: Palette): string[] {
  const v = doc.vantages;
  if (!v) return [];
  const lines = ['', p.bold('Vantage points')];
  lines.push(
    p.dim(`${INDENT}one segment from ${v.points.length} captures; clocks aligned to ${v.reference}, a frame captured at several points within ${v.windowMs} ms counted once`),
  );
  lines.push(
    renderTable(
      POINT_HEAD,
      v.points.map((pt) => [
        vantageLabel(pt),
        pt.source,
        `${pt.relevant}/${pt.frames}`,
        pt.name === v.reference ? 'reference' : formatOffsetSeconds(pt.offsetS),
        formatMatched(pt),
        String(pt.onlyHere),
        pt.host ? ownViewText(pt) : '',
      ]),
      width,
      p,
    ),
  );
  for (const r of v.reception) lines.push(...receptionBlock(doc, r, span, width, p));
  return lines;
}

function receptionBlock(doc: AuditDocument, r: ReceptionDoc, span: Interval, width: number, p: Palette): string[] {
  const router = doc.routers.find((x) => x.key === r.router);
  const title = router ? routerTitle(router) : `VRID ${r.vrid}`;
  const names = r.speakers[0]?.vantages.map((c) => c.vantage) ?? [];
  const lines = ['', `${INDENT}${p.bold(`Reception · ${title}`)} ${p.dim('(share of each speaker\'s adverts each vantage point captured)')}`];
  lines.push(renderTable(['Speaker', ...names], r.speakers.map((s) => [s.ip, ...s.vantages.map((c) => (c.missed.length > 0 ? p.red(formatShare(c)) : formatShare(c)))]), width, p));
  const lossy = r.speakers.flatMap((s) => s.vantages.filter((c) => c.missed.length > 0).map((c) => ({ s, c })));
  if (lossy.length === 0) return lines;
  const labels = lossy.map(({ s, c }) => `${s.ip} → ${c.vantage}`);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const cols = Math.max(20, width - INDENT.length * 2 - labelWidth - 2);
  const length = span.end - span.start;
  const column = (t: number): number => Math.min(cols - 1, Math.max(0, Math.floor(((t - span.start) / length) * cols)));
  lines.push('', `${INDENT}${INDENT}${p.dim(`${CAPTURED} adverts captured   ${MISSED} adverts missed (the lane spans the speaker's adverts)`)}`);
  lossy.forEach(({ s, c }, i) => {
    const cells = new Array<string>(cols).fill(' ');
    const speaker = router?.speakers.find((x) => x.ip === s.ip && x.mac === s.mac);
    if (speaker) for (let k = column(speaker.firstSeen); k <= column(speaker.lastSeen); k++) cells[k] = CAPTURED;
    for (const m of c.missed) for (let k = column(m.start); k <= column(m.end); k++) cells[k] = MISSED;
    const painted = cells.join('').replace(new RegExp(`${MISSED}+`, 'g'), (run) => p.red(run));
    lines.push(`${INDENT}${INDENT}${(labels[i] ?? '').padEnd(labelWidth)}  ${painted.trimEnd()}`);
  });
  for (const { s, c } of lossy) {
    for (const m of c.missed) {
      lines.push(
        `${INDENT}${INDENT}${p.red(MISSED)} ${c.vantage} missed ${m.adverts} advert${m.adverts === 1 ? '' : 's'} of ${s.ip} ` +
          `${formatClock(m.start)} → ${formatClock(m.end)} (${formatDuration(m.end - m.start)}), merged frames ${formatFrameList([m.firstFrame, m.lastFrame].filter((f, k, a) => a.indexOf(f) === k), 2)}`,
      );
    }
  }
  return lines;
}
