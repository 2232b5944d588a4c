/**
 * Options shared by `audit` and `live`: profile, rule selection and severities, config file, --fail-on. Command line
 * beats config file beats defaults.
 */
import type { Command } from 'commander';
import type { Severity } from '../analysis/audit-document.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions, type Profile } from '../analysis/options.js';
import { UsageError } from '../errors.js';
import { loadConfigFile, type ConfigFile } from './config-file.js';
import { dirname, resolve } from 'node:path';
import { loadCluster } from './keepalived-configs.js';

export type FailOn = Severity | 'never';

export interface AnalysisCliOptions {
  profile?: string;
  disable?: string[];
  severity?: string[];
  config?: string;
  failOn?: string;
  showSecrets?: boolean;
  guePort?: string[];
  keepalived?: string[];
  configId?: string;
}

export interface ResolvedAnalysisOptions {
  analysis: AnalysisOptions;
  failOn: FailOn;
  guePorts: Set<number>;
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];

/** commander accumulator: repeatable options that also take comma-separated lists. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/** Repeatable file options: no comma splitting (file names may contain commas). */
export function collectFiles(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function addAnalysisOptions(cmd: Command): Command {
  return cmd
    .option('--profile <name>', 'rule profile: keepalived (adverts from the physical MAC are normal) or rfc (RFC 3768/5798 strict)')
    .option('--disable <ids>', 'turn rules off (comma-separated, repeatable)', collect)
    .option('--severity <id=level>', 'override a rule severity, e.g. --severity equal-priority=warning (repeatable)', collect)
    .option('--config <file>', 'JSON config file: profile, disable, severity, failOn, guePorts and rule options')
    .option('--fail-on <level>', 'exit 1 when a finding is at or above: error (default), warning, info, never')
    .option('--show-secrets', 'print VRRPv2 simple-text passwords instead of ***')
    .option('--gue-port <port>', 'decode GUE tunnels (IPVS) on this UDP port (repeatable)', collect)
    .option('--keepalived <file>', "a node's keepalived.conf: check the wire against the cluster's configs (repeatable, one per node)", collectFiles)
    .option('--config-id <id>', "keepalived's -i config id, for @id / @^id conditional lines of the configs");
}

export function resolveAnalysisOptions(opts: AnalysisCliOptions, knownRuleIds: ReadonlySet<string>): ResolvedAnalysisOptions {
  const file: ConfigFile = opts.config ? loadConfigFile(opts.config) : {};
  const profile = (opts.profile ?? file.profile ?? DEFAULT_ANALYSIS_OPTIONS.profile) as string;
  if (profile !== 'keepalived' && profile !== 'rfc') throw new UsageError('bad-profile', `unknown profile '${profile}': use keepalived or rfc`);
  const disabled = new Set<string>([...(file.disable ?? []), ...(opts.disable ?? [])]);
  for (const id of disabled) checkRuleId(id, knownRuleIds, '--disable');
  const severity = new Map<string, Severity>();
  for (const [id, level] of Object.entries(file.severity ?? {})) severity.set(checkRuleId(id, knownRuleIds, 'severity'), checkSeverity(level, id));
  for (const pair of opts.severity ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError('bad-severity', `--severity expects <rule-id>=<error|warning|info>, got '${pair}'`);
    severity.set(checkRuleId(pair.slice(0, eq), knownRuleIds, '--severity'), checkSeverity(pair.slice(eq + 1), pair.slice(0, eq)));
  }
  const failOn = (opts.failOn ?? file.failOn ?? 'error') as string;
  if (failOn !== 'never' && !SEVERITIES.includes(failOn)) {
    throw new UsageError('bad-fail-on', `--fail-on must be error, warning, info or never, got '${failOn}'`);
  }
  const guePorts = parseGuePorts([...(file.guePorts ?? []).map(String), ...(opts.guePort ?? [])]);
  const o = file.options ?? {};
  const analysis: AnalysisOptions = {
    ...DEFAULT_ANALYSIS_OPTIONS,
    profile: profile as Profile,
    disabled,
    severity,
    showSecrets: opts.showSecrets ?? false,
    maxEvidenceFrames: o.maxEvidenceFrames ?? DEFAULT_ANALYSIS_OPTIONS.maxEvidenceFrames,
    masterFlapping: { ...DEFAULT_ANALYSIS_OPTIONS.masterFlapping, ...o.masterFlapping },
    missingGarp: { ...DEFAULT_ANALYSIS_OPTIONS.missingGarp, ...o.missingGarp },
    garpStorm: { ...DEFAULT_ANALYSIS_OPTIONS.garpStorm, ...o.garpStorm },
    backupArpSettleS: o.backupArpSettleS ?? DEFAULT_ANALYSIS_OPTIONS.backupArpSettleS,
  };
  const confFiles = [...(opts.keepalived ?? []), ...(file.keepalived ?? []).map((f) => (opts.config ? resolve(dirname(opts.config), f) : f))];
  if (confFiles.length > 0) analysis.keepalived = loadCluster(confFiles, opts.configId ?? file.configId);
  return { analysis, failOn: failOn as FailOn, guePorts };
}

export function parseGuePorts(values: readonly string[]): Set<number> {
  const ports = new Set<number>();
  for (const p of values) {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError('bad-port', `--gue-port must be a UDP port (1-65535), got '${p}'`);
    ports.add(n);
  }
  return ports;
}

function checkRuleId(id: string, known: ReadonlySet<string>, where: string): string {
  if (!known.has(id)) throw new UsageError('unknown-rule', `${where}: unknown rule '${id}' (see 'vrrp-inspect rules')`);
  return id;
}

function checkSeverity(level: string, id: string): Severity {
  if (!SEVERITIES.includes(level)) throw new UsageError('bad-severity', `severity for '${id}' must be error, warning or info, got '${level}'`);
  return level as Severity;
}

/** Exit status of the contract: 1 when a finding is at or above --fail-on. */
export function exitCodeFor(findings: readonly { severity: Severity }[], failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  return findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold) ? 1 : 0;
}
