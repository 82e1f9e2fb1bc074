/**
 * @module The Object Store (seed 001: "Files · Docs", S3-compatible): where the Background Worker
 * puts generated reports and the API reads them back. A directory on local disk by default
 * (`filesystem-store.ts`), an S3-compatible bucket when `BLUEROUND_S3_BUCKET` is set
 * (`s3-store.ts`). Both pass the same contract test (`object-store.test.ts`).
 */

export interface StoredObject {
  body: Uint8Array
  contentType: string
}

export interface ObjectStore {
  /** `filesystem` or `s3`, for logs and the health of the deployment. */
  readonly kind: 'filesystem' | 's3'
  /** Writes (or replaces) the object; rejects when the upload does not finish in time. */
  put(key: string, body: Uint8Array, options: { contentType: string }): Promise<void>
  /** The object, or `undefined` when there is none under `key`. */
  get(key: string): Promise<StoredObject | undefined>
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>
}

/** Keys are `/`-separated segments of letters, digits, `.`, `_` and `-`, never `..`. */
const SEGMENT = /^[\w.-]+$/

/** Throws on a key that could escape the store's root (a path traversal) or is not portable. */
export const assertObjectKey = (key: string): void => {
  const segments = key.split('/')
  if (
    key.length === 0 ||
    key.length > 512 ||
    segments.some((s) => !SEGMENT.test(s) || s === '.' || s === '..')
  )
    throw new Error(`Invalid object key: ${JSON.stringify(key)}`)
}
