/**
 * The checks of voice requests, as pure functions.
 *
 * @module
 * @internal
 */
import type { ListQuery } from '../core/resource.js';
import { RequestValidationError } from '../errors.js';
import type { ListVoicesParams } from './voices.js';

/** The query of List Voices: `sort` is `asc` or `desc`; an empty `search` or `tag` is left out. @internal */
export function listVoicesQuery(params: ListVoicesParams | undefined): ListQuery {
  const { limit, page, search, sort, tag } = params ?? {};
  if (sort !== undefined && sort !== 'asc' && sort !== 'desc') {
    throw new RequestValidationError('sort', `expected 'asc' or 'desc', got ${JSON.stringify(sort)}`);
  }
  return { limit, page, search: search || undefined, sort, tag: tag || undefined };
}
