/** The HTML report's sections for one capture: metadata and warnings, routers, timelines, findings, IPVS inventory. */
import type { AuditDocument, FindingDoc, IpvsDoc, RouterDoc } from '../../analysis/audit-document.js';
import {
  SEVERITY_ORDER,
  captureSpan,
  formatClock,
  formatDuration,
  formatFrameList,
  formatRange,
  formatSpeaker,
  formatTimestamp,
  formatVlan,
  routerTitle,
} from '../format.js';
import { formatSummaryLine } from '../audit-text.js';
import { CARP_HEAD, carpRows, carpSummary } from '../carp-rows.js';
import { buildRouterTimeline, documentSpan } from '../timeline-model.js';
import { html, Raw } from './escape.js';
import { MAX_TAKEOVER_MARKERS, renderTimelineSvg } from './timeline-svg.js';
import { vantagesSection } from './vantages.js';

/** Ids inside one report: capture `d`, router `r`, finding `f`. */
export const ids = {
  capture: (d: number): string => `capture-${d + 1}`,
  router: (d: number, r: number): string => `router-${d + 1}-${r + 1}`,
  finding: (d: number, f: number): string => `finding-${d + 1}-${f + 1}`,
};

const LINK_TYPES: Record<number, string> = { 1: 'Ethernet', 101: 'raw IP', 113: 'Linux cooked (SLL)', 228: 'raw IPv4', 229: 'raw IPv6', 276: 'Linux cooked v2 (SLL2)' };

export function captureSection(doc: AuditDocument, d: number): Raw {
  return html`<section class="capture" id="${ids.capture(d)}">
<h2>${doc.input.source}</h2>
<p class="summary">${formatSummaryLine(doc)}</p>
${warnings(doc)}
${metadata(doc)}
<h3>Virtual routers</h3>
${routerTable(doc)}
${carpTable(doc)}
${doc.routers.length === 0 ? '' : html`<h3>Failover timelines</h3>${timelines(doc, d)}`}
${vantagesSection(doc)}
<h3>Findings</h3>
${findings(doc, d)}
${doc.notJudged === undefined || doc.notJudged.length === 0 ? '' : html`<h3>Not judged</h3><ul class="not-judged">${doc.notJudged.map((n) => html`<li><span class="mono">${n.rule}</span>: ${n.reason}</li>`)}</ul>`}
<h3>IPVS inventory</h3>
${ipvsTable(doc.ipvs)}
</section>`;
}

function warnings(doc: AuditDocument): Raw | '' {
  if (doc.input.warnings.length === 0) return '';
  const items = doc.input.warnings.map((w) => {
    const where = [w.frame === undefined ? null : `frame ${w.frame}`, w.offset === undefined ? null : `byte offset ${w.offset}`, w.count === undefined ? null : `${w.count} times`]
      .filter((x) => x !== null)
      .join(', ');
    return html`<li>${w.message} <span class="muted">[<code>${w.code}</code>${where === '' ? '' : `, ${where}`}]</span></li>`;
  });
  return html`<div class="warnings" role="alert"><h3>Capture warnings</h3><ul>${items}</ul><p class="muted">The analysis covers what could be read.</p></div>`;
}

function metadata(doc: AuditDocument): Raw {
  const { input, stats } = doc;
  const span = captureSpan(input.firstTs, input.lastTs);
  const range = input.firstTs === null || input.lastTs === null ? 'no timestamps' : formatRange(input.firstTs, input.lastTs);
  const linkTypes = input.linkTypes.map((lt) => (LINK_TYPES[lt] === undefined ? String(lt) : `${LINK_TYPES[lt]} (${lt})`)).join(', ');
  return html`<dl class="meta">
<dt>Format</dt><dd>${input.format}${linkTypes === '' ? '' : `, link type ${linkTypes}`}</dd>
<dt>Time</dt><dd>${range}${span === null ? '' : ` (${formatDuration(span)})`}</dd>
<dt>Frames</dt><dd>${input.frames}: ${stats.vrrp} VRRP, ${doc.carp ? `${doc.carp.frames} CARP, ` : ''}${stats.arp} ARP, ${stats.nd} neighbour discovery, ${stats.ipvs} IPVS-forwarded, ${stats.undecodable} undecodable</dd>
<dt>Profile</dt><dd>${doc.profile}</dd>
<dt>Tool</dt><dd>${doc.tool.name} ${doc.tool.version}, schema ${doc.schemaVersion}</dd>
</dl>`;
}

