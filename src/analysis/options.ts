import type { Severity } from './audit-document.js';
import type { ClusterConfig } from '../keepalived/types.js';

export type Profile = 'keepalived' | 'rfc';

/** Tunables of the analysis; defaults in DEFAULT_ANALYSIS_OPTIONS, overridable from the CLI and a config file. */
export interface AnalysisOptions {
  profile: Profile;
  /** Rule ids turned off. */
  disabled: ReadonlySet<string>;
  /** Severity per rule id, replacing the rule's own. */
  severity: ReadonlyMap<string, Severity>;
  /** Evidence frames kept per finding. */
  maxEvidenceFrames: number;
  masterFlapping: { changes: number; windowS: number };
  missingGarp: { withinS: number };
  garpStorm: { requests: number; periodMs: number };
  /** A former master answering ARP is tolerated this long after the transition. */
  backupArpSettleS: number;
  showSecrets: boolean;
  /** The cluster's keepalived.conf files (`lint`, `audit --keepalived`): the conf-* rules check them and the wire against them. */
  keepalived?: ClusterConfig;
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = {
  profile: 'keepalived',
  disabled: new Set(),
  severity: new Map(),
  maxEvidenceFrames: 20,
  masterFlapping: { changes: 3, windowS: 60 },
  missingGarp: { withinS: 5 },
  garpStorm: { requests: 30, periodMs: 100 },
  backupArpSettleS: 2,
  showSecrets: false,
};
