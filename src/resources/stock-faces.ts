import type { RequestOptions } from '../core/http.js';
import type { PagePromise } from '../core/pagination.js';
import type { Face } from '../schemas/face.js';
import { Faces, type GetFaceParams, type ListFacesParams } from './faces.js';

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
  readonly #faces: StockFaceLister;

  /** @internal */
  constructor(faces: StockFaceLister) {
    this.#faces = faces;
  }

  /** Lists stock faces (default page size 100). Await for the first page or iterate for all. */
  list(params?: ListStockFacesParams, options?: RequestOptions): PagePromise<Face> {
    return this.#faces.listStock(params, options);
  }

  /** Reads one stock face (the same endpoint as your own faces). */
  get(faceId: string, params?: GetFaceParams, options?: RequestOptions): Promise<Face> {
    return this.#faces.get(faceId, params, options);
  }
}

/** @internal Gives stock faces the `face_type=system` listing without exposing it on `tavus.faces`. */
export class StockFaceLister extends Faces {
  listStock(params?: ListStockFacesParams, options?: RequestOptions): PagePromise<Face> {
    return this.listOfType('system', params, options);
  }
}
