/**
 * `live --metrics`: Prometheus metrics of the segment as seen on the wire, named in the style of the keepalived
 * exporters (mehdy/keepalived-exporter, gen2brain/keepalived_exporter; design/protocol-reference.md §6.1) with a
 * `vrrp_inspect_` prefix: `…_vrrp_state` mirrors `keepalived_vrrp_state` and `…_advertisements_received_total` mirrors
 * `keepalived_advertisements_received_total`. Where an exporter reports what one keepalived believes, these say what
 * every node put on the wire, so `vrrp_inspect_vrrp_active_masters > 1` is a split-brain no exporter can see.
 *
 * Router gauges are computed from the model at scrape time; finding counters follow the event stream.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { masterDownIntervalMs } from '../analysis/model/timers.js';
import type { Speaker, VirtualRouter } from '../analysis/model/types.js';
import { TOOL_VERSION } from '../version.js';
import type { LiveEvent } from './live-events.js';
import type { LiveObserver, LiveView } from './live-session.js';

const ROUTER_LABELS = ['intf', 'vlan', 'family', 'vrid'] as const;
const SPEAKER_LABELS = [...ROUTER_LABELS, 'speaker', 'mac'] as const;
type RouterLabel = (typeof ROUTER_LABELS)[number];
type SpeakerLabel = (typeof SPEAKER_LABELS)[number];

/** keepalived_vrrp_state values: 1 BACKUP, 2 MASTER (INIT and FAULT cannot be seen on the wire). */
export const VRRP_STATE = { backup: 1, master: 2 } as const;

export interface LiveMetrics {
  readonly registry: Registry;
  /** Feed it the session's events (finding counters). */
  readonly observer: LiveObserver;
}

export interface LiveMetricsOptions {
  /** The sensor's name (`--sensor`, else the hostname): always on `vrrp_inspect_build_info`. */
  sensor: string;
  /** Also put `sensor="<name>"` on every series (`--metrics-sensor-label`). */
  sensorLabel?: boolean;
}

/** The lowest priority a backup can have: its Master_Down_Interval is the longest any live backup waits before taking over. */
const LOWEST_BACKUP_PRIORITY = 1;

