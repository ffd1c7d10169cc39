/**
 * The `tavus-faces` executable (`dist/cli.js`, Node only, never part of the SDK's bundles). Ctrl-C
 * aborts what is running and the process exits 130 once it has cleaned up; a second Ctrl-C exits
 * at once.
 *
 * @module
 * @internal
 */
import { main } from './program.js';

const controller = new AbortController();
let interrupts = 0;
const onInterrupt = (): void => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error('Interrupted.'));
};
process.on('SIGINT', onInterrupt);
// `tavus-faces … | head`: a closed pipe ends the run quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await main(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  },
  controller.signal,
);
process.off('SIGINT', onInterrupt);
process.exitCode = code;
