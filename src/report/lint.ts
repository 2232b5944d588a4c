/**
 * The `lint` report: each node's configuration in one line per instance, then the findings in the audit's format
 * (text), or one JSON document (docs/output-contract.md, `vrrp-inspect lint`).
 */
import type { FindingDoc, Severity } from '../analysis/audit-document.js';
import type { ClusterConfig } from '../keepalived/types.js';
import { TOOL_VERSION } from '../version.js';
import { createPalette, type Palette } from './ansi.js';
import { wrap } from './audit-text.js';
import { SEVERITY_ORDER, countBySeverity, countLabel, severityCount } from './format.js';

export interface LintInstanceDoc {
  name: string;
  file: string;
  line: number;
  vrid: number | null;
  family: 'ipv4' | 'ipv6';
  version: 2 | 3;
  state: 'MASTER' | 'BACKUP' | null;
  priority: number;
  intervalMs: number;
  interface: string | null;
  vips: string[];
  nopreempt: boolean;
  auth: 'PASS' | 'AH' | null;
  unicastSrcIp?: string;
  unicastPeers?: string[];
  tracks: { kind: string; name: string; weight: number }[];
}

export interface LintConfigDoc {
  node: string;
  file: string;
  files: string[];
  routerId: string | null;
  instances: LintInstanceDoc[];
  virtualServers: { name: string; lbKind: string | null; vips: string[]; realServers: string[] }[];
}

export interface LintDocument {
  schemaVersion: 1;
  tool: { name: 'vrrp-inspect'; version: string };
  configs: LintConfigDoc[];
  findings: FindingDoc[];
}

export function buildLintDocument(cluster: ClusterConfig, findings: FindingDoc[]): LintDocument {
  return {
    schemaVersion: 1,
    tool: { name: 'vrrp-inspect', version: TOOL_VERSION },
    configs: cluster.map((n) => ({
      node: n.node,
      file: n.file,
      files: [...n.files],
      routerId: n.routerId ?? null,
      instances: n.instances.map((i) => ({
        name: i.name,
        file: i.file,
        line: i.line,
        vrid: i.vrid ?? null,
        family: i.family,
        version: i.version,
        state: i.state ?? null,
        priority: i.priority,
        intervalMs: i.intervalMs,
        interface: i.interface ?? null,
        vips: i.vips.map((v) => v.ip),
        nopreempt: i.nopreempt,
        auth: i.auth?.type ?? null,
        ...(i.unicastSrcIp === undefined ? {} : { unicastSrcIp: i.unicastSrcIp }),
        ...(i.unicastPeers.length > 0 ? { unicastPeers: [...i.unicastPeers] } : {}),
        tracks: i.tracks.map((t) => ({ kind: t.kind, name: t.name, weight: t.weight })),
      })),
      virtualServers: n.virtualServers.map((v) => ({
        name: v.name,
        lbKind: v.lbKind ?? null,
        vips: [...v.vips],
        realServers: v.realServers.map((r) => (r.port === undefined ? r.ip : `${r.ip}:${r.port}`)),
      })),
    })),
    findings,
  };
}

export function formatLintJson(doc: LintDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const TAG: Record<Severity, string> = { error: 'ERROR', warning: 'WARN', info: 'INFO' };
const INDENT = '  ';
const DETAIL = '      ';

export function formatLintText(doc: LintDocument, opts: { color: boolean; width?: number }): string {
  const width = Math.max(60, opts.width ?? 100);
  const p = createPalette(opts.color);
  const counts = countBySeverity(doc.findings);
  const instances = doc.configs.reduce((n, c) => n + c.instances.length, 0);
  const servers = doc.configs.reduce((n, c) => n + c.virtualServers.length, 0);
  const lines = [
    p.bold(
      `lint: ${countLabel(doc.configs.length, 'config')}, ${countLabel(instances, 'vrrp_instance')}, ${countLabel(servers, 'virtual_server')}; ` +
        `findings: ${SEVERITY_ORDER.map((s) => severityCount(counts[s], s)).join(', ')}`,
    ),
    '',
    p.bold('Configs'),
  ];
  for (const c of doc.configs) {
    lines.push(`${INDENT}${p.bold(c.node)}  ${c.files.join(', ')}`);
    for (const i of c.instances) {
      const parts = [
        i.name,
        `VRID ${i.vrid ?? '?'}`,
        `${i.family === 'ipv6' ? 'IPv6' : 'IPv4'} v${i.version}`,
        `${i.state ?? 'BACKUP'} prio ${i.priority}${i.nopreempt ? ' nopreempt' : ''}`,
        `advert_int ${i.intervalMs / 1000} s`,
        i.interface ?? 'no interface',
        i.vips.join(' ') || 'no VIPs',
      ];
      if (i.auth) parts.push(`auth ${i.auth}`);
      if (i.unicastPeers) parts.push(`unicast ${i.unicastSrcIp ?? '?'} → ${i.unicastPeers.join(' ')}`);
      lines.push(...wrap(parts.join(' · '), width, `${INDENT}${INDENT}`, `${DETAIL}  `));
    }
    for (const v of c.virtualServers) {
      lines.push(...wrap(`virtual_server ${v.name} · lb_kind ${v.lbKind ?? 'NAT'} · real servers ${v.realServers.join(' ') || 'none'}`, width, `${INDENT}${INDENT}`, `${DETAIL}  `));
    }
  }
  lines.push('', p.bold('Findings'));
  if (doc.findings.length === 0) lines.push(`${INDENT}No findings.`);
  for (const f of doc.findings) lines.push('', ...formatLintFinding(f, width, p));
  return `${lines.join('\n')}\n`;
}

function formatLintFinding(f: FindingDoc, width: number, p: Palette): string[] {
  const paint = f.severity === 'error' ? p.error : f.severity === 'warning' ? p.warning : p.info;
  const lines = wrap(`${paint(TAG[f.severity].padEnd(5))} ${p.bold(f.rule)}  ${f.title}`, width, INDENT, DETAIL);
  lines.push(...wrap(f.message, width, DETAIL));
  if (f.config && f.config.length > 0) lines.push(...wrap(`${p.dim('config')}  ${configRefsText(f.config)}`, width, DETAIL, `${DETAIL}        `));
  lines.push(`${DETAIL}${p.dim('filter')}  ${p.cyan(f.wiresharkFilter)}`);
  lines.push(...wrap(`${p.dim('fix')}     ${f.remediation}`, width, DETAIL, `${DETAIL}        `));
  return lines;
}

/** `n1.conf:12 (n1), n2.conf:12 (n2)`. */
export function configRefsText(refs: NonNullable<FindingDoc['config']>): string {
  return refs.map((r) => `${r.file}:${r.line} (${r.node})`).join(', ');
}
