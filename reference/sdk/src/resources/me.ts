/** @module `client.me`: the caller's user, organization and credential. */
import type { RequestOptions } from '../http/request.ts'
import { pathOf } from './endpoints.ts'
import { itemOf } from './envelope.ts'
import type { Me } from './model.ts'
import type { ResourceContext } from './resource-context.ts'

export class MeResource {
  readonly #ctx: ResourceContext
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx
  }

  /** The caller. As a client's first call it is the implicit `GET /v1/me` itself, not a second one. */
  async get(options?: RequestOptions): Promise<Me> {
    const first = await this.#ctx.initialize()
    if (first.fresh) return first.me
    return itemOf<Me>(await this.#ctx.call({ method: 'GET', path: pathOf('me.get'), options }))
  }
}
