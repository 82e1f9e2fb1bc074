/**
 * @module Version selection by Accept header. Runs before routing (as Hono's `getPath`), so an
 * unversioned API path such as `/me` is routed as `/v{n}/me`, where `n` comes from
 * `Accept: application/vnd.blueround.v{n}+json` (v1 when the header names no version).
 */

import { getPath } from 'hono/utils/url'

const NOT_API = /^\/(?:v\d+|health|metrics|openapi\.json|dev|_dev|oauth|\.well-known)(?:\/|$)/
const VENDOR_TYPE = /application\/vnd\.blueround\.v(\d+)\+json/i

/** The version an Accept header asks for, or `undefined`. */
export const acceptedVersion = (accept: string | null): number | undefined => {
  const match = accept === null ? null : VENDOR_TYPE.exec(accept)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** Hono `getPath`: the path used for routing. */
export const versionedPath = (request: Request): string => {
  // Hono's own path extraction (it also decodes percent-escapes), then the version prefix.
  const path = getPath(request)
  if (path === '/' || NOT_API.test(path)) return path
  return `/v${acceptedVersion(request.headers.get('accept')) ?? 1}${path}`
}
