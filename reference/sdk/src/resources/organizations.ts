/** @module `client.organizations`: the caller's organization. */
import type { RequestOptions } from '../http/request.ts'
import { pathOf } from './endpoints.ts'
import { itemOf } from './envelope.ts'
import type { Organization } from './model.ts'
import type { ResourceContext } from './resource-context.ts'

export class OrganizationsResource {
  readonly #ctx: ResourceContext
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx
  }

  /** The caller's organization (`GET /v2/organizations/current`; v1 is deprecated). */
  async current(options?: RequestOptions): Promise<Organization> {
    const path = pathOf('organizations.current')
    return itemOf<Organization>(await this.#ctx.call({ method: 'GET', path, options }))
  }
}
