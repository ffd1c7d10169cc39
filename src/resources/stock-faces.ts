import type { RequestOptions } from '../core/http.js';
import type { PagePromise } from '../core/pagination.js';
import type { ResourceContext } from '../core/resource.js';
import type { Face } from '../schemas/face.js';
import { type GetFaceParams, type ListFacesParams, getFace, listFaces } from './faces.js';

/** Parameters of {@link StockFaces.list}. */
export type ListStockFacesParams = ListFacesParams;

/**
 * The 100+ ready-made Tavus faces recorded with real actors (`tavus.stockFaces`), for
 * prototyping. Listed with `GET /v2/faces?face_type=system`; there is no endpoint of their own.
 *
 * A stock look (e.g. "Anna - Casual") has a **different face id per Phoenix model**: filter with
 * `model_name` to get the id that matches the model you want.
 */
export class StockFaces {
  readonly #ctx: ResourceContext;

  /** @internal */
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  /** Lists stock faces (default page size 100). Await for the first page or iterate for all. */
  list(params?: ListStockFacesParams, options?: RequestOptions): PagePromise<Face> {
    return listFaces(this.#ctx, 'system', params, options);
  }

  /** Reads one stock face (the same endpoint as your own faces). */
  async get(faceId: string, params?: GetFaceParams, options?: RequestOptions): Promise<Face> {
    return getFace(this.#ctx, faceId, params, options);
  }
}
