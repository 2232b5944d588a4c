/** `vrrp-inspect lint <keepalived.conf...>`: one cluster's configs checked each alone and together (the conf-* rules). */
import type { Command } from 'commander';
import { collect } from '../shared-options.js';

export interface LintCliOptions {
  format: string;
  disable?: string[];
  severity?: string[];
  config?: string;
  failOn?: string;
  configId?: string;
}

export function registerLintCommand(program: Command): void {
  program
    .command('lint')
    .description("check one cluster's keepalived.conf files, each alone and together: auth, VRIDs, intervals, versions, VIPs, priorities, unicast peers")
    .argument('<configs...>', "each node's keepalived.conf (includes are followed)")
    .option('--format <format>', 'text (for a person) or json (for scripts)', 'text')
    .option('--disable <ids>', 'turn rules off (comma-separated, repeatable)', collect)
    .option('--severity <id=level>', 'override a rule severity, e.g. --severity conf-priority-tie=info (repeatable)', collect)
    .option('--config <file>', 'JSON config file (the one of audit: disable, severity, failOn)')
    .option('--fail-on <level>', 'exit 1 when a finding is at or above: error (default), warning, info, never')
    .option('--config-id <id>', "keepalived's -i config id, for @id / @^id conditional lines")
    .addHelpText(
      'after',
      `
Exit status: 0 no finding at or above --fail-on, 1 at least one, 2 a file cannot be read or bad usage.

Examples:
  vrrp-inspect lint node1/keepalived.conf node2/keepalived.conf
  vrrp-inspect lint lb-*.conf --format json | jq '.findings[] | {rule, title}'
  vrrp-inspect audit incident.pcap --keepalived node1.conf --keepalived node2.conf`,
    )
    .action(async (configs: string[], opts: LintCliOptions) => {
      const { runLint } = await import('./lint-run.js');
      process.exitCode = await runLint(configs, opts);
    });
}
