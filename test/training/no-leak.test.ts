import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * Every way a watch ends (success, stop() mid-sleep, abort, deadline, failure with and without
 * listeners, stop during backoff, watchMany) must leave no timer or listener: the child checks its
 * active timers after each, then must exit by itself although the watches used 30 s intervals and
 * 8 h deadlines. An unhandled rejection would crash it with a non-zero code.
 */
it('a process whose watches have ended exits by itself, with no unhandled rejection', async () => {
  const script = fileURLToPath(new URL('./leak-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, TAVUS_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  // A leaked 30 s poll or 8 h deadline would keep the child alive: it is killed after 20 s.
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(killer);
  expect(stderr).toBe('');
  expect(stdout.trim().split('\n')).toEqual([
    'clean completed',
    'clean stop',
    'clean abort',
    'clean deadline',
    'clean failed',
    'clean backoff',
    'clean watchMany',
    'END',
  ]);
  expect(code).toBe(0);
}, 30_000);
