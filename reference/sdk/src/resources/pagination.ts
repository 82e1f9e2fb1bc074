/**
 * @module Walking a paginated list: one page at a time, or every item through an async iterator
 * that fetches the next page only when the previous one is used up.
 * @see https://docs.blueround.com/sdk/pagination/
 */
import type { Page } from './envelope.ts'

export interface PageParams {
  /** 1-based. @default 1 */
  page?: number
  /** 1 to 100. @default 20 */
  pageSize?: number
}

/** Options of `list()`: where to start and how many items per request. */
export interface ListParams {
  /** @default 1 */
  startPage?: number
  /** Items per request, 1 to 100. @default 20 */
  pageSize?: number
}

/**
 * Yields every item of every page, starting at `startPage`. Stop early with `break`; no
 * further page is requested.
 */
export async function* paginate<T>(
  fetchPage: (params: PageParams) => Promise<Page<T>>,
  params: ListParams = {},
): AsyncGenerator<T, void, undefined> {
  let page = params.startPage ?? 1
  for (;;) {
    const result = await fetchPage({
      page,
      ...(params.pageSize === undefined ? {} : { pageSize: params.pageSize }),
    })
    yield* result.data
    if (!result.pagination.hasNextPage) return
    page += 1
  }
}
