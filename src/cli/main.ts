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
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });
  registerDecodeCommand(program);
  registerAuditCommand(program);
  registerLintCommand(program);
  registerLiveCommand(program);
  registerRulesCommand(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
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
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`vrrp-inspect: internal error: ${message} (rerun with --debug for the stack, and please report it)\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
}
