/**
 * The `audit` report for a person at a terminal during an incident: per input a summary line and the capture's warnings
 * first, then the virtual routers, their failover timelines, the findings (errors first, each with its evidence frames,
 * Wireshark filter and fix) and the IPVS inventory.
 */
import type { AuditDocument, FindingDoc, IpvsDoc, RouterDoc, Severity } from '../analysis/audit-document.js';
import { createPalette, type Palette } from './ansi.js';
import {
  SEVERITY_ORDER,
  captureSpan,
  countBySeverity,
  countLabel,
  formatCaptureDrops,
  formatClock,
  formatDuration,
  formatFrameList,
  formatRange,
  formatSpeaker,
  formatVlan,
  routerTitle,
  severityCount,
} from './format.js';
import { CARP_HEAD, carpRows, carpSummary } from './carp-rows.js';
import { renderTable } from './text-table.js';
import { renderTextTimeline, renderTransitions, timelineLegend } from './text-timeline.js';
import { buildRouterTimeline, documentSpan } from './timeline-model.js';
import { formatVantagesText } from './vantages-text.js';

export interface AuditTextOptions {
  color: boolean;
  /** Target line width (default 100); tables and timelines fit it, filters are never broken. */
  width?: number;
}

export const DEFAULT_TEXT_WIDTH = 100;
const MIN_WIDTH = 60;
const INDENT = '  ';
const DETAIL_INDENT = '      ';

export function formatAuditText(docs: AuditDocument[] | AuditDocument, opts: AuditTextOptions): string {
  const list = Array.isArray(docs) ? docs : [docs];
  const width = Math.max(MIN_WIDTH, opts.width ?? DEFAULT_TEXT_WIDTH);
  const p = createPalette(opts.color);
  const sections = list.map((doc) => formatDocument(doc, width, p).join('\n'));
  return `${sections.join(`\n\n${p.dim('═'.repeat(width))}\n\n`)}\n`;
}

/** `failover.pcapng: 70 frames, 16.5 s, 1 virtual router, 1 failover; findings: 1 error, 0 warnings, 2 info`. */
export function formatSummaryLine(doc: AuditDocument): string {
  const span = captureSpan(doc.input.firstTs, doc.input.lastTs);
  const failovers = doc.routers.reduce((n, r) => n + r.failovers, 0);
  const counts = countBySeverity(doc.findings);
  const parts = [
    countLabel(doc.input.frames, 'frame'),
    ...(span === null ? [] : [formatDuration(span)]),
    countLabel(doc.routers.length, 'virtual router'),
    countLabel(failovers, 'failover'),
    ...(doc.carp ? [countLabel(doc.carp.groups.length, 'CARP group')] : []),
  ];
  const findings = SEVERITY_ORDER.map((s) => severityCount(counts[s], s)).join(', ');
  return `${doc.input.source}: ${parts.join(', ')}; findings: ${findings}`;
}

