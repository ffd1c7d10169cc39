/**
 * Query strings, encoded exactly as `URLSearchParams` encodes them (application/x-www-form-urlencoded),
 * without building one per request: ids, numbers and enum values, which are nearly all a query
 * holds, need no encoding at all.
 *
 * @module
 * @internal
 */

/** A query string value; arrays are sent comma-separated, `undefined` is left out. @internal */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** What the form encoding leaves as it is. */
const PLAIN = /^[\w.*-]*$/;

/** `value` form-encoded, as `URLSearchParams` would (`a b,c` → `a+b%2Cc`). */
function encodeQueryValue(value: string): string {
  if (PLAIN.test(value)) return value;
  const params = new URLSearchParams();
  params.set('', value);
  return params.toString().slice(1);
}

/**
 * `query` encoded (`face_type=user&limit=50`, no `?`), in its key order, leaving out `undefined`
 * values and the keys in `skip`. @internal
 */
export function queryString(
  query: Readonly<Record<string, QueryValue>> | undefined,
  skip?: ReadonlySet<string>,
): string {
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined || skip?.has(key)) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    out += `${out ? '&' : ''}${encodeQueryValue(key)}=${encodeQueryValue(text)}`;
  }
  return out;
}
