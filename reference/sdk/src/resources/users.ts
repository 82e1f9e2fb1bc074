/**
 * @module `client.users`: get, create and list users (`/v1/users` on the reference server; the
 * tests run against it).
 */
import type { RequestOptions } from '../http/request.ts'
import { pathOf } from './endpoints.ts'
import { itemOf, pageOf, type Page } from './envelope.ts'
import type { CreateUserInput, User } from './model.ts'
import { paginate, type ListParams, type PageParams } from './pagination.ts'
import type { ResourceContext } from './resource-context.ts'

export class UsersResource {
  readonly #ctx: ResourceContext
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx
  }

  /** @example const user = await client.users.get('usr_98765') */
  async get(id: string, options?: RequestOptions): Promise<User> {
    const path = pathOf('users.get', { id })
    return itemOf<User>(await this.#ctx.call({ method: 'GET', path, options }))
  }

  /** Invites a user (status `pending_invite`). 409 DUPLICATE_RESOURCE raises ConflictError. */
  async create(input: CreateUserInput, options?: RequestOptions): Promise<User> {
    const path = pathOf('users.create')
    return itemOf<User>(await this.#ctx.call({ method: 'POST', path, body: input, options }))
  }

  async listPage(params: PageParams = {}, options?: RequestOptions): Promise<Page<User>> {
    const result = await this.#ctx.call({
      method: 'GET',
      path: pathOf('users.list'),
      query: { page: params.page, pageSize: params.pageSize },
      options,
    })
    return pageOf<User>(result)
  }

  /** @example for await (const user of client.users.list()) console.log(user.email) */
  list(params: ListParams = {}, options?: RequestOptions): AsyncGenerator<User, void, undefined> {
    return paginate((page) => this.listPage(page, options), params)
  }
}