function formatDocument(doc: AuditDocument, width: number, p: Palette): string[] {
  // The summary stays one line whatever its length: people grep for it.
  const lines = [p.bold(formatSummaryLine(doc))];
  for (const w of doc.input.warnings) {
    const where = [w.code, w.frame === undefined ? null : `frame ${w.frame}`, w.count === undefined ? null : `${w.count}×`]
      .filter((x) => x !== null)
      .join(', ');
    lines.push(...wrap(`${p.warning('⚠ input warning:')} ${w.message} [${where}]`, width, INDENT, `${INDENT}  `));
  }
  lines.push(...wrap(metadataLine(doc), width, INDENT, `${INDENT}  `).map((l) => p.dim(l)));
  const capture = doc.input.capture;
  if (capture) {
    const text = `capture: ${capture.engine}${capture.interfaces.length > 0 ? ` on ${capture.interfaces.join(', ')}` : ''} · ${formatCaptureDrops(capture)}`;
    const lost = capture.drops === null || capture.drops > 0 || capture.toolDrops > 0;
    lines.push(...wrap(text, width, INDENT, `${INDENT}  `).map((l) => (lost ? p.warning(l) : p.dim(l))));
  }

  lines.push('', p.bold('Virtual routers'));
  if (doc.routers.length === 0) lines.push(`${INDENT}No VRRP adverts in this capture.`);
  else lines.push(renderTable(ROUTER_HEAD, doc.routers.map(routerRow), width, p));
  if (doc.carp) {
    lines.push('', p.bold(`CARP groups (not VRRP: ${carpSummary(doc.carp)}, never judged by the VRRP rules)`));
    lines.push(renderTable(CARP_HEAD, carpRows(doc.carp), width, p));
  }

  if (doc.routers.length > 0) {
    lines.push('', p.bold('Failover timeline'), ...wrap(timelineLegend(p), width, INDENT, INDENT));
    const span = documentSpan(doc);
    for (const router of doc.routers) {
      const tl = buildRouterTimeline(doc, router, span);
      const overlap = tl.overlaps.reduce((s, iv) => s + (iv.end - iv.start), 0);
      const heading = [routerTitle(router), countLabel(router.failovers, 'failover')];
      if (overlap > 0) heading.push(p.error(`two masters for ${formatDuration(overlap)}`));
      lines.push('', `${INDENT}${p.bold(heading.join(' · '))}`);
      lines.push(...renderTextTimeline(tl, width, p));
      for (const t of renderTransitions(tl, p)) lines.push(...wrap(t, width, INDENT, `${INDENT}    `));
      if (tl.lanes.some((l) => l.approximate)) {
        lines.push(p.dim(`${INDENT}(lanes estimated from each speaker's first and last advert and the transitions)`));
      }
    }
  }

  lines.push(...formatVantagesText(doc, documentSpan(doc), width, p));

  lines.push('', p.bold('Findings'));
  if (doc.findings.length === 0) lines.push(`${INDENT}No findings.`);
  for (const severity of SEVERITY_ORDER) {
    const group = doc.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `${INDENT}${SEVERITY_PAINT[severity](p)(`${SEVERITY_HEADING[severity]} (${group.length})`)}`);
    group.forEach((f, i) => {
      if (i > 0) lines.push('');
      lines.push(...formatFinding(f, doc, width, p));
    });
  }

  if (doc.notJudged !== undefined && doc.notJudged.length > 0) {
    lines.push('', p.bold('Not judged'));
    for (const n of doc.notJudged) lines.push(...wrap(`${n.rule}: ${n.reason}`, width, INDENT, `${INDENT}  `));
  }

  lines.push('', p.bold('IPVS inventory'));
  if (doc.ipvs.length === 0) lines.push(`${INDENT}No IPVS forwarding seen.`);
  else lines.push(renderTable(IPVS_HEAD, doc.ipvs.flatMap(ipvsRows), width, p));
  return lines;
}

function metadataLine(doc: AuditDocument): string {
  const { input, stats } = doc;
  const range = input.firstTs === null || input.lastTs === null ? 'no timestamps' : formatRange(input.firstTs, input.lastTs);
  const carp = doc.carp ? `, ${doc.carp.frames} CARP` : '';
  const kinds = `${stats.vrrp} VRRP${carp}, ${stats.arp} ARP, ${stats.nd} ND, ${stats.ipvs} IPVS, ${stats.undecodable} undecodable`;
  return `${input.format} · ${range} · ${kinds} · profile ${doc.profile}`;
}

/** Family and VRRP version share a column (`IPv4 v2`) so that the table fits 90 columns. */
const ROUTER_HEAD = ['VLAN', 'VRID', 'Family', 'VIPs', 'Speakers (prio)', 'Master since', 'Failovers'];

function routerRow(r: RouterDoc): string[] {
  const master = r.master === null ? '—' : `${r.master.ip}\n${formatClock(r.master.since)}`;
  return [
    formatVlan(r),
    r.instance === undefined ? String(r.vrid) : `${r.vrid}\n${r.instance}`,
    `${r.family === 'ipv6' ? 'IPv6' : 'IPv4'} v${r.version}`,
    r.vips.join('\n'),
    r.speakers.map(formatSpeaker).join('\n'),
    master,
    String(r.failovers),
  ];
}

const IPVS_HEAD = ['VIP', 'Director', 'Method', 'Real server', 'Frames'];

