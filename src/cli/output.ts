/**
 * What the CLI writes, and where: results on stdout (one JSON document with `--json`), watch
 * progress on stdout too (on stderr with `--json`), notes, warnings, errors and `--verbose` events on
 * stderr. Colour only on a
 * terminal, never with `NO_COLOR`.
 *
 * @module
 * @internal
 */

/** Exit statuses (docs/cli.md lists them). @internal */
export const EXIT = {
  ok: 0,
  failure: 1,
  /** A preflight report with errors (`preflight`, and `faces train` before any POST). */
  preflight: 2,
  /** Bad command line (sysexits' EX_USAGE). */
  usage: 64,
  /** Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** A writable text stream: enough of `process.stdout` for the CLI. @internal */
export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** The streams and environment a run uses (the process's own, or a test's). @internal */
export interface Io {
  stdout: Stream;
  stderr: Stream;
  stdin: NodeJS.ReadStream;
  env: Record<string, string | undefined>;
}

/** A bad command line: the message, then the command's help, exit 64. @internal */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Paint = 'red' | 'yellow' | 'green' | 'dim' | 'bold';
const CODES: Record<Paint, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** Whether to colour a stream: a terminal, `NO_COLOR` unset or empty (no-color.org), `TERM` not `dumb`. @internal */
export function colorFor(stream: Stream, env: Io['env']): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** How one run writes. @internal */
export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly io: Io;

  constructor(io: Io, flags: { json?: boolean; quiet?: boolean; verbose?: boolean }) {
    this.io = io;
    this.json = flags.json === true;
    this.quiet = flags.quiet === true;
    this.verbose = flags.verbose === true && !this.quiet;
  }

  /** Where watch progress goes: stdout, unless stdout is reserved for the JSON document. */
  get progressStream(): Stream {
    return this.json ? this.io.stderr : this.io.stdout;
  }

  /** The command's result: `value` as JSON with `--json`, else the human lines. */
  result(value: unknown, lines: () => string[]): void {
    if (this.json) {
      this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      return;
    }
    for (const line of lines()) this.io.stdout.write(`${line}\n`);
  }

  /**
   * A note for humans (what is happening, what to do next) on stderr, so that stdout holds only the
   * result (`id=$(tavus-faces faces train …)` gets the id); not with `--quiet`.
   */
  note(line: string): void {
    if (!this.quiet) this.io.stderr.write(`${line}\n`);
  }

  /** A warning on stderr; not with `--quiet`. */
  warn(line: string): void {
    if (!this.quiet) this.io.stderr.write(`${this.paint(this.io.stderr, 'yellow', 'warning:')} ${line}\n`);
  }

  /** A `--verbose` line on stderr. */
  debug(line: string): void {
    if (this.verbose) this.io.stderr.write(`${this.paint(this.io.stderr, 'dim', line)}\n`);
  }

  /** The one error line (always, even with `--quiet`). */
  error(line: string): void {
    this.io.stderr.write(`${this.paint(this.io.stderr, 'red', 'error:')} ${line}\n`);
  }

  /** `text` in a colour, when `stream` takes colour. */
  paint(stream: Stream, color: Paint, text: string): string {
    if (!colorFor(stream, this.io.env)) return text;
    const [on, off] = CODES[color];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  }
}

/** Rows as aligned columns (the last one is not padded). @internal */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** `key: value` lines for the fields that are set. @internal */
export function fields(entries: readonly [string, unknown][]): string[] {
  const shown = entries.filter(([, value]) => value !== undefined && value !== null && value !== '');
  const width = Math.max(0, ...shown.map(([key]) => key.length));
  return shown.map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${text(value)}`);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A duration for humans: `45s`, `3m05s`, `2h01m`; `estimating` when unknown. @internal */
export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return 'estimating';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
