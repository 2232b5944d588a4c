/** The HTML report's "Vantage points" section for a merged analysis: captures, clock offsets, reception matrix. */
import type { AuditDocument } from '../../analysis/audit-document.js';
import { formatClock, formatDuration, routerTitle } from '../format.js';
import { formatMatched, formatOffsetSeconds, formatShare, ownViewText, vantageLabel } from '../vantages-text.js';
import { html, type Raw } from './escape.js';

export function vantagesSection(doc: AuditDocument): Raw | '' {
  const v = doc.vantages;
  if (!v) return '';
  const points = v.points.map(
    (pt) => html`<tr><td class="mono">${vantageLabel(pt)}</td><td class="mono">${pt.source}</td><td class="num">${pt.relevant} of ${pt.frames}</td><td class="num">${pt.name === v.reference ? 'reference' : formatOffsetSeconds(pt.offsetS)}</td><td class="num">${formatMatched(pt)}</td><td class="num">${pt.onlyHere}</td><td>${pt.host ? ownViewText(pt) : ''}</td></tr>`,
  );
  const reception = v.reception.map((r) => {
    const router = doc.routers.find((x) => x.key === r.router);
    const names = r.speakers[0]?.vantages.map((c) => c.vantage) ?? [];
    const rows = r.speakers.map(
      (s) => html`<tr><td class="mono">${s.ip}</td>${s.vantages.map((c) => html`<td class="num${c.missed.length > 0 ? ' alert' : ''}">${formatShare(c)}</td>`)}</tr>`,
    );
    const missed = r.speakers.flatMap((s) =>
      s.vantages.flatMap((c) =>
        c.missed.map(
          (m) => html`<li><span class="alert">${c.vantage}</span> missed ${m.adverts} advert${m.adverts === 1 ? '' : 's'} of <span class="mono">${s.ip}</span>, ${formatClock(m.start)} → ${formatClock(m.end)} UTC (${formatDuration(m.end - m.start)}), merged frames ${[...new Set([m.firstFrame, m.lastFrame])].join(', ')}</li>`,
        ),
      ),
    );
    return html`<h4>Reception · ${router ? routerTitle(router) : `VRID ${r.vrid}`}</h4>
<div class="table-wrap"><table class="reception"><thead><tr><th>Speaker</th>${names.map((n) => html`<th>${n}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>
${missed.length > 0 ? html`<ul class="missed-runs">${missed}</ul>` : ''}`;
  });
  return html`<h3>Vantage points</h3>
<p class="muted">One segment from ${v.points.length} captures; clocks aligned to ${v.reference}; a frame captured at several points within ${v.windowMs} ms is counted once. Frame numbers in this report are those of the merged stream.</p>
<div class="table-wrap"><table class="vantages"><thead><tr><th>Vantage point</th><th>File</th><th>Frames kept</th><th>Clock offset</th><th>Matched</th><th>Only here</th><th>Own view</th></tr></thead><tbody>${points}</tbody></table></div>
${reception}`;
}
