/** @module What a resource needs from the client: initialized calls. */
import type { ApiResponse, CallSpec } from '../http/request.ts'
import type { Me } from './model.ts'

export interface ResourceContext {
  /** Runs one logical call, after the implicit `GET /v1/me` on the client's first call. */
  call(spec: CallSpec): Promise<ApiResponse>
  /** Initializes once; `fresh` is true for the one caller whose call made the `GET /v1/me`. */
  initialize(): Promise<{ me: Me; fresh: boolean }>
}
