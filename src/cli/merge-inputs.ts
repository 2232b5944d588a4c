/**
 * `audit --merge` arguments: captures of one segment, each optionally named `name=path` (a name that is a node's IP
 * marks the capture taken on that node). Directories expand as for `audit`; names must be unique.
 */
import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { expandInputs, type CliInput } from './inputs.js';

export interface NamedInput {
  name: string;
  input: CliInput;
}

const NAMED = /^([^=/\\]+)=(.+)$/;

export function expandMergeInputs(args: readonly string[]): NamedInput[] {
  const out: NamedInput[] = [];
  for (const arg of args) {
    const m = existsSync(arg) ? null : NAMED.exec(arg);
    if (m) {
      const inputs = expandInputs([m[2] ?? '']);
      if (inputs.length !== 1) throw new UsageError('merge-name-dir', `--merge: a name (${m[1]}=) must name one capture file, not a directory`);
      out.push({ name: m[1] ?? '', input: inputs[0]! });
    } else {
      for (const input of expandInputs([arg])) out.push({ name: input.name, input });
    }
  }
  if (out.length < 2) throw new UsageError('merge-one', '--merge needs captures from at least two vantage points');
  if (out.filter((i) => i.input.kind === 'stdin').length > 1) throw new UsageError('stdin-twice', 'stdin (-) can be given only once');
  const seen = new Set<string>();
  for (const { name } of out) {
    if (seen.has(name)) throw new UsageError('merge-duplicate-name', `--merge: two captures named ${name}; name them with name=path`);
    seen.add(name);
  }
  return out;
}