function routerTable(doc: AuditDocument): Raw {
  if (doc.routers.length === 0) return html`<p>No VRRP adverts in this capture.</p>`;
  const rows = doc.routers.map(
    (r) => html`<tr data-router-key="${r.key}"><td>${formatVlan(r)}</td><td class="num">${r.vrid}${r.instance === undefined ? '' : html`<br><span class="muted">${r.instance}</span>`}</td><td>${r.family === 'ipv6' ? 'IPv6' : 'IPv4'}</td><td>v${r.version}</td><td class="mono">${list(r.vips)}</td><td class="mono">${list(r.speakers.map(formatSpeaker))}</td><td class="mono">${r.master === null ? '—' : html`${r.master.ip}<br><span class="muted">${r.master.mac}<br>since ${formatClock(r.master.since)}</span>`}</td><td class="num">${r.failovers}</td><td class="num">${r.intervalMs} ms</td></tr>`,
  );
  return html`<div class="table-wrap"><table class="routers"><thead><tr><th>VLAN</th><th>VRID</th><th>Family</th><th>Version</th><th>VIPs</th><th>Speakers (priority)</th><th>Master</th><th>Failovers</th><th>Interval</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function carpTable(doc: AuditDocument): Raw | '' {
  if (!doc.carp) return '';
  const head = CARP_HEAD.map((h) => html`<th>${h}</th>`);
  const cell = (c: string, i: number): Raw => {
    const text = list(c.split('\n'));
    return i === 3 || i === 6 ? html`<td class="mono">${text}</td>` : html`<td>${text}</td>`;
  };
  const rows = carpRows(doc.carp).map((cells) => html`<tr>${cells.map(cell)}</tr>`);
  return html`<h3>CARP groups</h3><p class="muted">${carpSummary(doc.carp)}. CARP is not VRRP: these groups are never judged by the VRRP rules.</p><div class="table-wrap"><table class="carp"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function timelines(doc: AuditDocument, d: number): Raw[] {
  const span = documentSpan(doc);
  const findingIndex = new Map(doc.findings.map((f, i) => [f, i]));
  return doc.routers.map((router, r) => {
    const tl = buildRouterTimeline(doc, router, span);
    const id = ids.router(d, r);
    const overlap = tl.overlaps.reduce((s, iv) => s + (iv.end - iv.start), 0);
    const svg = renderTimelineSvg(tl, {
      id,
      findingAnchor: (f) => {
        const i = findingIndex.get(f);
        return i === undefined ? undefined : ids.finding(d, i);
      },
    });
    const approximate = tl.lanes.some((l) => l.approximate)
      ? html`<p class="muted">Bars estimated from each speaker's first and last advert and the transitions.</p>`
      : '';
    const failovers = router.transitions.filter((t) => t.from !== null).length;
    const cappedTakeovers = failovers > MAX_TAKEOVER_MARKERS
      ? html`<p class="muted">Markers drawn for the first ${MAX_TAKEOVER_MARKERS} of ${failovers} takeovers.</p>`
      : '';
    const capped = router.eventCount !== undefined && router.events !== undefined && router.eventCount > router.events.length
      ? html`<p class="muted">Showing the first ${router.events.length} of ${router.eventCount} GARP/NA/priority-0 events.</p>`
      : '';
    return html`<figure class="timeline" id="${id}" data-router-key="${router.key}">
<figcaption>${routerTitle(router)} · ${router.failovers} failover${router.failovers === 1 ? '' : 's'}${overlap > 0 ? html` · <span class="alert">two masters for ${formatDuration(overlap)}</span>` : ''}</figcaption>
${LEGEND}${doc.vantages ? MISSED_LEGEND : ''}
${svg}
<div class="detail" hidden aria-live="polite"></div>
${approximate}${capped}${cappedTakeovers}
${transitionsTable(router)}
</figure>`;
  });
}

const swatch = (inner: string): string => `<svg width="18" height="12" viewBox="0 0 18 12" aria-hidden="true">${inner}</svg>`;
const LEGEND = html`<div class="legend">${[
  html`<span>${rawSvg(swatch('<rect class="bar-master" x="0" y="2" width="18" height="8"/>'))}master</span>`,
  html`<span>${rawSvg(swatch('<rect class="bar-overlap" x="0" y="2" width="18" height="8"/>'))}two masters (split-brain)</span>`,
  html`<span>${rawSvg(swatch('<g class="marker-zero"><circle cx="9" cy="6" r="5"/></g>'))}priority-0 advert</span>`,
  html`<span>${rawSvg(swatch('<g class="marker-garp"><path d="M9 1 l5 5 l-5 5 l-5 -5 z"/></g>'))}gratuitous ARP</span>`,
  html`<span>${rawSvg(swatch('<g class="marker-na"><path d="M9 1 l5 5 l-5 5 l-5 -5 z"/></g>'))}unsolicited NA</span>`,
  html`<span>${rawSvg(swatch('<g class="takeover"><line x1="9" y1="0" x2="9" y2="12"/></g>'))}takeover</span>`,
  html`<span>${rawSvg(swatch('<rect class="gap" x="0" y="0" width="18" height="12"/>'))}takeover gap</span>`,
  html`<span>${rawSvg(swatch('<g class="marker-finding sev-error"><path d="M9 1 l5 5 l-5 5 l-5 -5 z"/></g>'))}finding</span>`,
]}<span class="muted">Click a marker for its frames.</span></div>`;

const MISSED_LEGEND = html`<div class="legend"><span>${rawSvg(swatch('<g class="missed"><rect x="0" y="4" width="18" height="4"/></g>'))}adverts a vantage point did not capture (merged captures)</span></div>`;

/** Swatches are constant markup written here, never capture text. */
function rawSvg(markup: string): Raw {
  return new Raw(markup);
}

/** Rows of the transitions table per router; the JSON output has all the model kept. */
const MAX_TRANSITION_ROWS = 100;

function transitionsTable(router: RouterDoc): Raw | '' {
  if (router.transitions.length === 0) return '';
  const more = router.transitions.length - MAX_TRANSITION_ROWS;
  // The model keeps only the latest transitions of a router: `failovers` counts every one.
  const dropped = router.failovers - router.transitions.length;
  const rows = router.transitions.slice(0, MAX_TRANSITION_ROWS).map(
    (t) => html`<tr><td class="mono">${formatClock(t.ts)}</td><td class="mono">${t.from === null ? '(first master)' : t.from.ip} → ${t.to.ip}</td><td>${t.reason}</td><td class="num">${t.gapMs === null ? '—' : formatDuration(t.gapMs / 1000)}</td><td class="num">${t.expectedGapMs === null ? '—' : formatDuration(t.expectedGapMs / 1000)}</td><td class="mono">${t.frames.join(', ')}</td></tr>`,
  );
  return html`<table class="transitions"><thead><tr><th>Time (UTC)</th><th>Master change</th><th>Reason</th><th>Gap</th><th>Expected</th><th>Frames</th></tr></thead><tbody>${rows}</tbody></table>${more > 0 ? html`<p class="muted">… and ${more} more master changes (all of them are in <code>--format json</code>).</p>` : ''}${dropped > 0 ? html`<p class="muted">${dropped} earlier master changes were not kept (memory bound): the capture has ${router.failovers}.</p>` : ''}`;
}

function findings(doc: AuditDocument, d: number): Raw | Raw[] {
  if (doc.findings.length === 0) return html`<p>No findings.</p>`;
  const ordered = SEVERITY_ORDER.flatMap((s) => doc.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.severity === s));
  return ordered.map(({ f, i }) => findingCard(f, ids.finding(d, i), doc));
}

