/**
 * The command-line program. `main(argv)` returns the exit status of the output contract (0, 1, 2) instead of exiting,
 * so tests can call it; the bin sets process.exitCode from it. Errors the user can act on print one line; --debug adds
 * the stack.
 */
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { isVrrpInspectError } from '../errors.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerDecodeCommand } from './commands/decode.js';
import { registerLintCommand } from './commands/lint.js';
import { registerLiveCommand } from './commands/live.js';
import { registerRulesCommand } from './commands/rules.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('vrrp-inspect')
    .description('Find what breaks keepalived/LVS clusters in VRRP and ARP traffic: captures (pcap, pcapng) or a live interface.')
    .version(TOOL_VERSION)
    .option('--debug', 'print stack traces of errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`${usageErrorLine(text)}\n`) });
  registerDecodeCommand(program);
  registerAuditCommand(program);
  registerLintCommand(program);
  registerLiveCommand(program);
  registerRulesCommand(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/**
 * commander's error text (`error: unknown option '--fram'\n(Did you mean --frame?)`) in the tool's one style: one
 * line, the tool's prefix, the hint kept, and where to read the usage.
 */
export function usageErrorLine(text: string): string {
  const parts = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const message = parts.join(' ').replace(/^error: /, '');
  const help = /--help|Did you mean/.test(message) ? '' : ' (see vrrp-inspect --help)';
  return `vrrp-inspect: ${message}${help}`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  process.exitCode = 0;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isVrrpInspectError(e)) {
      process.stderr.write(`vrrp-inspect: ${e.message}\n`);
      if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
      if (debug && e.cause !== undefined) process.stderr.write(`cause: ${e.cause instanceof Error ? e.cause.stack ?? e.cause.message : String(e.cause)}\n`);
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`vrrp-inspect: internal error: ${message} (rerun with --debug for the stack, and please report it)\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
}
