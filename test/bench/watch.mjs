// watchMany over 1,000 trainings against the simulator: requests per poll interval, CPU per poll
// tick (SDK and simulator apart), and heap. Run with --expose-gc. Usage: node watch.mjs <dist dir>
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './lib.mjs';

const dist = process.argv[2];
const { Tavus } = await import(pathToFileURL(join(dist, 'index.js')).href);
const { createSimulator } = await import(pathToFileURL(join(dist, 'testing.js')).href);

const FACES = 1000;
const TICKS = 20;
const sim = createSimulator({ seed: 7, trainingMs: TICKS * 1000 });
const ids = Array.from({ length: FACES }, (_, i) => sim.addFace({ trained: false, face_name: `w${i}` }).face_id);
const tavus = new Tavus({
  apiKey: sim.apiKey,
  baseUrl: 'https://tavusapi.com',
  fetch: sim.fetch,
  validation: 'strict',
});

globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const perTick = [];
let tickRequests = 0;
let tickCpu = process.cpuUsage();
let maxHeap = 0;
tavus.on('request', (e) => {
  if (e.method === 'GET' && e.path === '/v2/faces') tickRequests += 1;
});
const watch = tavus.faces.watchMany(ids, { intervalMs: 10, timeoutMs: 120_000 });
let progress = 0;
watch.on('progress', () => {
  progress += 1;
});
let sawTick = 0;
const tick = () => {
  const cpu = process.cpuUsage(tickCpu);
  perTick.push({ requests: tickRequests, cpuMs: (cpu.user + cpu.system) / 1000 });
  maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
  tickRequests = 0;
  tickCpu = process.cpuUsage();
  sim.advance(1000);
  sawTick += 1;
};
// The watcher sleeps between passes; a pass ends when every chunk has been read.
let pending = 0;
tavus.on('response', (e) => {
  if (e.method !== 'GET' || e.path !== '/v2/faces') return;
  pending += 1;
  if (pending === Math.ceil(watch.pending.length / 100) || pending >= 10) {
    pending = 0;
    queueMicrotask(tick);
  }
});
const result = await watch.done;
globalThis.gc?.();
const heapAfter = process.memoryUsage().heapUsed;

// The simulator's share: the same list requests answered without the SDK.
const chunk = ids.slice(0, 100).join(',');
const simStart = process.cpuUsage();
for (let i = 0; i < 50; i++) {
  const res = await sim.fetch(`https://tavusapi.com/v2/faces?face_type=user&limit=100&page=1&face_ids=${chunk}`, {
    headers: { 'x-api-key': sim.apiKey },
  });
  await res.text();
}
const simCpu = process.cpuUsage(simStart);
const simMsPerRequest = (simCpu.user + simCpu.system) / 1000 / 50;

const full = perTick.filter((t) => t.requests >= 10);
process.stdout.write(
  `${JSON.stringify({
    faces: FACES,
    completed: result.completed.length,
    failed: result.failed.length,
    ticks: sawTick,
    requestsPerInterval: median(perTick.map((t) => t.requests)),
    maxRequestsPerInterval: Math.max(...perTick.map((t) => t.requests)),
    cpuMsPerTick: median(full.map((t) => t.cpuMs)),
    simCpuMsPerTick: simMsPerRequest * 10,
    sdkCpuMsPerTick: median(full.map((t) => t.cpuMs)) - simMsPerRequest * 10,
    progressEvents: progress,
    heapBeforeMB: heapBefore / 2 ** 20,
    heapPeakMB: maxHeap / 2 ** 20,
    heapAfterMB: heapAfter / 2 ** 20,
  })}\n`,
);
