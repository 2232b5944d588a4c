/** Turns command-line capture arguments into inputs: `-` is stdin, a directory expands to the captures inside it. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { fileError } from '../system-errors.js';

export type CliInput = { kind: 'file'; path: string; name: string } | { kind: 'stdin'; name: 'stdin' };

const CAPTURE_FILE = /\.(pcap|pcapng|cap|dmp)(\.gz)?$/i;

export function expandInputs(args: readonly string[]): CliInput[] {
  const out: CliInput[] = [];
  for (const arg of args) {
    if (arg === '-') {
      out.push({ kind: 'stdin', name: 'stdin' });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(arg).isDirectory();
    } catch (e) {
      throw fileError('read', arg, e);
    }
    if (!isDir) {
      out.push({ kind: 'file', path: arg, name: basename(arg) });
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(arg);
    } catch (e) {
      throw fileError('list', arg, e);
    }
    const files = names.filter((f) => CAPTURE_FILE.test(f)).sort();
    if (files.length === 0) throw new InputError('empty-dir', `no capture files (*.pcap, *.pcapng, *.cap, *.dmp, *.gz) in directory ${arg}`);
    for (const f of files) out.push({ kind: 'file', path: join(arg, f), name: f });
  }
  return out;
}

/** The single input of a command that reads one capture (`decode`): a directory of several is refused, not cut short. */
export function expandSingleInput(arg: string, command: string): CliInput {
  const inputs = expandInputs([arg]);
  const [first] = inputs;
  if (first === undefined) throw new UsageError('no-input', `${command} needs one capture file or -`);
  if (inputs.length > 1) {
    throw new UsageError(
      'one-capture-only',
      `${command} reads one capture, and directory ${arg} holds ${inputs.length}: name one of them (e.g. ${join(arg, first.name)}), or use audit for all of them`,
    );
  }
  return first;
}
