/**
 * The CLI in a real terminal: tmux (Debian's; .ci/run installs it) runs it in a detached pane, and
 * `tmux capture-pane` reads the screen as a user would see it: the live bar redrawn in place,
 * Ctrl-C, the delete prompt, colour and NO_COLOR.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorServer, serveSimulator } from '../../src/testing/index.js';
import { CLI, ROOT, checkBuilt } from './helpers.js';

const run = promisify(execFile);
const SOCKET = `tavus-faces-cli-test-${process.pid}`;
const BAR = /training \|[\u2588\u2591]{30}\| (\d+)% \| ETA \S+ \| (\S+)/;
let server: SimulatorServer;
let sessions = 0;

const env: Record<string, string | undefined> = { ...process.env };
for (const name of ['TAVUS_API_KEY', 'NO_COLOR', 'FORCE_COLOR', 'TMUX']) delete env[name];

function tmux(...args: string[]): Promise<{ stdout: string }> {
  return run('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { env, cwd: ROOT });
}

const quote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Starts `tavus-faces …args` in a new 100x24 pane; returns the session name. The shell traps
 * Ctrl-C (so it outlives the CLI and prints its exit status), then keeps the pane open.
 */
async function terminal(args: string[], vars: Record<string, string> = {}): Promise<string> {
  checkBuilt();
  const name = `s${++sessions}`;
  const command = `trap : INT; ${quote(process.execPath)} ${quote(CLI)} ${args.map(quote).join(' ')}; echo EXIT=$?; sleep 600`;
  const extra = Object.entries({ TAVUS_API_KEY: server.sim.apiKey, ...vars }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  await tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '24', ...extra, command);
  return name;
}

async function screen(session: string, escapes = false): Promise<string> {
  const { stdout } = await tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', session);
  return stdout;
}

async function waitFor(
  session: string,
  test: (text: string) => boolean,
  what: string,
  escapes = false,
): Promise<string> {
  let text = '';
  for (let i = 0; i < 300; i++) {
    text = await screen(session, escapes);
    if (test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the terminal never showed ${what}; it shows:\n${text}`);
}

beforeAll(async () => {
  server = await serveSimulator({ seed: 'cli-terminal' });
});
afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  await server?.close();
});

describe('in a real terminal (tmux)', { timeout: 60_000 }, () => {
  it('draws one live bar with percent and ETA, redrawn in place until the face is ready', async () => {
    const face = server.sim.addFace({ trained: false });
    server.sim.advance(60 * 60_000);
    const session = await terminal(['faces', 'watch', face.face_id, '--base-url', server.url, '--interval', '50']);
    const first = await waitFor(session, (t) => BAR.test(t), 'the progress bar');
    const [, percent, state] = BAR.exec(first) ?? [];
    expect(Number(percent)).toBeGreaterThanOrEqual(28);
    expect(Number(percent)).toBeLessThan(40);
    expect(state).toBe('started');
    expect(first).not.toMatch(/^training \d+% \(/m); // no plain lines on a terminal

    server.sim.advance(server.sim.trainingMs);
    const done = await waitFor(session, (t) => t.includes('EXIT='), 'the end');
    const bars = done.split('\n').filter((line) => line.includes('training |'));
    expect(bars).toHaveLength(1);
    expect(bars[0]).toMatch(/training \|\u2588{30}\| 100% \| ETA 0s \| completed/);
    expect(done).toContain(`Face ${face.face_id} is ready (completed)`);
    expect(done).toMatch(new RegExp(`face_id: +${face.face_id}`));
    expect(done).toContain('EXIT=0');
  });

  it('Ctrl-C stops the watch: exit 130 and how to resume', async () => {
    const face = server.sim.addFace({ trained: false });
    const session = await terminal(['faces', 'watch', face.face_id, '--base-url', server.url, '--interval', '50']);
    await waitFor(session, (t) => BAR.test(t), 'the progress bar');
    await tmux('send-keys', '-t', session, 'C-c');
    const done = await waitFor(session, (t) => t.includes('EXIT='), 'the end');
    expect(done).toContain('EXIT=130');
    expect(done).toContain(`Stopped watching face ${face.face_id}; its training goes on.`);
  });

  it('faces delete asks on a terminal: y deletes, anything else does not', async () => {
    const keep = server.sim.addFace({ face_name: 'Keep' });
    const asked = await terminal(['faces', 'delete', keep.face_id, '--base-url', server.url]);
    await waitFor(asked, (t) => t.includes(`Delete face ${keep.face_id}? [y/N]`), 'the question');
    await tmux('send-keys', '-t', asked, 'n', 'Enter');
    const kept = await waitFor(asked, (t) => t.includes('EXIT='), 'the end');
    expect(kept).toContain('Not deleted.');
    expect(kept).toContain('EXIT=1');
    expect(server.sim.faces.has(keep.face_id)).toBe(true);

    const yes = await terminal(['faces', 'delete', keep.face_id, '--base-url', server.url]);
    await waitFor(yes, (t) => t.includes('[y/N]'), 'the question');
    await tmux('send-keys', '-t', yes, 'y', 'Enter');
    const deleted = await waitFor(yes, (t) => t.includes('EXIT='), 'the end');
    expect(deleted).toContain(`Deleted face ${keep.face_id}`);
    expect(deleted).toContain('EXIT=0');
    expect(server.sim.faces.has(keep.face_id)).toBe(false);
  });

  it('colours errors on a terminal, and not with NO_COLOR', async () => {
    const args = ['faces', 'get', 'rmissing0000', '--base-url', server.url];
    const coloured = await waitFor(await terminal(args), (t) => t.includes('EXIT='), 'the end', true);
    expect(coloured).toContain('\u001b[31merror:');
    const plain = await waitFor(await terminal(args, { NO_COLOR: '1' }), (t) => t.includes('EXIT='), 'the end', true);
    expect(plain).toContain('error: GET /v2/faces/rmissing0000 failed with 400');
    expect(plain).not.toContain('\u001b[3');
  });
});
