/** Runtime facts, read without importing any Node built-in (the browser build must have none). */

interface MaybeProcess {
  versions?: { node?: string };
  env?: Record<string, string | undefined>;
}

const proc = (globalThis as { process?: MaybeProcess }).process;

/**
 * Whether this looks like a browser (a window with a document and a navigator), including
 * browser-like test environments. Web workers count too.
 *
 * @internal
 */
export function isBrowserLike(): boolean {
  const g = globalThis as { window?: { document?: unknown }; navigator?: unknown; importScripts?: unknown };
  if (
    typeof g.window !== 'undefined' &&
    typeof g.window.document !== 'undefined' &&
    typeof g.navigator !== 'undefined'
  ) {
    return true;
  }
  return typeof g.importScripts === 'function' && typeof g.navigator !== 'undefined';
}

/** Whether this is Node.js (and not a browser-like environment running inside it). @internal */
export function isNode(): boolean {
  return typeof proc?.versions?.node === 'string' && !isBrowserLike();
}

/** Reads an environment variable where there is an environment. @internal */
export function readEnv(name: string): string | undefined {
  const value = proc?.env?.[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
