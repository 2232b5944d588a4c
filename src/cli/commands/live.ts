/**
 * `vrrp-inspect live <iface|->`: watch a segment during an incident — the status board (or a JSONL event stream),
 * the same rules as `audit` applied as frames arrive, and on Ctrl-C / SIGTERM / --duration / --count the final audit
 * report with the audit's exit status.
 */
import type { Command } from 'commander';
import { ALL_RULES, RULE_IDS } from '../../analysis/rules/index.js';
import { UsageError } from '../../errors.js';
import { summaryEvent, formatEventLine } from '../../live/live-events.js';
import type { LiveObserver } from '../../live/live-session.js';
import type { LiveSource } from '../../live/live-source.js';
import { addAnalysisOptions, exitCodeFor, resolveAnalysisOptions, type AnalysisCliOptions } from '../shared-options.js';

interface LiveCliOptions extends AnalysisCliOptions {
  format: string;
  filter?: string;
  duration?: string;
  count?: string;
  write?: string;
  metrics?: string;
  interfaces?: boolean;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function registerLiveCommand(program: Command): void {
  const cmd = program
    .command('live')
    .description('watch a live interface (libpcap) or a capture stream on stdin: status board or JSONL events, then the audit report')
    .argument('[interface]', 'capture device (see --interfaces), or - to read a pcap/pcapng stream on stdin')
    .option('--format <format>', 'text (status board on a terminal, plain lines otherwise) or jsonl (event stream)', 'text')
    .option('--filter <expr>', "also capture this traffic (pcap-filter syntax, OR-ed with the default), e.g. 'host 192.0.2.100' for IPVS frames")
    .option('--duration <seconds>', 'stop after this many seconds')
    .option('--count <frames>', 'stop after this many frames')
    .option('--write <file.pcapng>', 'save every captured frame (pcapng), to audit again later')
    .option('--metrics <[host]:port>', 'serve Prometheus metrics at http://host:port/metrics, e.g. :9814')
    .option('--interfaces', 'list the capture devices and exit');
  addAnalysisOptions(cmd).addHelpText(
    'after',
    `
Capture: the default filter keeps VRRP (also 802.1Q/802.1ad tagged), ARP, ICMPv6 neighbour discovery, ICMP errors
and the IPVS tunnel protocols (IP-in-IP, GRE, GUE ports from --gue-port); --filter adds traffic. Live capture needs
root or CAP_NET_RAW, and the optional cap module (apt-get install libpcap-dev && npm rebuild cap).
Frames from an interface are stamped when they arrive (cap does not pass libpcap's timestamps on), so intervals are
accurate to a few milliseconds; 'live -' uses the timestamps in the stream.

Stops on Ctrl-C or SIGTERM (or --duration/--count, or the end of stdin), prints the audit report (--format jsonl: a
'summary' event) and exits like audit: 0 no finding at or above --fail-on, 1 at least one, 2 capture error.

Examples:
  vrrp-inspect live eth0
  vrrp-inspect live eth0 --format jsonl | jq -c 'select(.event == "master-change")'
  vrrp-inspect live eth0 --write incident.pcapng --metrics :9814 --filter 'host 192.0.2.100'
  tcpdump -i eth0 -U -w - 'vrrp or arp or (vlan and (vrrp or arp))' | vrrp-inspect live -
  ssh root@node1 "tcpdump -i eth0 -U -w - 'vrrp or arp or (vlan and (vrrp or arp))'" | vrrp-inspect live -`,
  );
  cmd.action(async (target: string | undefined, opts: LiveCliOptions) => {
    process.exitCode = await runLive(target, opts);
  });
}

function positiveNumber(text: string | undefined, option: string, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError('bad-number', `${option} must be a positive ${integer ? 'integer' : 'number'}, got '${text}'`);
  }
  return n;
}

