// Run by no-leak.test.ts in a child process (node --import tsx): every watch ending must leave
// nothing behind, so this process exits by itself. Talks to an in-process fake fetch only.
import { Tavus } from '../../src/index.js';

let mode: 'completed' | 'started' | 'error' | 'flaky' = 'completed';
const fakeFetch: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (mode === 'flaky') return new Response(JSON.stringify({ message: 'unavailable' }), { status: 503 });
  if (url.pathname === '/v2/faces') {
    const ids = (url.searchParams.get('face_ids') ?? '').split(',');
    const data = ids.map((face_id) => ({ face_id, status: mode, training_progress: '50/100' }));
    return Response.json({ data, total_count: data.length });
  }
  const face_id = url.pathname.split('/').pop();
  const progress = mode === 'completed' ? '100/100' : '50/100';
  return Response.json({ face_id, status: mode, training_progress: progress, error_message: 'bad video' });
};
const tavus = new Tavus({ apiKey: 'tvs_child_key', baseUrl: 'https://tavusapi.com', fetch: fakeFetch });
const tick = () => new Promise((resolve) => setImmediate(resolve));

function check(name: string): void {
  const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout');
  if (timers.length > 0) {
    console.log(`LEAK ${name}: ${timers.length} timer(s)`);
    process.exitCode = 1;
  } else {
    console.log(`clean ${name}`);
  }
}

mode = 'completed';
await tavus.faces.watchTraining('rdone').done;
check('completed');

mode = 'started';
const stopped = tavus.faces.watchTraining('rstop');
void stopped.done; // never observed: stop() must keep it quiet
for (let i = 0; i < 20 && !stopped.latest; i += 1) await tick();
stopped.stop();
await tick();
check('stop');

const controller = new AbortController();
const aborted = tavus.faces.watchTraining('rabort', { signal: controller.signal });
const abortedDone = aborted.done.catch(() => undefined);
for (let i = 0; i < 20 && !aborted.latest; i += 1) await tick();
controller.abort();
await abortedDone;
check('abort');

await tavus.faces.watchTraining('rdeadline', { intervalMs: 20, timeoutMs: 60 }).done.catch(() => undefined);
check('deadline');

mode = 'error';
tavus.faces.watchTraining('rnolistener'); // fails with nobody listening and done never read
const listened = tavus.faces.watchTraining('rlistened');
listened.on('failed', () => undefined);
void listened.done; // unobserved, but `failed` has a listener
for (let i = 0; i < 20 && !listened.settled; i += 1) await tick();
await tick();
check('failed');

mode = 'flaky';
const flaky = tavus.faces.watchTraining('rflaky', { intervalMs: 60_000 });
await new Promise<void>((resolve) => flaky.once('retry', () => resolve()));
flaky.stop();
await tick();
check('backoff');

mode = 'completed';
await tavus.faces.watchMany(['ra', 'rb']).done;
mode = 'started';
const many = tavus.faces.watchMany(['rc', 'rd']);
void many.done;
await new Promise<void>((resolve) => many.once('progress', () => resolve()));
many.stop();
await tick();
check('watchMany');
console.log('END');
