/**
 * The `tavus-faces` command line: the commander program, its global flags, and how one run turns
 * into an exit status (0 ok, 1 failure, 2 preflight errors, 64 usage, 130 Ctrl-C).
 *
 * @module
 * @internal
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../index.node.js';
import { catalogCommands } from './catalog.js';
import { Cli, flagsOf, report } from './context.js';
import { conversationsCommands } from './conversations.js';
import { facesCommands } from './faces.js';
import { EXIT, type Io, UsageError } from './output.js';
import { palsCommands } from './pals.js';
import { preflightCommand } from './preflight.js';
import type { Act } from './shared.js';

/**
 * Runs the CLI once with `argv` (without `node` and the script) and returns the exit status.
 * `signal` is Ctrl-C: it aborts the request or watch in flight, and the run returns 130.
 *
 * @internal
 */
export async function main(argv: readonly string[], io: Io, signal: AbortSignal): Promise<number> {
  let exitCode: number = EXIT.ok;
  const act: Act =
    (action) =>
    async (...args) => {
      // commander passes the command itself last.
      const command = args[args.length - 1] as Command;
      const cli = new Cli(io, flagsOf(command), signal);
      try {
        exitCode = (await action(cli, ...args)) ?? EXIT.ok;
      } catch (error) {
        if (error instanceof UsageError) {
          exitCode = usage(io, command, error.message);
          return;
        }
        exitCode = report(cli, error);
      }
      if (signal.aborted && exitCode === EXIT.ok) exitCode = report(cli, signal.reason);
    };
  const program = build(io, act);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help and --version exit 0; every other commander error is a usage error (its help was shown).
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  return exitCode;
}

function usage(io: Io, command: Command, message: string): number {
  io.stderr.write(`error: ${message}\n\n${command.helpInformation()}`);
  return EXIT.usage;
}

function build(io: Io, act: Act): Command {
  const program = new Command('tavus-faces')
    .description('Train Tavus faces, give them PALs and start conversations, from the terminal.')
    .version(VERSION, '--version', 'print the version')
    .option('--json', 'print one JSON document on stdout (and nothing else there)')
    .option('--api-key <key>', 'the Tavus API key (default: $TAVUS_API_KEY; prefer the variable: flags show in `ps`)')
    .option('--base-url <url>', 'the API address (default: https://tavusapi.com), e.g. a served simulator')
    .option('--simulate', 'run on the in-process Tavus simulator (no key, nothing real; watches end in seconds)')
    .option('-q, --quiet', 'print only results and errors: no progress, notes or warnings')
    .option('--verbose', 'print each request, response and retry on stderr (never the key)')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand(false)
    .exitOverride()
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .addHelpText(
      'after',
      '\nExit status: 0 ok, 1 failure, 2 preflight errors, 64 bad usage, 130 interrupted (Ctrl-C).\n' +
        'Try it with no key: tavus-faces faces train --video https://example.com/me.mp4 --no-preflight --watch --simulate\n' +
        'Guide: docs/cli.md in the tavus-faces package.',
    );
  facesCommands(program, act);
  catalogCommands(program, act);
  palsCommands(program, act);
  conversationsCommands(program, act);
  preflightCommand(program, act);
  // Help is `--help` on every command; no `help` subcommands beside the real ones.
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program)) command.helpCommand(false);
  return program;
}