function findingCard(f: FindingDoc, id: string, doc: AuditDocument): Raw {
  const router = f.router === null ? undefined : doc.routers.find((r) => r.key === f.router);
  const scope = router !== undefined ? routerTitle(router) : [f.vrid === null ? null : `VRID ${f.vrid}`, f.family, f.vlan === null ? null : `VLAN ${f.vlan}`].filter((x) => x !== null).join(' · ');
  const subjects = [...(f.subjects.ips ?? []), ...(f.subjects.macs ?? []), ...(f.subjects.vips ?? []).map((v) => `VIP ${v}`)];
  return html`<article class="finding sev-${f.severity}" id="${id}" data-rule="${f.rule}" data-router-key="${f.router ?? ''}">
<h4><span class="badge sev-${f.severity}">${f.severity}</span><code>${f.rule}</code> ${f.title}</h4>
<p>${f.message}</p>
<dl>
${scope === '' ? '' : html`<dt>Where</dt><dd>${scope}</dd>`}
${subjects.length === 0 ? '' : html`<dt>Subjects</dt><dd class="mono">${subjects.join(', ')}</dd>`}
<dt>When</dt><dd>${formatTimestamp(f.firstTs)} → ${formatClock(f.lastTs)} UTC (${formatDuration(f.lastTs - f.firstTs)})</dd>
<dt>Frames</dt><dd class="mono">${formatFrameList(f.frames, f.frameCount, 20)}</dd>
<dt>Wireshark</dt><dd class="filter"><code>${f.wiresharkFilter}</code><button class="copy" type="button" hidden data-copy="${f.wiresharkFilter}">Copy</button></dd>
<dt>Fix</dt><dd>${f.remediation}</dd>
${f.config && f.config.length > 0 ? html`<dt>Config</dt><dd class="mono">${f.config.map((r) => `${r.file}:${r.line} (${r.node})`).join(', ')}</dd>` : ''}
</dl>
</article>`;
}

