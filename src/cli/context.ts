/**
 * What every command shares: the global flags, the client they make (real API, `--base-url`, or
 * the in-process simulator with `--simulate`), the Ctrl-C signal, and how an error becomes one
 * line and an exit status.
 *
 * @module
 * @internal
 */
import type { Command } from 'commander';
import { Tavus, isTavusError } from '../index.node.js';
import { EXIT, type Io, Output, UsageError } from './output.js';

/** The flags every command takes. @internal */
export interface GlobalFlags {
  json?: boolean;
  apiKey?: string;
  baseUrl?: string;
  simulate?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** One run of one command. @internal */
export class Cli {
  readonly out: Output;
  readonly flags: GlobalFlags;
  /** Aborted by Ctrl-C: every request and watch of the run takes it. */
  readonly signal: AbortSignal;
  /** What to say when Ctrl-C ends the command (e.g. how to resume a watch). */
  interruptNote: string | undefined;
  #client: Promise<Tavus> | undefined;
  /** The `fetch` the client sends with (the simulator's, or the global one). */
  #fetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

  constructor(io: Io, flags: GlobalFlags, signal: AbortSignal) {
    this.flags = flags;
    this.out = new Output(io, flags);
    this.signal = signal;
  }

  /** Whether Ctrl-C was pressed. */
  get interrupted(): boolean {
    return this.signal.aborted;
  }

  /** Request options of every SDK call: Ctrl-C aborts it. */
  get request(): { signal: AbortSignal } {
    return { signal: this.signal };
  }

  /** The client, made on first use. */
  client(): Promise<Tavus> {
    this.#client ??= this.#makeClient();
    return this.#client;
  }

  /** The `fetch` behind {@link Cli.client} (for a derived client that wraps it). */
  get fetch(): typeof fetch {
    return this.#fetch;
  }

  async #makeClient(): Promise<Tavus> {
    const { simulate, baseUrl } = this.flags;
    if (simulate && baseUrl !== undefined) {
      throw new UsageError('--simulate runs an in-process simulator; it cannot be used with --base-url');
    }
    let tavus: Tavus;
    if (simulate) {
      const { simulatedAccount } = await import('./simulate.js');
      const account = await simulatedAccount();
      tavus = account.tavus;
      this.#fetch = account.fetch;
      this.out.note(
        this.out.paint(this.out.io.stderr, 'dim', '(simulated: the in-process Tavus simulator, no key needed)'),
      );
    } else {
      const apiKey = this.flags.apiKey ?? this.out.io.env.TAVUS_API_KEY;
      if (!apiKey) {
        throw new CliError(
          'No Tavus API key. Set TAVUS_API_KEY or pass --api-key (keys are made in the Tavus developer portal); ' +
            'to try the commands without one, add --simulate',
        );
      }
      tavus = new Tavus({ apiKey, ...(baseUrl === undefined ? {} : { baseUrl }) });
    }
    this.#listen(tavus);
    return tavus;
  }

  /**
   * `--verbose`: each attempt, answer and retry on stderr. Warnings about what the user sent (a
   * persona-era name in a PAL file) always show; those about the API's answers (its own legacy
   * names, lenient-mode contract breaks) only with `--verbose`: nothing the user can change.
   */
  #listen(tavus: Tavus): void {
    const { out } = this;
    tavus.on('warning', (w) =>
      w.path?.startsWith('request:') ? out.warn(w.message) : out.debug(`warning: ${w.message}`),
    );
    if (!out.verbose) return;
    tavus.on('request', (e) => out.debug(`> ${e.method} ${e.path}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`));
    tavus.on('response', (e) => out.debug(`< ${e.status} ${e.method} ${e.path} (${Math.round(e.durationMs)} ms)`));
    tavus.on('retry', (e) =>
      out.debug(
        `retrying ${e.method} ${e.path} in ${e.delayMs} ms (attempt ${e.attempt}): ${oneLine(e.error.message)}`,
      ),
    );
  }
}

/** A failure the CLI itself reports (no SDK error behind it): the message, exit 1. @internal */
export class CliError extends Error {
  override name = 'CliError';
  /**
   * @param exitCode The exit status.
   * @param document What `--json` prints instead of the error (e.g. the preflight report that stopped a training).
   */
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly document?: unknown,
  ) {
    super(message);
  }
}

