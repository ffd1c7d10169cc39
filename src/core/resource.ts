import type * as z from 'zod/mini';
import type { Emit } from './events.js';
import type { HttpCore } from './http.js';
import type { ValidationIssue } from '../errors.js';
import { check, type ValidationMode } from './validation.js';

/**
 * What a resource gets from its client: the HTTP core, the validation mode, and the event sink.
 *
 * @internal
 */
export class ResourceContext {
  readonly http: HttpCore;
  readonly validation: ValidationMode;
  readonly emit: Emit;
  readonly #deprecationsSeen: Set<string>;
  readonly #tolerate: ((issue: ValidationIssue) => boolean) | undefined;

  constructor(
    http: HttpCore,
    validation: ValidationMode,
    emit: Emit,
    deprecationsSeen: Set<string>,
    tolerate?: (issue: ValidationIssue) => boolean,
  ) {
    this.http = http;
    this.validation = validation;
    this.emit = emit;
    this.#deprecationsSeen = deprecationsSeen;
    this.#tolerate = tolerate;
  }

  /**
   * The same context, but issues that `tolerate` accepts are warnings even in strict mode (the
   * training watcher must ride out status values the SDK does not know yet).
   */
  tolerating(tolerate: (issue: ValidationIssue) => boolean): ResourceContext {
    return createContext(this.http, this.validation, this.emit, this.#deprecationsSeen, tolerate);
  }

  /** Checks a response body in the client's validation mode (see {@link check}). */
  check<T>(schema: z.ZodMiniType<T>, data: unknown, request: { method: string; path: string }): T {
    return check(
      schema,
      data,
      this.validation,
      (issue) => {
        this.emit('warning', {
          kind: 'validation',
          message: `${request.method} ${request.path}: ${issue.path || '(body)'}: ${issue.message}`,
          path: issue.path,
        });
      },
      request,
      this.#tolerate,
    );
  }

  /** Emits a `deprecation` warning the first time `name` is seen by this client. */
  deprecated(name: string, message: string): void {
    if (this.#deprecationsSeen.has(name)) return;
    this.#deprecationsSeen.add(name);
    this.emit('warning', { kind: 'deprecation', message, path: name });
  }

  /**
   * Renames legacy keys of `target` in place (`replica_id` → `face_id`, …), keeping the current
   * name when both are present, and reports each legacy name once.
   */
  renameLegacy(target: unknown, names: Readonly<Record<string, string>>): void {
    if (target === null || typeof target !== 'object' || Array.isArray(target)) return;
    const record = target as Record<string, unknown>;
    for (const legacy in names) {
      if (!(legacy in record)) continue;
      const current = names[legacy] as string;
      if (!(current in record)) record[current] = record[legacy];
      delete record[legacy];
      this.deprecated(
        legacy,
        `The API answered with the legacy field "${legacy}"; tavus-faces exposes it as "${current}".`,
      );
    }
  }
}

// Built outside the class body: a class that names itself inside its body is emitted by esbuild as
// `var X = class _X`, and `X.name` would read `_X` in the published files.
function createContext(...args: ConstructorParameters<typeof ResourceContext>): ResourceContext {
  return new ResourceContext(...args);
}
