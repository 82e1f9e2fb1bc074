/**
 * @module The Object Store on an S3-compatible bucket, through `@aws-sdk/client-s3`. Credentials
 * come from the SDK's default chain (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, a profile, or
 * the instance role). With `endpoint` set (MinIO, Ceph, a local server), path-style addressing is
 * used. Each upload is cut after `uploadTimeoutMs` (seed 003: file upload 5 minutes).
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3'
import { assertObjectKey, type ObjectStore } from './object-store.ts'

/** The SDK (hundreds of modules) loads on first use, never at start-up or without S3. */
const loadSdk = () => import('@aws-sdk/client-s3')

export interface S3ObjectStoreOptions {
  bucket: string
  region: string
  endpoint?: string | undefined
  uploadTimeoutMs: number
  /** Passed to the client as is: tests give the local server's credentials. */
  clientConfig?: S3ClientConfig
}

export const createS3ObjectStore = (options: S3ObjectStoreOptions): ObjectStore => {
  let connected: Promise<{ sdk: Awaited<ReturnType<typeof loadSdk>>; client: S3Client }> | undefined
  const connect = () =>
    (connected ??= loadSdk().then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: options.region,
        ...(options.endpoint === undefined
          ? {}
          : { endpoint: options.endpoint, forcePathStyle: true }),
        ...options.clientConfig,
      }),
    })))
  const Bucket = options.bucket
  return {
    kind: 's3',
    async put(key, body, { contentType }) {
      assertObjectKey(key)
      const { sdk, client } = await connect()
      await client.send(
        new sdk.PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType }),
        {
          abortSignal: AbortSignal.timeout(options.uploadTimeoutMs),
        },
      )
    },
    async get(key) {
      assertObjectKey(key)
      const { sdk, client } = await connect()
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket, Key: key }))
        if (out.Body === undefined) return undefined
        return {
          body: await out.Body.transformToByteArray(),
          contentType: out.ContentType ?? 'application/octet-stream',
        }
      } catch (error) {
        if (error instanceof sdk.NoSuchKey || (error as { name?: string }).name === 'NoSuchKey')
          return undefined
        throw error
      }
    },
    async delete(key) {
      assertObjectKey(key)
      const { sdk, client } = await connect()
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: key }))
    },
  }
}
