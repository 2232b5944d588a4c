/** The `live` command's work, loaded only when it runs (see live.ts for the options and help). */
import { hostname } from 'node:os';
import { ALL_RULES, RULE_IDS } from '../../analysis/rules/index.js';
import { UsageError } from '../../errors.js';
import { summaryEvent } from '../../live/live-events.js';
import type { LiveObserver } from '../../live/live-session.js';
import type { LiveSource } from '../../live/live-source.js';
import { exitCodeFor, resolveAnalysisOptions } from '../shared-options.js';
import { waitForDrain } from '../output.js';
import type { LiveCliOptions } from './live.js';
import { shouldUseColor } from '../../report/color.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function positiveNumber(text: string | undefined, option: string, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError('bad-number', `${option} must be a positive ${integer ? 'integer' : 'number'}, got '${text}'`);
  }
  return n;
}

/** `--sensor`, else the hostname: one short printable name, as log pipelines and Prometheus labels expect. */
export function resolveSensorName(given: string | undefined, host: () => string = hostname): string {
  const name = given === undefined ? host() : given.trim();
  // eslint-disable-next-line no-control-regex
  if (name === '' || name.length > 253 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new UsageError('bad-sensor', `--sensor must be a non-empty printable name of at most 253 characters, got ${JSON.stringify(name)}`);
  }
  return name;
}

export async function runLive(targets: readonly string[], opts: LiveCliOptions): Promise<number> {
  if (opts.interfaces) {
    const { listCaptureDevices, formatDeviceList } = await import('../../live/interfaces.js');
    process.stdout.write(formatDeviceList(await listCaptureDevices()));
    return 0;
  }
  if (targets.length === 0) {
    throw new UsageError('missing-interface', 'live needs an interface (e.g. eth0) or - for stdin: list interfaces with --interfaces');
  }
  if (targets.includes('-') && targets.length > 1) {
    throw new UsageError('stdin-with-interfaces', "live - reads one stream on stdin: give either - or interfaces, not both");
  }
  if (new Set(targets).size !== targets.length) {
    throw new UsageError('duplicate-interface', `live: an interface is given twice (${targets.join(' ')})`);
  }
  if (opts.format !== 'text' && opts.format !== 'jsonl') {
    throw new UsageError('bad-format', `--format must be text or jsonl, got '${opts.format}'`);
  }
  const durationS = positiveNumber(opts.duration, '--duration', false);
  const bufferMiB = positiveNumber(opts.bufferSize, '--buffer-size', true);
  const count = positiveNumber(opts.count, '--count', true);
  const resolved = resolveAnalysisOptions(opts, RULE_IDS);
  const sensor = resolveSensorName(opts.sensor);
  const { parseListenAddress, startMetricsServer } = await import('../../live/metrics-server.js');
  const metricsAddress = opts.metrics === undefined ? undefined : parseListenAddress(opts.metrics);

  const source = await openSource(targets, opts, resolved.guePorts, bufferMiB);
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    const { PcapngFileWriter } = await import('../../live/pcapng-file-writer.js');
    const writer =
      opts.write === undefined ? undefined : PcapngFileWriter.create(opts.write, (iface) => source.interfaces[iface] ?? source.name);
    if (writer) cleanups.push(() => writer.close());

    const { LiveSession } = await import('../../live/live-session.js');
    const color = shouldUseColor(process.stdout, process.env);
    const observers: LiveObserver[] = [];
    let terminal: import('../../live/live-terminal.js').LiveTerminal | undefined;
    let jsonl: import('../../live/jsonl-output.js').JsonlOutput | undefined;
    if (opts.format === 'jsonl') {
      const { JsonlOutput } = await import('../../live/jsonl-output.js');
      jsonl = new JsonlOutput(process.stdout, sensor);
      observers.push(jsonl);
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
      backpressure: waitForDrain(process.stdout),
    });
    if (metricsAddress) {
      const { createLiveMetrics } = await import('../../live/live-metrics.js');
      const metrics = createLiveMetrics(() => live.view(), { sensor, sensorLabel: opts.metricsSensorLabel === true });
      observers.push(metrics.observer);
      const server = await startMetricsServer(metrics.registry, metricsAddress, () => live.health());
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
    if (jsonl) {
      jsonl.event(summaryEvent(result.endTs, doc));
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

async function openSource(
  targets: readonly string[],
  opts: LiveCliOptions,
  guePorts: ReadonlySet<number>,
  bufferMiB: number | undefined,
): Promise<LiveSource> {
  const { openInterfaceSource, streamSource } = await import('../../live/live-source.js');
  const { chooseEngine, parseEngineRequest } = await import('../../live/engines/choose-engine.js');
  const request = parseEngineRequest(opts.engine);
  if (targets[0] !== '-') {
    return openInterfaceSource({
      devices: targets,
      engine: chooseEngine(request),
      guePorts,
      ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
      ...(bufferMiB !== undefined ? { bufferMiB } : {}),
    });
  }
  if (request !== 'auto') {
    throw new UsageError('engine-with-stdin', "--engine applies to interface capture: with 'live -', the program writing the stream captures");
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
