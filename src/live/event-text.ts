/** Live events as one line each for a person (the text counterpart of live-events.ts' JSON lines). */
import type { Family } from '../analysis/audit-document.js';
import type { Palette } from '../report/ansi.js';
import { formatCaptureDrops, formatClock, formatDuration } from '../report/format.js';
import type { LiveEvent, RouterStats } from './live-events.js';

const LABEL_WIDTH = 8;

function routerName(r: { vrid: number; vlan: number | null; family: Family }): string {
  return `VRID ${r.vrid} ${r.vlan === null ? 'untagged' : `VLAN ${r.vlan}`} ${r.family}`;
}

function ms(value: number | null): string {
  return value === null ? '?' : formatDuration(value / 1000);
}

function line(ts: number, label: string, text: string, p: Palette, paint: (s: string) => string = (s) => s): string {
  return `${p.dim(`${formatClock(ts)}`)}  ${paint(label.padEnd(LABEL_WIDTH))} ${text}`;
}

/** The lines for one event; `stats` gives one status line per router (the board replaces them on a terminal). */
export function formatEventText(event: LiveEvent, p: Palette): string[] {
  switch (event.event) {
    case 'router':
      return [
        line(
          event.ts,
          'router',
          `${routerName(event)} v${event.version}: first advert from ${event.speaker.ip} (${event.speaker.mac}) priority ` +
            `${event.speaker.priority}, VIPs ${event.vips.join(' ') || 'none'}`,
          p,
          p.cyan,
        ),
      ];
    case 'master-change': {
      const from = event.from ? event.from.ip : 'none';
      const expected = event.expectedGapMs === null ? '' : `, expected ${ms(event.expectedGapMs)}`;
      return [
        line(
          event.ts,
          'master',
          `${routerName(event)}: ${from} → ${p.bold(event.to.ip)} (priority ${event.to.priority}; ${event.reason}, gap ${ms(event.gapMs)}${expected})`,
          p,
          p.magenta,
        ),
      ];
    }
    case 'finding':
      return [line(event.ts, event.severity.toUpperCase(), `${event.rule}: ${event.title} — ${event.message}`, p, p[event.severity])];
    case 'finding-closed':
      return [line(event.ts, 'closed', `${event.rule}: ${event.title}`, p, p.green)];
    case 'stats': {
      const capture = { engine: event.engine, interfaces: [], drops: event.drops, kernelDrops: event.kernelDrops, toolDrops: event.toolDrops };
      const head = `${event.frames} frames (vrrp ${event.vrrp}, arp ${event.arp}, nd ${event.nd}), ${event.engine}: ${formatCaptureDrops(capture)}`;
      return [line(event.ts, 'status', head, p), ...event.routers.map((r) => line(event.ts, 'status', routerStatus(r), p))];
    }
    case 'summary':
      return [];
  }
}

function routerStatus(r: RouterStats): string {
  return `${routerName(r)}: master ${r.master ?? 'none'}, ${r.adverts} adverts, ${r.failovers} failover${r.failovers === 1 ? '' : 's'}`;
}
