/**
 * The metric names `live --metrics` exports, read from the code's own registry (not a hand-kept list), for the tests
 * that check the Prometheus rules and the Grafana dashboard against them. The view claims a kernel drop count so that
 * every series of the drop counter is present.
 */
import { createLiveMetrics } from '../../src/live/live-metrics.js';
import type { LiveView } from '../../src/live/live-session.js';

export function exportedMetricNames(): Set<string> {
  const view: LiveView = {
    source: 'eth0',
    now: null,
    frames: 0,
    stats: { frames: 0, vrrp: 0, arp: 0, nd: 0, ipvs: 0, undecodable: 0 },
    drops: 0,
    capture: { engine: 'tcpdump', interfaces: ['eth0'], drops: 0, kernelDrops: 0, toolDrops: 0 },
    routers: [],
    openFindings: [],
  };
  const { registry } = createLiveMetrics(() => view, { sensor: 'test' });
  return new Set(registry.getMetricsAsArray().map((m) => m.name));
}

/** Series names a PromQL expression selects: identifiers of our prefix, plus Prometheus' own `up`. */
export function metricNamesIn(expr: string): string[] {
  const names = new Set<string>();
  for (const m of expr.matchAll(/\b(vrrp_inspect_[a-z0-9_]+|up)\b(?=\s*[{[)\s]|$)/g)) if (m[1]) names.add(m[1]);
  return [...names];
}
