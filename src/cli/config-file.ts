/**
 * The optional JSON config file (`--config`): the same choices as the command line, for a team to keep next to
 * its keepalived.conf. The whole file is checked against CONFIG_SCHEMA before anything is used: an unknown key, a
 * wrong type or a value out of range is an error naming the key's path, so a typo never silently does nothing.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { fileError } from '../system-errors.js';

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

/** A small JSON schema: what each key may hold. */
type Schema =
  | { type: 'string'; oneOf?: readonly string[]; what?: string }
  | { type: 'number'; integer?: boolean; min: number; max?: number; exclusiveMin?: boolean; why?: string }
  | { type: 'array'; items: Schema }
  | { type: 'map'; values: Schema; what: string }
  | { type: 'object'; keys: Readonly<Record<string, Schema>> };

const SEVERITY: Schema = { type: 'string', oneOf: ['error', 'warning', 'info'] };
const POSITIVE_SECONDS: Schema = { type: 'number', min: 0, exclusiveMin: true };

export const CONFIG_SCHEMA: Schema = {
  type: 'object',
  keys: {
    profile: { type: 'string', oneOf: ['keepalived', 'rfc'] },
    disable: { type: 'array', items: { type: 'string', what: 'a rule id' } },
    severity: { type: 'map', values: SEVERITY, what: 'rule ids' },
    failOn: { type: 'string', oneOf: ['error', 'warning', 'info', 'never'] },
    guePorts: { type: 'array', items: { type: 'number', integer: true, min: 1, max: 65535 } },
    keepalived: { type: 'array', items: { type: 'string', what: 'a keepalived.conf path' } },
    configId: { type: 'string' },
    options: {
      type: 'object',
      keys: {
        maxEvidenceFrames: { type: 'number', integer: true, min: 1, max: 100_000 },
        masterFlapping: {
          type: 'object',
          keys: {
            changes: { type: 'number', integer: true, min: 1, why: 'the changes tolerated; 0 would call every failover flapping' },
            windowS: POSITIVE_SECONDS,
          },
        },
        missingGarp: { type: 'object', keys: { withinS: POSITIVE_SECONDS } },
        garpStorm: {
          type: 'object',
          keys: {
            requests: { type: 'number', integer: true, min: 1, why: 'the requests tolerated; 0 would call every ARP request a storm' },
            periodMs: { type: 'number', min: 0, exclusiveMin: true },
          },
        },
        backupArpSettleS: { type: 'number', min: 0 },
      },
    },
  },
};

export function loadConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fileError('read', `config file ${path}`, e);
  }
  // Editors on Windows save UTF-8 with a byte-order mark; JSON.parse would reject it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError('config-invalid', `config file ${path} is not valid JSON (${(e as Error).message}): fix its syntax`);
  }
  return validateConfig(data, path);
}

export function validateConfig(data: unknown, path: string): ConfigFile {
  const problem = check(data, CONFIG_SCHEMA, '');
  if (problem !== null) throw new UsageError('config-invalid', `config file ${path}: ${problem}`);
  return data as ConfigFile;
}

/** The first problem of `value` against `schema`, as `<path>: <what is wrong>`, or null. */
function check(value: unknown, schema: Schema, path: string): string | null {
  const at = path === '' ? 'the file' : path;
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return `${at} must be ${schema.oneOf ? `one of ${schema.oneOf.join(', ')}` : schema.what ?? 'a string'}, got ${describe(value)}`;
      if (schema.oneOf && !schema.oneOf.includes(value)) return `${at} must be one of ${schema.oneOf.join(', ')}, got ${JSON.stringify(value)}`;
      return null;
    }
    case 'number': {
      const range = numberRange(schema);
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${at} must be ${range}, got ${describe(value)}`;
      const low = schema.exclusiveMin ? value <= schema.min : value < schema.min;
      if ((schema.integer && !Number.isInteger(value)) || low || (schema.max !== undefined && value > schema.max)) {
        return `${at} must be ${range}${schema.why ? ` (${schema.why})` : ''}, got ${value}`;
      }
      return null;
    }
    case 'array': {
      if (!Array.isArray(value)) return `${at} must be a list, got ${describe(value)}`;
      for (let i = 0; i < value.length; i++) {
        const problem = check(value[i], schema.items, `${path}[${i}]`);
        if (problem !== null) return problem;
      }
      return null;
    }
    case 'map': {
      if (!isObject(value)) return `${at} must be an object keyed by ${schema.what}, got ${describe(value)}`;
      for (const [k, v] of Object.entries(value)) {
        const problem = check(v, schema.values, joinPath(path, k));
        if (problem !== null) return problem;
      }
      return null;
    }
    case 'object': {
      if (!isObject(value)) return `${at} must be an object, got ${describe(value)}`;
      const known = Object.keys(schema.keys);
      for (const [k, v] of Object.entries(value)) {
        const keySchema = schema.keys[k];
        if (keySchema === undefined) return `${joinPath(path, k)}: unknown key (known here: ${known.join(', ')})`;
        const problem = check(v, keySchema, joinPath(path, k));
        if (problem !== null) return problem;
      }
      return null;
    }
  }
}

function numberRange(schema: Extract<Schema, { type: 'number' }>): string {
  const kind = schema.integer ? 'an integer' : 'a number';
  const low = schema.exclusiveMin ? `> ${schema.min}` : `>= ${schema.min}`;
  return schema.max === undefined ? `${kind} ${low}` : `${kind} from ${schema.min} to ${schema.max}`;
}

function joinPath(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return path === '' ? part : /^"/.test(part) ? `${path}[${part}]` : `${path}.${part}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