function ipvsRows(v: IpvsDoc): string[][] {
  const director = v.director === null ? '—' : [v.director.mac, v.director.ip].filter((x) => x !== undefined).join('\n');
  if (v.realServers.length === 0) {
    // Configured (--keepalived) but not seen forwarding: the configured real servers, 0 frames.
    const conf = (v.configured ?? []).map((c) => `${c.virtualServer} ${c.lbKind ?? 'NAT'}: ${c.realServers.map((r) => r.ip).join(' ') || 'none'}`);
    return [[v.vip, director, '—', conf.length > 0 ? `configured ${conf.join('; ')}` : '—', '0']];
  }
  return v.realServers.map((rs, i) => {
    const target =
      rs.method === 'dr'
        ? [rs.mac, rs.ip].filter((x) => x !== undefined).join(' / ')
        : `${rs.ip ?? '?'}${rs.encap === undefined ? '' : ` (${rs.encap})`}`;
    const named = rs.configured === undefined ? target : `${target}\n(${rs.configured})`;
    return [i === 0 ? v.vip : '', i === 0 ? director : '', rs.method.toUpperCase(), named, String(rs.frames)];
  });
}

const SEVERITY_HEADING: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };
const SEVERITY_TAG: Record<Severity, string> = { error: 'ERROR', warning: 'WARN', info: 'INFO' };
const SEVERITY_PAINT: Record<Severity, (p: Palette) => (t: string) => string> = {
  error: (p) => p.error,
  warning: (p) => p.warning,
  info: (p) => p.info,
};

function formatFinding(f: FindingDoc, doc: AuditDocument, width: number, p: Palette): string[] {
  const tag = SEVERITY_PAINT[f.severity](p)(SEVERITY_TAG[f.severity].padEnd(5));
  const lines = wrap(`${tag} ${p.bold(f.rule)}  ${f.title}`, width, INDENT, DETAIL_INDENT);
  const context = [findingScope(f, doc), `${formatRange(f.firstTs, f.lastTs)} (${formatDuration(f.lastTs - f.firstTs)})`];
  lines.push(...wrap(context.filter((c) => c !== '').join(' · '), width, DETAIL_INDENT).map((l) => p.dim(l)));
  lines.push(...wrap(f.message, width, DETAIL_INDENT));
  lines.push(...wrap(`${p.dim('frames')}  ${formatFrameList(f.frames, f.frameCount)}`, width, DETAIL_INDENT, `${DETAIL_INDENT}        `));
  if (f.config && f.config.length > 0) {
    const refs = f.config.map((r) => `${r.file}:${r.line} (${r.node})`).join(', ');
    lines.push(...wrap(`${p.dim('config')}  ${refs}`, width, DETAIL_INDENT, `${DETAIL_INDENT}        `));
  }
  // The filter stays on one line so that it can be copied as it is.
  lines.push(`${DETAIL_INDENT}${p.dim('filter')}  ${p.cyan(f.wiresharkFilter)}`);
  lines.push(...wrap(`${p.dim('fix')}     ${f.remediation}`, width, DETAIL_INDENT, `${DETAIL_INDENT}        `));
  return lines;
}

function findingScope(f: FindingDoc, doc: AuditDocument): string {
  const router = f.router === null ? undefined : doc.routers.find((r) => r.key === f.router);
  if (router !== undefined) return routerTitle(router);
  const parts: string[] = [];
  if (f.vrid !== null) parts.push(`VRID ${f.vrid}`);
  if (f.family !== null) parts.push(f.family === 'ipv6' ? 'IPv6' : 'IPv4');
  if (f.vlan !== null) parts.push(`VLAN ${f.vlan}`);
  return parts.join(' · ');
}

/**
 * Word-wraps `text` (which may contain colour codes) to `width` columns: the first line after `first`, the others after
 * `rest`. Words longer than a line are kept whole (an address or filter is never split).
 */
export function wrap(text: string, width: number, first: string, rest: string = first): string[] {
  const lines: string[] = [];
  let line = first;
  let visible = first.length;
  let empty = true;
  // Split on single spaces so that runs of spaces (column alignment) survive.
  for (const word of text.split(' ')) {
    if (word === '' && empty) continue;
    const w = visibleLength(word);
    if (!empty && visible + 1 + w > width) {
      lines.push(line);
      line = rest;
      visible = rest.length;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    visible += empty ? w : w + 1;
    empty = false;
  }
  lines.push(line);
  return lines;
}

function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
