/** `vrrp-inspect audit <capture...>`: the incident report — routers, failovers, findings, IPVS inventory. */
import type { Command } from 'commander';
import { addAnalysisOptions, type AnalysisCliOptions } from '../shared-options.js';

export interface AuditCliOptions extends AnalysisCliOptions {
  format: string;
  html?: string;
  jobs?: string;
  merge?: boolean;
  debug?: boolean;
}

export function registerAuditCommand(program: Command): void {
  const cmd = program
    .command('audit')
    .description('analyse captures: virtual routers, masters and failovers, findings (split-brain, VRID collisions, ...), IPVS inventory')
    .argument('<captures...>', 'capture files or directories (pcap, pcapng, .gz), or - for stdin')
    .option('--format <format>', 'text (for a person) or json (the audit document, for scripts)', 'text')
    .option('--html <file>', 'also write a self-contained HTML report with the failover timeline')
    .option('--jobs <n>', 'captures audited at the same time: this thread and n-1 worker threads (default: one per two cores, fewer for small captures)')
    .option('--merge', 'the captures are one segment seen from several vantage points (name=path names one): align their clocks, count shared frames once, report who did not hear whom');
  addAnalysisOptions(cmd).addHelpText(
    'after',
    `
Exit status: 0 no finding at or above --fail-on, 1 at least one, 2 bad usage or unreadable input.

Examples:
  vrrp-inspect audit failover.pcapng
  vrrp-inspect audit captures/ --format json | jq '.findings[] | {rule, message}'
  vrrp-inspect audit node1.pcap --html report.html --fail-on warning
  vrrp-inspect audit --merge 192.0.2.11=node1.pcap 192.0.2.12=node2.pcap mirror.pcapng
  vrrp-inspect audit core.pcapng --profile rfc --disable equal-priority --severity advert-not-from-vmac=warning`,
  );
  cmd.action(async (captures: string[], opts: AuditCliOptions) => {
    // Loaded on use: start-up stays cheap for every command.
    const { runAudit } = await import('./audit-run.js');
    process.exitCode = await runAudit(captures, opts);
  });
}
