/** @module `client.apiKeys`: list, get, create and revoke the organization's API keys. */
import type { RequestOptions } from '../http/request.ts'
import { pathOf } from './endpoints.ts'
import { itemOf, pageOf, type Page } from './envelope.ts'
import type { ApiKey, CreateApiKeyInput, CreatedApiKey } from './model.ts'
import { paginate, type ListParams, type PageParams } from './pagination.ts'
import type { ResourceContext } from './resource-context.ts'

export class ApiKeysResource {
  readonly #ctx: ResourceContext
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx
  }

  /** One page of keys, newest first. */
  async listPage(params: PageParams = {}, options?: RequestOptions): Promise<Page<ApiKey>> {
    const result = await this.#ctx.call({
      method: 'GET',
      path: pathOf('apiKeys.list'),
      query: { page: params.page, pageSize: params.pageSize },
      options,
    })
    return pageOf<ApiKey>(result)
  }

  /**
   * Every key, across pages.
   * @example for await (const key of client.apiKeys.list()) console.log(key.name)
   */
  list(params: ListParams = {}, options?: RequestOptions): AsyncGenerator<ApiKey, void, undefined> {
    return paginate((page) => this.listPage(page, options), params)
  }

  async get(id: string, options?: RequestOptions): Promise<ApiKey> {
    const path = pathOf('apiKeys.get', { id })
    return itemOf<ApiKey>(await this.#ctx.call({ method: 'GET', path, options }))
  }

  /**
   * Creates a key; `key` in the result is the secret, shown only this once. Retried safely on 5xx
   * thanks to the Idempotency-Key the SDK sends (a replay answers with `key: null`).
   */
  async create(input: CreateApiKeyInput, options?: RequestOptions): Promise<CreatedApiKey> {
    const path = pathOf('apiKeys.create')
    return itemOf<CreatedApiKey>(
      await this.#ctx.call({ method: 'POST', path, body: input, options }),
    )
  }

  async revoke(id: string, options?: RequestOptions): Promise<ApiKey> {
    const path = pathOf('apiKeys.revoke', { id })
    return itemOf<ApiKey>(await this.#ctx.call({ method: 'DELETE', path, options }))
  }
}
