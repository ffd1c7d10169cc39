import { type RequestRef, RequestValidationError, ResponseValidationError } from '../errors.js';

/** Paging parameters every list method accepts. */
export interface PageParams {
  /** Items per page. @default 50 (faces, PALs), 100 (stock faces, voices) */
  limit?: number;
  /** 1-based page to start from. @default 1 */
  page?: number;
}

/** Options of {@link Page.toArray} and {@link PagePromise.toArray}. */
export interface ToArrayOptions {
  /**
   * Most items to collect. Reading past it rejects with a `RequestValidationError` instead of
   * growing without bound; raise it deliberately. @default 10000
   */
  max?: number;
}

/** One page of a list, as the API returned it. @internal */
export interface RawPage<T> {
  data: T[];
  total_count: number;
  /** The request that read it, for the error when pages make no progress. */
  request?: RequestRef | undefined;
}

/** Fetches page `page` (1-based) of `limit` items. @internal */
export type PageFetcher<T> = (page: number, limit: number) => Promise<RawPage<T>>;

/** What identifies an item across pages (a face's `face_id`); `undefined` when it has none. @internal */
export type ItemKey<T> = (item: T) => unknown;

/**
 * How many pages in a row may bring no item the page before them did not have. One such page is
 * what a list looks like when a full page of items was created at its head between two requests;
 * three in a row is a server that ignores `page`.
 */
const STALE_PAGES = 3;

/**
 * One page of results, with the wire's names (`data`, `total_count`) plus the paging state.
 * Iterating a page with `for await` walks every item from this page to the end of the list.
 *
 * A walk ends at `total_count`, at a page shorter than `limit`, or at an empty page. It also ends,
 * with a `ResponseValidationError` (path `data`), when three pages in a row bring no item the page
 * before each did not have (items compare by id: `face_id`, `voice_id`, …): that is a server
 * repeating a page (ignoring `page`), which would otherwise loop for ever when `total_count` is
 * missing, infinite, negative or absurd. A legitimate list never repeats three pages: each would need
 * a full page of new items created at its head between two requests. A server that hands out new
 * items for ever is indistinguishable from a long list; `toArray` caps those with `max`.
 */
export class Page<T> implements AsyncIterable<T> {
  /** The items of this page. */
  readonly data: T[];
  /** How many items match the query across all pages. */
  readonly total_count: number;
  /** This page's number (1-based). */
  readonly page: number;
  /** The page size requested. */
  readonly limit: number;
  readonly #fetch: PageFetcher<T>;
  /** Items before this page (the pages before it, assumed full). */
  readonly #before: number;
  readonly #key: ItemKey<T> | undefined;
  /** How many pages up to this one brought nothing new, in a row. */
  readonly #stale: number;
  readonly #request: RequestRef | undefined;
  #next: Promise<Page<T>> | undefined;

  /** @internal */
  constructor(raw: RawPage<T>, page: number, limit: number, fetcher: PageFetcher<T>, key?: ItemKey<T>, stale = 0) {
    this.data = Array.isArray(raw.data) ? raw.data : [];
    this.total_count = typeof raw.total_count === 'number' ? raw.total_count : Number.NaN;
    this.page = page;
    this.limit = limit;
    this.#fetch = fetcher;
    this.#before = (page - 1) * limit;
    this.#key = key;
    this.#stale = stale;
    this.#request = raw.request;
  }

  /**
   * Whether another page holds items: stops exactly at `total_count` (no request for an empty
   * page past the end) and at a page shorter than `limit`.
   */
  hasNextPage(): boolean {
    if (this.data.length === 0 || this.data.length < this.limit) return false;
    // Without a usable total (lenient mode passed a bad one through), only a short page ends the list.
    if (!(Number.isFinite(this.total_count) && this.total_count >= 0)) return true;
    return this.#before + this.data.length < this.total_count;
  }

