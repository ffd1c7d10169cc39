/**
 * Pieces the command groups share: how an action runs, and the options several commands take.
 *
 * @module
 * @internal
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option } from 'commander';
import { type Cli, CliError } from './context.js';

/**
 * Wraps a command's action: it gets the run's {@link Cli} first, then commander's arguments (the
 * positional ones, then the command's options). It may return an exit status; nothing means 0.
 *
 * @internal
 */
// biome-ignore lint/suspicious/noExplicitAny: commander hands actions loosely typed arguments.
export type Act = <A extends any[]>(
  // biome-ignore lint/suspicious/noConfusingVoidType: an action that returns nothing exits 0.
  action: (cli: Cli, ...args: A) => Promise<number | void>,
) => (...args: A) => Promise<void>;

/**
 * `--interval MS`: time between polls of a watch. Real Tavus trainings take hours (the default 30 s
 * is right there); a served simulator with a fast clock wants a few milliseconds.
 *
 * @internal
 */
export function intervalOption(
  description = 'milliseconds between polls (default: 30000 for faces, 10000 for conversations)',
): Option {
  return new Option('--interval <ms>', description).argParser((value: string) => {
    const ms = Number(value);
    if (!Number.isInteger(ms) || ms < 10)
      throw new InvalidArgumentError('expected a whole number of milliseconds, at least 10');
    return ms;
  });
}

/** A JSON file (`-` for stdin), parsed; a missing file or bad JSON is one readable error. @internal */
export async function readJson(cli: Cli, file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin(cli) : await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === 'ENOENT' ? `${file}: no such file` : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

async function readStdin(cli: Cli): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of cli.out.io.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A whole number of seconds (commander argument parser). @internal */
export function seconds(value: string): number {
  const s = Number(value);
  if (!Number.isInteger(s) || s <= 0) throw new InvalidArgumentError('expected a whole number of seconds');
  return s;
}
