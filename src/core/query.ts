/**
 * Query strings, encoded as `URLSearchParams` encodes them (application/x-www-form-urlencoded).
 *
 * @module
 * @internal
 */

/** A query string value; arrays are sent comma-separated, `undefined` is left out. @internal */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** `query` encoded (`face_type=user&limit=50`, no `?`), in its key order, leaving out `undefined` values. @internal */
export function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  const params = new URLSearchParams();
  for (const key in query) {
    const value = query[key];
    if (value !== undefined) params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.toString();
}
