/**
 * @module The Object Store on an S3-compatible bucket, through `@aws-sdk/client-s3`. Credentials
 * come from the SDK's default chain (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, a profile, or
 * the instance role). With `endpoint` set (MinIO, Ceph, a local server), path-style addressing is
 * used. Each upload is cut after `uploadTimeoutMs` (seed 003: file upload 5 minutes).
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import { assertObjectKey, type ObjectStore } from './object-store.ts'

export interface S3ObjectStoreOptions {
  bucket: string
  region: string
  endpoint?: string | undefined
  uploadTimeoutMs: number
  /** Passed to the client as is: tests give the local server's credentials. */
  clientConfig?: S3ClientConfig
}

export const createS3ObjectStore = (options: S3ObjectStoreOptions): ObjectStore => {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, forcePathStyle: true }),
    ...options.clientConfig,
  })
  const Bucket = options.bucket
  return {
    kind: 's3',
    async put(key, body, { contentType }) {
      assertObjectKey(key)
      await client.send(
        new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType }),
        {
          abortSignal: AbortSignal.timeout(options.uploadTimeoutMs),
        },
      )
    },
    async get(key) {
      assertObjectKey(key)
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key }))
        if (out.Body === undefined) return undefined
        return {
          body: await out.Body.transformToByteArray(),
          contentType: out.ContentType ?? 'application/octet-stream',
        }
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey')
          return undefined
        throw error
      }
    },
    async delete(key) {
      assertObjectKey(key)
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }))
    },
  }
}
