import type { TavusSimulator } from '../../src/testing/index.js';

/** A raw answer from the simulator: status, headers and the body (parsed JSON, text, or undefined). */
export interface Raw {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** Sends one request straight to `sim.fetch`, as any HTTP client would. */
export async function call(
  sim: TavusSimulator,
  method: string,
  path: string,
  body?: unknown,
  apiKey: string | null = sim.apiKey,
): Promise<Raw> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  const res = await sim.fetch(`https://tavusapi.com${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
