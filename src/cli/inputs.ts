/** Turns command-line capture arguments into inputs: `-` is stdin, a directory expands to the captures inside it. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';

export type CliInput = { kind: 'file'; path: string; name: string } | { kind: 'stdin'; name: 'stdin' };

const CAPTURE_FILE = /\.(pcap|pcapng|cap|dmp)(\.gz)?$/i;

export function expandInputs(args: readonly string[]): CliInput[] {
  const out: CliInput[] = [];
  for (const arg of args) {
    if (arg === '-') {
      out.push({ kind: 'stdin', name: 'stdin' });
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(arg).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new InputError('not-found', `no such file: ${arg}`);
      if (code === 'EACCES') throw new InputError('permission', `permission denied reading ${arg}: run as a user who can read it`);
      throw new InputError('unreadable', `cannot open ${arg}: ${code ?? String(e)}`);
    }
    if (!isDir) {
      out.push({ kind: 'file', path: arg, name: basename(arg) });
      continue;
    }
    const files = readdirSync(arg)
      .filter((f) => CAPTURE_FILE.test(f))
      .sort();
    if (files.length === 0) throw new InputError('empty-dir', `no capture files (*.pcap, *.pcapng, *.gz) in directory ${arg}`);
    for (const f of files) out.push({ kind: 'file', path: join(arg, f), name: f });
  }
  return out;
}
