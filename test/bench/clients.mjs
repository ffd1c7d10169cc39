// The clients every throughput bench compares, built the same way everywhere: raw fetch, ky alone,
// tavus-faces (strict validation, listeners on `request` and `response`), and a second ky client
// as an A/A control. Each has a `list` call (the ~2 KB list) and an `object` call (the ~300 B face).
import { pathToFileURL } from 'node:url';
import { median } from './lib.mjs';

export const KEY = 'tvs_bench_key_0123456789abcdef';
export const CLIENTS = ['fetch', 'ky', 'tavus-faces', 'ky-control'];
const LIST_PATH = 'v2/faces?face_type=user&limit=7&page=1';
const OBJECT_PATH = 'v2/faces/r00000000000';
const headers = { accept: 'application/json', 'x-api-key': KEY };

/**
 * Builds one client against `base`; `distEntry` is the tavus-faces file to import, and `fetchImpl`
 * replaces the network (the overhead bench's canned responses).
 */
export async function makeClient(name, base, distEntry, fetchImpl) {
  // Without a replacement, every client uses its own default (ky's and ours: the global fetch).
  const extra = fetchImpl ? { fetch: fetchImpl } : {};
  if (name === 'fetch') {
    const doFetch = fetchImpl ?? globalThis.fetch;
    return {
      list: async () => (await doFetch(`${base}/${LIST_PATH}`, { headers })).json(),
      object: async () => (await doFetch(`${base}/${OBJECT_PATH}`, { headers })).json(),
    };
  }
  if (name === 'ky' || name === 'ky-control') {
    const { default: ky } = await import('ky');
    const api = ky.create({ prefixUrl: base, headers, ...extra });
    return { list: () => api.get(LIST_PATH).json(), object: () => api.get(OBJECT_PATH).json() };
  }
  if (name !== 'tavus-faces') throw new Error(`unknown client ${name}; expected one of ${CLIENTS.join(', ')}`);
  const { Tavus } = await import(pathToFileURL(distEntry).href);
  const tavus = new Tavus({ apiKey: KEY, baseUrl: base, validation: 'strict', ...extra });
  tavus.on('request', () => undefined);
  tavus.on('response', () => undefined);
  return { list: () => tavus.faces.list({ limit: 7 }), object: () => tavus.faces.get('r00000000000') };
}

/**
 * One case's result from per-round samples of every client (`rps`: requests per second, `cpuUs`:
 * client CPU µs per request, each an array by round): medians of the per-round ratios.
 */
export function summarize(rps, cpuUs) {
  const ratios = (name, vs) => rps[name].map((v, i) => v / rps[vs][i]);
  // Requests per client-CPU-second, relative: less sensitive to other processes than wall time.
  const cpuRatios = (name, vs) => cpuUs[vs].map((v, i) => v / cpuUs[name][i]);
  return {
    rps: Object.fromEntries(CLIENTS.map((n) => [n, median(rps[n])])),
    cpuUsPerRequest: Object.fromEntries(CLIENTS.map((n) => [n, median(cpuUs[n])])),
    kyVsFetch: median(ratios('ky', 'fetch')),
    tavusVsFetch: median(ratios('tavus-faces', 'fetch')),
    tavusVsKy: median(ratios('tavus-faces', 'ky')),
    tavusVsKyRounds: ratios('tavus-faces', 'ky'),
    cpuTavusVsKy: median(cpuRatios('tavus-faces', 'ky')),
    cpuKyVsFetch: median(cpuRatios('ky', 'fetch')),
    controlVsKy: median(ratios('ky-control', 'ky')),
    controlVsKyRounds: ratios('ky-control', 'ky'),
  };
}
