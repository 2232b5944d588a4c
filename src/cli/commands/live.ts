/**
 * `vrrp-inspect live <iface|->`: watch a segment during an incident — the status board (or a JSONL event stream),
 * the same rules as `audit` applied as frames arrive, and on Ctrl-C / SIGTERM / --duration / --count the final audit
 * report with the audit's exit status.
 */
import type { Command } from 'commander';
import { DEFAULT_BUFFER_MIB, FILTERED_BUFFER_MIB } from '../../live/engines/capture-settings.js';
import { addAnalysisOptions, type AnalysisCliOptions } from '../shared-options.js';

export interface LiveCliOptions extends AnalysisCliOptions {
  format: string;
  filter?: string;
  duration?: string;
  count?: string;
  write?: string;
  metrics?: string;
  metricsSensorLabel?: boolean;
  sensor?: string;
  interfaces?: boolean;
  engine?: string;
  bufferSize?: string;
}

export function registerLiveCommand(program: Command): void {
  const cmd = program
    .command('live')
    .description('watch live interfaces (tcpdump, dumpcap or libpcap) or a capture stream on stdin: status board or JSONL events, then the audit report')
    .argument('[interfaces...]', 'capture devices (see --interfaces), or - to read a pcap/pcapng stream on stdin')
    .option('--format <format>', 'text (status board on a terminal, plain lines otherwise) or jsonl (event stream)', 'text')
    .option('--filter <expr>', "also capture this traffic (pcap-filter syntax, OR-ed with the default), e.g. 'host 192.0.2.100' for IPVS frames")
    .option('--duration <seconds>', 'stop after this many seconds')
    .option('--count <frames>', 'stop after this many frames')
    .option('--write <file.pcapng>', 'save every captured frame (pcapng), to audit again later')
    .option('--metrics <[host]:port>', 'serve Prometheus metrics at http://host:port/metrics (and /healthz), e.g. :9814')
    .option('--sensor <name>', 'name of this sensor: the sensor field of every JSONL event and label of vrrp_inspect_build_info (default: the hostname)')
    .option('--metrics-sensor-label', 'put sensor="<name>" on every metric, not only on vrrp_inspect_build_info')
    .option('--engine <engine>', 'what captures: auto (tcpdump as root or with an ambient CAP_NET_RAW, else dumpcap; cap last), tcpdump, dumpcap or cap', 'auto')
    .option(
      '--buffer-size <MiB>',
      `kernel capture buffer per interface, every engine (default ${DEFAULT_BUFFER_MIB}, ${FILTERED_BUFFER_MIB} with --filter)`,
    )
    .option('--interfaces', 'list the capture devices and exit');
  addAnalysisOptions(cmd).addHelpText(
    'after',
    `
Capture: the default filter keeps VRRP (also 802.1Q/802.1ad tagged), ARP, ICMPv6 neighbour discovery, ICMP errors
and the IPVS tunnel protocols (IP-in-IP, GRE, GUE ports from --gue-port); --filter adds traffic.
Engines: tcpdump and dumpcap stamp frames with the kernel's receive time and report kernel drops (tcpdump during
the run, dumpcap when it stops); cap (the optional Node module) stamps frames on arrival and cannot count kernel
drops. Capture needs root or CAP_NET_RAW (dumpcap: membership of the wireshark group). Several interfaces may be
given; virtual routers are kept apart per interface. 'live -' uses the timestamps in the stream and reads drop
counts from pcapng interface statistics blocks.

Stops on Ctrl-C or SIGTERM (or --duration/--count, or the end of stdin), prints the audit report (--format jsonl: a
'summary' event) and exits like audit: 0 no finding at or above --fail-on, 1 at least one, 2 capture error.

Examples:
  vrrp-inspect live eth0
  vrrp-inspect live eth0 --format jsonl | jq -c 'select(.event == "master-change")'
  vrrp-inspect live eth0 eth1 --engine dumpcap
  vrrp-inspect live eth0 --write incident.pcapng --metrics :9814 --filter 'host 192.0.2.100'
  vrrp-inspect live eth0 --format jsonl --metrics :9814 --sensor dc1-lb-segment
  ssh root@node1 "tcpdump -i eth0 --immediate-mode -B 32768 -s 1522 -U -w - 'vrrp or arp or (vlan and (vrrp or arp))'" | vrrp-inspect live -`,
  );
  cmd.action(async (targets: string[], opts: LiveCliOptions) => {
    // Loaded on use: start-up stays cheap for every command.
    const { runLive } = await import('./live-run.js');
    process.exitCode = await runLive(targets, opts);
  });
}