  /** Fetches the next page (once: concurrent calls share one request). Throws when there is none. */
  getNextPage(): Promise<Page<T>> {
    if (!this.hasNextPage()) {
      return Promise.reject(new RequestValidationError('page', `page ${this.page} is the last page`));
    }
    if (!this.#next) {
      const next = this.#fetch(this.page + 1, this.limit).then((raw) => this.#following(raw));
      this.#next = next;
      // Concurrent callers share one request; a failure is not remembered, so a later call retries.
      next.catch(() => {
        if (this.#next === next) this.#next = undefined;
      });
    }
    return this.#next;
  }

  /** The page after this one, from its raw answer: fails when pages keep bringing nothing new. */
  #following(raw: RawPage<T>): Page<T> {
    const page = this.page + 1;
    const id = (item: T): unknown => this.#key?.(item) ?? fingerprint(item);
    const seen = new Set(this.data.map(id));
    const data = Array.isArray(raw.data) ? raw.data : [];
    const stale = data.some((item) => !seen.has(id(item))) ? 0 : this.#stale + 1;
    if (stale >= STALE_PAGES) {
      throw new ResponseValidationError(
        [
          {
            path: 'data',
            message: `the pages make no progress: ${stale} in a row hold only items of the page before (total_count ${raw.total_count})`,
            code: 'no_progress',
          },
        ],
        raw.request ?? this.#request,
      );
    }
    return new Page(raw, page, this.limit, this.#fetch, this.#key, stale);
  }

  /** Every item from this page to the end of the list, fetching pages as needed. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let page: Page<T> = this;
    for (;;) {
      yield* page.data;
      if (!page.hasNextPage()) return;
      page = await page.getNextPage();
    }
  }

  /** Collects every item from this page on into an array, refusing to read more than `max`. */
  toArray(options?: ToArrayOptions): Promise<T[]> {
    return collect(this, options);
  }
}

/**
 * What a list method returns: await it for the first {@link Page}, or iterate it with
 * `for await` for every item across all pages. The first page is requested once, lazily.
 *
 * @example
 * ```ts
 * const first = await tavus.faces.list({ limit: 50 });
 * console.log(first.total_count, first.data.length);
 * for await (const face of tavus.faces.list({ limit: 50 })) console.log(face.face_id);
 * ```
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #fetch: PageFetcher<T>;
  readonly #limit: number;
  readonly #page: number;
  readonly #key: ItemKey<T> | undefined;
  #first: Promise<Page<T>> | undefined;

  /** @internal */
  constructor(fetcher: PageFetcher<T>, params: PageParams | undefined, defaultLimit: number, key?: ItemKey<T>) {
    this.#fetch = fetcher;
    this.#limit = params?.limit ?? defaultLimit;
    this.#page = params?.page ?? 1;
    this.#key = key;
  }

  /** The first page, requested once; a failed request is not remembered, so a later call retries. */
  #firstPage(): Promise<Page<T>> {
    this.#first ??= this.#start();
    return this.#first;
  }

  async #start(): Promise<Page<T>> {
    const page = this.#page;
    const limit = this.#limit;
    // Bad paging input rejects the promise (before any request) rather than throwing from list().
    checkPositiveInt('limit', limit);
    checkPositiveInt('page', page);
    try {
      return new Page(await this.#fetch(page, limit), page, limit, this.#fetch, this.#key);
    } catch (error) {
      this.#first = undefined;
      throw error;
    }
  }

  // biome-ignore lint/suspicious/noThenProperty: a PagePromise is deliberately awaitable.
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /** Same as `Promise.prototype.catch` on the first page. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R> {
    return this.#firstPage().catch(onrejected);
  }

  /** Same as `Promise.prototype.finally` on the first page. */
  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.#firstPage().finally(onfinally);
  }

  /** Every item across all pages. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* await this.#firstPage();
  }

  /** Collects every item across all pages, refusing to read more than `max` (default 10,000). */
  toArray(options?: ToArrayOptions): Promise<T[]> {
    return collect(this, options);
  }
}

async function collect<T>(source: AsyncIterable<T>, options: ToArrayOptions | undefined): Promise<T[]> {
  const max = options?.max ?? 10_000;
  checkPositiveInt('max', max);
  const out: T[] = [];
  for await (const item of source) {
    if (out.length === max) {
      throw new RequestValidationError(
        'max',
        `the list holds more than ${max} items; pass a larger { max } to read them all`,
      );
    }
    out.push(item);
  }
  return out;
}

function checkPositiveInt(field: string, value: number): void {
  // Safe integers only: past 2^53 a number prints as `1e+21`, which a query string cannot carry as a count.
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RequestValidationError(field, `expected a positive integer, got ${String(value)}`);
  }
}

/** A PagePromise that rejects with `error`: bad list input, caught before any request. @internal */
export function rejectedPage<T>(error: Error): PagePromise<T> {
  return new PagePromise<T>(() => Promise.reject(error), undefined, 1);
}

/**
 * The key of an item without an id of its own (the resource names none, or lenient mode let an
 * item without one through): its JSON text. An item that cannot be serialised counts as new, so it
 * never stops a walk.
 */
function fingerprint(item: unknown): unknown {
  try {
    return JSON.stringify(item);
  } catch {
    return {};
  }
}

/**
 * An idle instance of each class the list path constructs per call, for the Node entry to keep (see
 * core/shapes.ts). Its numbers are numbers, as a real page's are (see {@link idleAttempt}).
 *
 * @internal
 */
export function idlePages(): object[] {
  const idle = (): Promise<never> => new Promise(() => {});
  return [new PagePromise<never>(idle, undefined, 1), new Page<never>({ data: [], total_count: 0 }, 1, 1, idle)];
}
