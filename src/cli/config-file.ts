/**
 * The optional JSON config file (`--config`): the same choices as the command line, for a team to keep next to
 * its keepalived.conf. Unknown keys are an error, so a typo does not silently do nothing.
 */
import { readFileSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';

export interface ConfigFile {
  profile?: string;
  disable?: string[];
  severity?: Record<string, string>;
  failOn?: string;
  guePorts?: number[];
  /** Each node's keepalived.conf, relative to the config file. */
  keepalived?: string[];
  configId?: string;
  options?: {
    maxEvidenceFrames?: number;
    masterFlapping?: { changes?: number; windowS?: number };
    missingGarp?: { withinS?: number };
    garpStorm?: { requests?: number; periodMs?: number };
    backupArpSettleS?: number;
  };
}

const TOP_KEYS = new Set(['profile', 'disable', 'severity', 'failOn', 'guePorts', 'keepalived', 'configId', 'options']);
const OPTION_KEYS = new Set(['maxEvidenceFrames', 'masterFlapping', 'missingGarp', 'garpStorm', 'backupArpSettleS']);

export function loadConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError('config-unreadable', `cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError('config-invalid', `config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return validateConfig(data, path);
}

export function validateConfig(data: unknown, path: string): ConfigFile {
  const fail = (what: string): never => {
    throw new UsageError('config-invalid', `config file ${path}: ${what}`);
  };
  if (!isObject(data)) return fail('expected a JSON object');
  for (const k of Object.keys(data)) if (!TOP_KEYS.has(k)) fail(`unknown key '${k}' (known: ${[...TOP_KEYS].join(', ')})`);
  const d = data;
  if (d['profile'] !== undefined && typeof d['profile'] !== 'string') fail("'profile' must be a string");
  if (d['failOn'] !== undefined && typeof d['failOn'] !== 'string') fail("'failOn' must be a string");
  if (d['disable'] !== undefined && !(Array.isArray(d['disable']) && d['disable'].every((x) => typeof x === 'string'))) fail("'disable' must be a list of rule ids");
  if (d['keepalived'] !== undefined && !(Array.isArray(d['keepalived']) && d['keepalived'].every((x) => typeof x === 'string'))) fail("'keepalived' must be a list of keepalived.conf paths");
  if (d['configId'] !== undefined && typeof d['configId'] !== 'string') fail("'configId' must be a string");
  if (d['guePorts'] !== undefined && !(Array.isArray(d['guePorts']) && d['guePorts'].every((x) => typeof x === 'number'))) fail("'guePorts' must be a list of numbers");
  if (d['severity'] !== undefined && !(isObject(d['severity']) && Object.values(d['severity']).every((x) => typeof x === 'string'))) {
    fail("'severity' must map rule ids to error|warning|info");
  }
  const options = d['options'];
  if (options !== undefined) {
    if (!isObject(options)) return fail("'options' must be an object");
    for (const k of Object.keys(options)) if (!OPTION_KEYS.has(k)) fail(`unknown option '${k}' (known: ${[...OPTION_KEYS].join(', ')})`);
    for (const [k, v] of Object.entries(options)) {
      if (typeof v === 'number') continue;
      if (!isObject(v) || !Object.values(v).every((x) => typeof x === 'number')) fail(`options.${k} must be a number or an object of numbers`);
    }
  }
  return d as ConfigFile;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