export function createLiveMetrics(view: () => LiveView, options: LiveMetricsOptions): LiveMetrics {
  const registry = new Registry();
  if (options.sensorLabel) registry.setDefaultLabels({ sensor: options.sensor });
  new Gauge<'version' | 'nodejs' | 'sensor'>({
    name: 'vrrp_inspect_build_info',
    help: 'Always 1: the vrrp-inspect version, the Node.js version and the sensor name of this process',
    labelNames: ['version', 'nodejs', 'sensor'],
    registers: [registry],
  }).set({ version: TOOL_VERSION, nodejs: process.version, sensor: options.sensor }, 1);
  // With several interfaces, `intf` is the interface the router was seen on.
  const routerLabels = (r: VirtualRouter, v: LiveView): Record<RouterLabel, string> => ({
    intf: v.capture.interfaces[r.iface] ?? v.source,
    vlan: r.vlanStack.join('.'),
    family: r.family,
    vrid: String(r.vrid),
  });

  const perSpeaker = (
    name: string,
    help: string,
    value: (r: VirtualRouter, s: Speaker) => number,
  ): void => {
    new Gauge<SpeakerLabel>({
      name,
      help,
      labelNames: SPEAKER_LABELS,
      registers: [registry],
      collect() {
        this.reset();
        const v = view();
        for (const r of v.routers) {
          for (const s of r.speakers.values()) this.set({ ...routerLabels(r, v), speaker: s.ip, mac: s.mac }, value(r, s));
        }
      },
    });
  };
  const perRouter = (name: string, help: string, value: (r: VirtualRouter, now: number | null) => number | null): void => {
    new Gauge<RouterLabel>({
      name,
      help,
      labelNames: ROUTER_LABELS,
      registers: [registry],
      collect() {
        this.reset();
        const v = view();
        for (const r of v.routers) {
          const x = value(r, v.now);
          if (x !== null) this.set(routerLabels(r, v), x);
        }
      },
    });
  };

  perSpeaker(
    'vrrp_inspect_vrrp_state',
    'Role of each VRRP speaker seen on the wire: 2 MASTER (the current master), 1 BACKUP (seen advertising, not master now)',
    (r, s) => (r.master === s ? VRRP_STATE.master : VRRP_STATE.backup),
  );
  perSpeaker('vrrp_inspect_vrrp_priority', 'Priority in the latest advertisement of each speaker', (_r, s) => s.lastPriority);
  // A counter in Prometheus terms (it only grows); exposed from the model's running count at scrape time.
  new Counter<SpeakerLabel>({
    name: 'vrrp_inspect_advertisements_received_total',
    help: 'VRRP advertisements seen from each speaker',
    labelNames: SPEAKER_LABELS,
    registers: [registry],
    collect() {
      this.reset();
      const v = view();
      for (const r of v.routers) {
        for (const s of r.speakers.values()) this.inc({ ...routerLabels(r, v), speaker: s.ip, mac: s.mac }, s.adverts);
      }
    },
  });
  perRouter(
    'vrrp_inspect_vrrp_active_masters',
    'Speakers currently advertising with priority > 0 (more than 1 is a split-brain)',
    (r) => [...r.speakers.values()].filter((s) => s.active).length,
  );
  new Counter<RouterLabel>({
    name: 'vrrp_inspect_vrrp_failovers_total',
    help: 'Changes of master from one speaker to another (the first election is not a failover)',
    labelNames: ROUTER_LABELS,
    registers: [registry],
    collect() {
      this.reset();
      const v = view();
      // Every router from 0, so that increase() also counts a router's first failover.
      for (const r of v.routers) this.inc(routerLabels(r, v), r.failovers);
    },
  });
  perRouter('vrrp_inspect_vrrp_last_advert_seconds', 'Seconds since the last advertisement of the virtual router', (r, now) =>
    now === null ? null : Math.max(0, now - r.lastSeen),
  );
  perRouter(
    'vrrp_inspect_vrrp_master_down_interval_seconds',
    'Master_Down_Interval (RFC 3768/5798) of a priority-1 backup at the master\'s advert interval: after this long without an advert, no backup is still waiting, so nobody is master',
    (r) => {
      const timing = r.master ?? latestSpeaker(r);
      return timing ? masterDownIntervalMs(timing.version, LOWEST_BACKUP_PRIORITY, timing.intervalMs) / 1000 : null;
    },
  );

  // Labelled with the router too (empty for findings about no single router, e.g. a real server answering ARP), so an
  // alert on an open finding names the router.
  new Gauge<'rule' | 'severity' | RouterLabel>({
    name: 'vrrp_inspect_findings_open',
    help: 'Findings currently open, by rule, severity and virtual router (router labels empty when the finding is about no single router)',
    labelNames: ['rule', 'severity', ...ROUTER_LABELS],
    registers: [registry],
    collect() {
      this.reset();
      const v = view();
      const routers = new Map(v.routers.map((r) => [r.key, r]));
      const noRouter: Record<RouterLabel, string> = { intf: '', vlan: '', family: '', vrid: '' };
      const counts = new Map<string, { labels: Record<'rule' | 'severity' | RouterLabel, string>; n: number }>();
      for (const f of v.openFindings) {
        const router = f.router === null ? undefined : routers.get(f.router);
        const labels = { rule: f.rule, severity: f.severity, ...(router ? routerLabels(router, v) : noRouter) };
        const key = Object.values(labels).join('\u0000');
        const c = counts.get(key) ?? { labels, n: 0 };
        c.n += 1;
        counts.set(key, c);
      }
      for (const c of counts.values()) this.set(c.labels, c.n);
    },
  });
  const findingsTotal = new Counter<'rule' | 'severity'>({
    name: 'vrrp_inspect_findings_total',
    help: 'Findings opened (or reopened) since the start, by rule and severity',
    labelNames: ['rule', 'severity'],
    registers: [registry],
  });

  new Counter({
    name: 'vrrp_inspect_frames_total',
    help: 'Frames captured (after the capture filter)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(view().frames);
    },
  });
  new Counter<'kind'>({
    name: 'vrrp_inspect_frames_decoded_total',
    help: 'Frames decoded, by kind: vrrp, arp, nd (neighbour discovery), ipvs (forwarded to a real server), undecodable',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset();
      const s = view().stats;
      for (const kind of ['vrrp', 'arp', 'nd', 'ipvs', 'undecodable'] as const) this.inc({ kind }, s[kind]);
    },
  });
  // The kernel series exists only while the engine can tell: a constant 0 would claim "no loss" without knowing.
  new Counter<'by'>({
    name: 'vrrp_inspect_capture_drops_total',
    help:
      'Frames the capture lost: by="kernel" dropped by libpcap\'s kernel buffer (absent while the engine cannot tell), ' +
      'by="vrrp-inspect" discarded by vrrp-inspect itself when it fell behind',
    labelNames: ['by'],
    registers: [registry],
    collect() {
      this.reset();
      const { kernelDrops, toolDrops } = view().capture;
      if (kernelDrops !== null) this.inc({ by: 'kernel' }, kernelDrops);
      this.inc({ by: 'vrrp-inspect' }, toolDrops);
    },
  });

  return {
    registry,
    observer: {
      event(e: LiveEvent) {
        if (e.event === 'finding') findingsTotal.inc({ rule: e.rule, severity: e.severity });
      },
    },
  };
}

function latestSpeaker(r: VirtualRouter): Speaker | undefined {
  let latest: Speaker | undefined;
  for (const s of r.speakers.values()) if (!latest || s.lastSeen > latest.lastSeen) latest = s;
  return latest;
}
