/**
 * "Did you mean …?" for option and field names: the closest known name by edit distance, when it
 * is close enough to be a likely typo (`intervalMS` → `intervalMs`, `system_promt` → `system_prompt`).
 *
 * @module
 * @internal
 */

/** Levenshtein distance, case-insensitive (a wrong case is the commonest typo in option names). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[y.length] as number;
}

/**
 * The known name closest to `name`, or `undefined` when none is within a third of its length
 * (at least 2 edits allowed), so unrelated names get no misleading suggestion.
 *
 * @internal
 */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The message for an unknown name: `unknown option "intervalMS" (did you mean "intervalMs"?)`,
 * or the list of valid names when nothing is close.
 *
 * @internal
 */
export function unknownNameMessage(what: string, name: string, known: readonly string[]): string {
  const guess = closest(name, known);
  return guess
    ? `unknown ${what} "${name}" (did you mean "${guess}"?)`
    : `unknown ${what} "${name}"; expected one of ${known.map((k) => `"${k}"`).join(', ')}`;
}

/**
 * Own enumerable keys of `value` that are not in `known`, in order. Own keys only: names such as
 * `constructor` or `__proto__` are plain names here, never inherited members.
 *
 * @internal
 */
export function unknownKeys(value: object, known: ReadonlySet<string>): string[] {
  return Object.keys(value).filter((key) => !known.has(key));
}
