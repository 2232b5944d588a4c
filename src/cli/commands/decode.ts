/** `vrrp-inspect decode <capture|->`: one line per relevant frame, tcpdump-like text or the JSONL of the contract. */
import type { Command } from 'commander';
import { collect } from '../shared-options.js';

export interface DecodeCliOptions {
  format: string;
  all?: boolean;
  vrid?: string[];
  frame?: string[];
  only?: string[];
  showSecrets?: boolean;
  guePort?: string[];
}

export function registerDecodeCommand(program: Command): void {
  program
    .command('decode')
    .description('decode VRRP, ARP, ND and IPVS frames of a capture (pcap, pcapng, .gz, or - for stdin)')
    .argument('<capture>', 'capture file, or - to read a pcap/pcapng stream from stdin')
    .option('--format <format>', 'text (tcpdump-like lines) or jsonl (one JSON object per frame)', 'text')
    .option('--all', 'print every frame, not only VRRP/ARP/ND/IPVS-relevant ones')
    .option('--vrid <n>', 'only VRRP/CARP frames of this VRID (comma-separated, repeatable)', collect)
    .option('--frame <n>', 'only these frame numbers: N, N-M or N- (comma-separated, repeatable)', collect)
    .option('--only <kinds>', 'only frames of these kinds: vrrp, carp, arp, nd, tunnel, ipvs, error', collect)
    .option('--show-secrets', 'print VRRPv2 simple-text passwords instead of ***')
    .option('--gue-port <port>', 'decode GUE tunnels on this UDP port (repeatable)', collect)
    .addHelpText(
      'after',
      `
Examples:
  vrrp-inspect decode failover.pcapng
  vrrp-inspect decode capture.pcap --format jsonl --vrid 51 | jq .vrrp.priority
  tcpdump -i eth0 -U -w - 'vrrp or arp or (vlan and (vrrp or arp))' | vrrp-inspect decode -`,
    )
    .action(async (capture: string, opts: DecodeCliOptions) => {
      // Loaded on use: start-up stays cheap for every command.
      const { runDecode } = await import('./decode-run.js');
      process.exitCode = await runDecode(capture, opts);
    });
}
