import type { ResourceContext } from '../core/resource.js';

/** PALs (`tavus.pals`): the behaviour of a video agent. */
export class Pals {
  /** @internal */
  protected readonly ctx: ResourceContext;

  /** @internal */
  constructor(ctx: ResourceContext) {
    this.ctx = ctx;
  }
}
