/**
 * conf-* rules that read only the configs (the `lint` checks) run once at the end of the input, with the cluster's
 * configs from the analysis options; without configs they do nothing. They report like every other rule, so lint and
 * audit share findings, severities, --disable and --fail-on.
 */
import type { ClusterConfig } from '../../keepalived/types.js';
import { defineRule, type FindingInput, type RuleDefinition, type RuleMeta } from '../rule.js';

export type ConfFinding = Omit<FindingInput, 'ts'>;

export function defineConfCheck(meta: RuleMeta, check: (cluster: ClusterConfig, report: (f: ConfFinding) => void) => void): RuleDefinition {
  return defineRule({
    meta,
    create(ctx) {
      return {
        end(now) {
          const cluster = ctx.options.keepalived;
          if (!cluster || cluster.length === 0) return;
          check(cluster, (f) => ctx.report({ ...f, ts: now }));
        },
      };
    },
  });
}
