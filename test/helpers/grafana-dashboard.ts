/** The PromQL queries of deploy/grafana/vrrp-inspect.json, for the tests that check them statically and on a real Prometheus. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './run-cli.js';

export const DASHBOARD = join(PROJECT_ROOT, 'deploy/grafana/vrrp-inspect.json');

export interface DashboardQuery {
  /** Panel title, or `variable <name>`. */
  where: string;
  expr: string;
  legendFormat: string;
}

interface Panel {
  title?: string;
  type?: string;
  targets?: { expr?: string; legendFormat?: string }[];
  panels?: Panel[];
}

export interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: { query?: string } | string }[] };
  [key: string]: unknown;
}

export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
}

export function allPanels(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

/** Panel targets, and the series selectors inside the query variables' label_values(selector, label). */
export function dashboardQueries(d: Dashboard = readDashboard()): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const p of allPanels(d.panels)) {
    for (const t of p.targets ?? []) queries.push({ where: p.title ?? '?', expr: t.expr ?? '', legendFormat: t.legendFormat ?? '' });
  }
  for (const v of d.templating.list) {
    if (v.type !== 'query') continue;
    const q = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
    const m = /^label_values\((.+),\s*([a-zA-Z_]\w*)\)$/.exec(q);
    queries.push({ where: `variable ${v.name}`, expr: m?.[1] ?? q, legendFormat: m?.[2] ? `{{${m[2]}}}` : '' });
  }
  return queries;
}

/** The query as Grafana sends it with every variable at "All" and a 1 h range at 15 s resolution. */
export function expandGrafanaVariables(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__range', '1h')
    .replace(/\$(job|instance|intf|vrid)\b/g, '.*');
}
