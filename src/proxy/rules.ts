/**
 * The allow-list: rules as `'METHOD /path/:param'` strings, compiled once, and the one path
 * normalisation that both matching and forwarding use, so what is checked is what is sent.
 *
 * @module
 * @internal
 */
import { RequestValidationError } from '../errors.js';

/** An HTTP method a rule may allow. */
export type ProxyMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One allowed method and path, written `'METHOD /path'`: fixed segments match themselves, a
 * `:name` segment matches exactly one segment (an id), and nothing else is a wildcard, so a rule
 * never opens more than the paths it spells out. The query string is not part of a rule.
 *
 * @example `'GET /v2/faces/:id'`, `'POST /v2/conversations/:id/end'`
 */
export type ProxyRule = `${ProxyMethod} /${string}`;

/**
 * What a browser app needs and nothing that trains, edits or deletes: reading stock faces (they are
 * `GET /v2/faces?face_type=system`), faces, voices and PALs; creating a conversation, reading one
 * and ending it. Listing conversations is left out (it would hand every visitor the join URL of
 * every live call of the account), and so are app messages (a page steers a call through the call
 * itself); add them with `allow: [...DEFAULT_ALLOW, 'POST /v2/conversations/:id/send-app-message']`.
 */
export const DEFAULT_ALLOW: readonly ProxyRule[] = Object.freeze([
  'GET /v2/faces',
  'GET /v2/faces/:id',
  'GET /v2/voices',
  'GET /v2/voices/:id',
  'GET /v2/pals',
  'GET /v2/pals/:id',
  'POST /v2/conversations',
  'GET /v2/conversations/:id',
  'POST /v2/conversations/:id/end',
] satisfies ProxyRule[]);

/** A compiled rule: `null` stands for a `:name` segment. @internal */
export interface CompiledRule {
  method: string;
  segments: readonly (string | null)[];
}

// Unreserved URL characters only, never starting with a dot: `.`, `..`, `/`, `\`, `%`, `:`, `@`,
// spaces and control characters cannot survive in a segment, decoded or not.
const SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;
const RULE = /^(GET|POST|PATCH|PUT|DELETE) (\/\S*)$/;

/** Checks and compiles the allow-list; a malformed rule throws, naming it. @internal */
export function compileRules(rules: readonly string[]): CompiledRule[] {
  if (!Array.isArray(rules)) throw new RequestValidationError('allow', "must be an array of 'METHOD /path' strings");
  return rules.map((rule, index) => {
    const match = typeof rule === 'string' ? RULE.exec(rule) : null;
    const segments = match?.[2]?.slice(1).split('/') ?? [];
    const bad = segments.find((s) => !(SEGMENT.test(s) || /^:\w+$/.test(s)));
    if (!match || bad !== undefined) {
      throw new RequestValidationError(
        `allow[${index}]`,
        `${JSON.stringify(rule)} is not a rule: write 'METHOD /path', with GET, POST, PATCH, PUT or DELETE, ` +
          "and segments of letters, digits, '-', '_', '.', '~' or a ':name' placeholder",
      );
    }
    return { method: match[1]!, segments: segments.map((s) => (s.startsWith(':') ? null : s)) };
  });
}

/** Whether a method and normalised path are allowed. @internal */
export function isAllowed(rules: readonly CompiledRule[], method: string, segments: readonly string[]): boolean {
  return rules.some(
    (rule) =>
      rule.method === method &&
      rule.segments.length === segments.length &&
      rule.segments.every((s, i) => s === null || s === segments[i]),
  );
}

/**
 * A URL path as decoded segments, or `undefined` when any segment is not plain: empty (`//`, a
 * trailing `/`), undecodable, or holding anything beyond unreserved characters once decoded
 * (`%2F`, `%5C`, a literal `%2e%2e` after double encoding). The path comes from a parsed URL, so
 * `.`, `..` and their `%2e` spellings are already resolved, and `\` is already `/`.
 *
 * @internal
 */
export function pathSegments(pathname: string): string[] | undefined {
  if (!pathname.startsWith('/')) return undefined;
  if (pathname === '/') return [];
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (!SEGMENT.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}