function ipvsTable(ipvs: readonly IpvsDoc[]): Raw {
  if (ipvs.length === 0) return html`<p>No IPVS forwarding seen.</p>`;
  const rows = ipvs.flatMap((v) => {
    const director = v.director === null ? '—' : [v.director.mac, v.director.ip].filter((x) => x !== undefined).join(' / ');
    const servers = v.realServers.length === 0 ? [null] : v.realServers;
    return servers.map((rs, i) => {
      const first = i === 0 ? html`<td class="mono" rowspan="${servers.length}">${v.vip}</td><td class="mono" rowspan="${servers.length}">${director}</td>` : '';
      if (rs === null) {
        // Configured (--keepalived) but not seen forwarding: the configured real servers.
        const conf = (v.configured ?? []).map((c) => `${c.virtualServer} ${c.lbKind ?? 'NAT'}: ${c.realServers.map((r) => r.ip).join(' ') || 'none'}`);
        return html`<tr>${first}<td>—</td><td class="mono">${conf.length > 0 ? `configured ${conf.join('; ')}` : '—'}</td><td class="num">0</td></tr>`;
      }
      const target = rs.method === 'dr' ? [rs.mac, rs.ip].filter((x) => x !== undefined).join(' / ') : `${rs.ip ?? '?'}${rs.encap === undefined ? '' : ` (${rs.encap})`}`;
      return html`<tr>${first}<td>${rs.method.toUpperCase()}</td><td class="mono">${target}${rs.configured === undefined ? '' : html`<br><span class="muted">${rs.configured}</span>`}</td><td class="num">${rs.frames}</td></tr>`;
    });
  });
  return html`<table class="ipvs"><thead><tr><th>VIP</th><th>Director</th><th>Method</th><th>Real server</th><th>Frames</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function list(items: readonly string[]): Raw {
  return html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
}