/** The global flags of the command being run (they may come before or after its name). @internal */
export function flagsOf(command: Command): GlobalFlags {
  return command.optsWithGlobals() as GlobalFlags;
}

/** Writes the one error line (and, with `--json`, the error document) and returns the exit status. @internal */
export function report(cli: Cli, error: unknown): number {
  const { out } = cli;
  if (cli.interrupted) {
    out.error(cli.interruptNote ?? 'Interrupted.');
    if (out.json)
      out.result({ error: { name: 'Interrupted', message: cli.interruptNote ?? 'Interrupted.' } }, () => []);
    return EXIT.interrupted;
  }
  const exitCode = error instanceof CliError ? error.exitCode : EXIT.failure;
  const message = oneLine(error instanceof Error ? error.message : String(error));
  const advice = hint(error, cli.flags);
  out.error(advice ? `${message.replace(/[.:]?$/, '.')} ${advice}` : message);
  if (out.verbose && error instanceof Error && !isTavusError(error) && error.stack) {
    out.debug(error.stack);
  }
  if (out.json && error instanceof CliError && error.document !== undefined) {
    out.result(error.document, () => []);
  } else if (out.json) {
    const body = isTavusError(error)
      ? error.toJSON()
      : { name: error instanceof Error ? error.name : 'Error', message };
    out.result({ error: { ...body, ...(advice ? { hint: advice } : {}) } }, () => []);
  }
  return exitCode;
}

/** What to do about an error, in a sentence; `undefined` when the message says it all. @internal */
export function hint(error: unknown, flags: GlobalFlags): string | undefined {
  if (!isTavusError(error)) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT') return 'Check the file name.';
    return undefined;
  }
  switch (error.kind) {
    case 'AuthenticationError':
      return flags.simulate
        ? undefined
        : 'Check the API key (TAVUS_API_KEY or --api-key); keys are in the Tavus developer portal.';
    case 'PermissionDeniedError':
      return 'Check your Tavus plan and what this API key may do.';
    case 'NotFoundError':
      return flags.baseUrl ? 'Check the id, and that --base-url points at the Tavus API.' : 'Check the id.';
    case 'BadRequestError': {
      const what = /Invalid (face|pal|persona|replica|conversation)_id/i.exec(error.message)?.[1]?.toLowerCase();
      const list = { face: 'faces', replica: 'faces', pal: 'pals', persona: 'pals', conversation: 'conversations' };
      return what ? `Check the id; \`tavus-faces ${list[what as keyof typeof list]} list\` shows yours.` : undefined;
    }
    case 'ConflictError':
      return undefined;
    case 'RateLimitError':
      return 'Tavus is rate limiting this key: wait a little and try again.';
    case 'InternalServerError':
      return 'Tavus had a problem answering; try again in a moment.';
    case 'APITimeoutError':
      return 'The API did not answer in time; try again.';
    case 'APIConnectionError':
      return flags.baseUrl ? 'Check your network and --base-url.' : 'Check your network connection.';
    case 'RequestValidationError':
      return 'Fix that value and run the command again.';
    case 'ResponseValidationError':
      return 'The API answered in a shape tavus-faces does not expect; please report it with this message.';
    case 'TrainingFailedError':
      return 'Check the training file with `tavus-faces preflight URL`, then train again.';
    case 'TrainingTimeoutError': {
      const { conversationId, faceId } = error as unknown as { faceId?: string; conversationId?: string };
      return conversationId
        ? `It may still end: \`tavus-faces conversations watch ${conversationId}\`.`
        : `It may still finish: \`tavus-faces faces watch ${faceId}\`.`;
    }
    case 'VoiceFailedError': {
      const { timedOut } = error as unknown as { timedOut: boolean };
      return timedOut
        ? 'It may still finish: `tavus-faces voices list --json` shows its status.'
        : 'Check the audio sample (a clear recording of one voice, reachable at its URL), then create the voice again.';
    }
    default:
      return undefined;
  }
}

/** Messages on one line: the CLI prints one line per error. @internal */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
