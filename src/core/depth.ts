/**
 * How deep JSON nests, measured without recursing: a body thousands of levels deep would overflow
 * the stack of any walk over it (ours, zod's, or the caller's), and some engines' `JSON.parse`
 * recurse too, so depth is measured on the text before parsing where there is text.
 *
 * @module
 * @internal
 */

/**
 * Whether JSON text nests deeper than `max`, counting brackets outside strings. Strings are jumped
 * over with `indexOf`, so the loop touches little more than the structural characters; a text too
 * short to be that deep is not scanned at all.
 *
 * @internal
 */
export function textNestsDeeper(text: string, max: number): boolean {
  if (text.length <= 2 * max) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // The closing quote is the first one not escaped by an odd run of backslashes.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i === -1) return false;
        let backslashes = 0;
        while (text.charCodeAt(i - 1 - backslashes) === 92) backslashes++;
        if (backslashes % 2 === 0) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return false;
}

/**
 * Whether a value nests deeper than `max`; a cycle counts as infinitely deep. The recursion stops
 * at `max`, so it is bounded whatever the value.
 *
 * @internal
 */
export function valueNestsDeeper(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (max === 0) return true;
  for (const item of Object.values(value)) if (valueNestsDeeper(item, max - 1)) return true;
  return false;
}