async function runLive(target: string | undefined, opts: LiveCliOptions): Promise<number> {
  if (opts.interfaces) {
    const { listCaptureDevices, formatDeviceList } = await import('../../live/interfaces.js');
    process.stdout.write(formatDeviceList(await listCaptureDevices()));
    return 0;
  }
  if (target === undefined) {
    throw new UsageError('missing-interface', 'live needs an interface (e.g. eth0) or - for stdin: list interfaces with --interfaces');
  }
  if (opts.format !== 'text' && opts.format !== 'jsonl') {
    throw new UsageError('bad-format', `--format must be text or jsonl, got '${opts.format}'`);
  }
  const durationS = positiveNumber(opts.duration, '--duration', false);
  const count = positiveNumber(opts.count, '--count', true);
  const resolved = resolveAnalysisOptions(opts, RULE_IDS);
  const { parseListenAddress, startMetricsServer } = await import('../../live/metrics-server.js');
  const metricsAddress = opts.metrics === undefined ? undefined : parseListenAddress(opts.metrics);

  const source = await openSource(target, opts, resolved.guePorts);
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    const { PcapngFileWriter } = await import('../../live/pcapng-file-writer.js');
    const writer = opts.write === undefined ? undefined : PcapngFileWriter.create(opts.write, source.name);
    if (writer) cleanups.push(() => writer.close());

    const { LiveSession } = await import('../../live/live-session.js');
    const { shouldUseColor } = await import('../../report/color.js');
    const color = shouldUseColor(process.stdout, process.env);
    const observers: LiveObserver[] = [];
    let terminal: import('../../live/live-terminal.js').LiveTerminal | undefined;
    if (opts.format === 'jsonl') {
      const { JsonlOutput } = await import('../../live/jsonl-output.js');
      observers.push(new JsonlOutput(process.stdout));
    } else {
      const { LiveTerminal } = await import('../../live/live-terminal.js');
      const interactive = process.stdout.isTTY === true && process.env['TERM'] !== 'dumb';
      terminal = new LiveTerminal(process.stdout, { color, interactive });
      observers.push(terminal);
    }

    const live = new LiveSession({
      source,
      analysis: resolved.analysis,
      rules: ALL_RULES,
      guePorts: resolved.guePorts,
      // Read at every event: observers added below (metrics) are included.
      observers,
      ...(durationS !== undefined ? { durationS } : {}),
      ...(count !== undefined ? { count } : {}),
      ...(writer ? { writer } : {}),
    });
    if (metricsAddress) {
      const { createLiveMetrics } = await import('../../live/live-metrics.js');
      const metrics = createLiveMetrics(() => live.view());
      observers.push(metrics.observer);
      const server = await startMetricsServer(metrics.registry, metricsAddress);
      cleanups.push(() => server.close());
    }

    const onSignal = (): void => live.stop('signal');
    for (const s of STOP_SIGNALS) process.on(s, onSignal);
    let result;
    try {
      result = await live.run();
    } finally {
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
    }

    const doc = result.document;
    if (result.error && doc.input.frames === 0) throw result.error;
    if (opts.format === 'jsonl') {
      process.stdout.write(formatEventLine(summaryEvent(result.endTs, doc)));
    } else {
      terminal?.close(live.view());
      const { formatAuditText } = await import('../../report/audit-text.js');
      const width = Math.max(80, Math.min(process.stdout.columns ?? 100, 160));
      process.stdout.write(`\n${formatAuditText(doc, { color, width })}`);
    }
    if (result.error) throw result.error;
    return exitCodeFor(doc.findings, resolved.failOn);
  } finally {
    source.stop();
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

async function openSource(target: string, opts: LiveCliOptions, guePorts: ReadonlySet<number>): Promise<LiveSource> {
  const { openInterfaceSource, streamSource } = await import('../../live/live-source.js');
  if (target !== '-') {
    return openInterfaceSource({ device: target, guePorts, ...(opts.filter !== undefined ? { filter: opts.filter } : {}) });
  }
  if (opts.filter !== undefined) {
    throw new UsageError('filter-with-stdin', "--filter applies to interface capture: with 'live -', filter in the tcpdump that writes the stream");
  }
  if (process.stdin.isTTY) {
    throw new UsageError(
      'stdin-is-terminal',
      "live - reads a capture stream on stdin, not a terminal: pipe one in, e.g. tcpdump -i eth0 -U -w - | vrrp-inspect live -",
    );
  }
  return streamSource(process.stdin, 'stdin');
}
