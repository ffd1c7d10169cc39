/**
 * Query strings, encoded by `URLSearchParams` (application/x-www-form-urlencoded).
 *
 * @module
 * @internal
 */

/** A query string value; arrays are sent comma-separated, `undefined` is left out. @internal */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/**
 * `query` encoded (`face_type=user&limit=50`, no `?`), in its key order, leaving out `undefined`
 * values and the keys in `skip`. @internal
 */
export function queryString(
  query: Readonly<Record<string, QueryValue>> | undefined,
  skip?: ReadonlySet<string>,
): string {
  // Most calls have no query (a create, a delete): no URLSearchParams for them.
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const key in query) {
    const value = query[key];
    if (value === undefined || skip?.has(key)) continue;
    params.append(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.toString();
}
