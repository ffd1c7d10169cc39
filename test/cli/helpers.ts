/**
 * Runs the built `tavus-faces` executable (`node dist/cli.js`) as a child process, as users run it.
 * `npm test` builds before the unit tests; a targeted run needs `npm run build` first, and a
 * `dist/cli.js` older than `src/cli` is refused rather than tested.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = `${ROOT}dist/cli.js`;

/** What a run left: its exit status (or the signal that killed it) and everything it printed. */
export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Environment on top of the test's own (which loses TAVUS_API_KEY, NO_COLOR and FORCE_COLOR). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed (stdin is a pipe, never a terminal). */
  input?: string;
  /** Called on each stdout chunk with everything so far (e.g. to send SIGINT once a watch shows). */
  onStdout?: (stdout: string, child: ChildProcess) => void;
  /** Called on each stderr chunk with everything so far (notes and errors are there). */
  onStderr?: (stderr: string, child: ChildProcess) => void;
  /** Killed (SIGKILL) after this long: a run that hangs fails instead of blocking the suite. */
  timeoutMs?: number;
}

let checked = false;

/** Throws unless dist/cli.js exists and is newer than every file of src/cli. */
export function checkBuilt(): void {
  if (checked) return;
  let built: number;
  try {
    built = statSync(CLI).mtimeMs;
  } catch {
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  }
  const dir = `${ROOT}src/cli/`;
  const newest = Math.max(...readdirSync(dir).map((f) => statSync(dir + f).mtimeMs));
  if (newest > built) throw new Error('dist/cli.js is older than src/cli: run `npm run build` first');
  checked = true;
}

/** Runs `tavus-faces …args` to its end. */
export function tavusFaces(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  checkBuilt();
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const name of ['TAVUS_API_KEY', 'NO_COLOR', 'FORCE_COLOR']) {
    if (!(options.env && name in options.env)) delete env[name];
  }
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(stdout, child);
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    options.onStderr?.(stderr, child);
  });
  child.stdin.end(options.input ?? '');
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Parses stdout as the one JSON document `--json` promises (fails on anything else there). */
export function json<T = unknown>(run: Run): T {
  return JSON.parse(run.stdout) as T;
}
