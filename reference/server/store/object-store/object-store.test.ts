import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFilesystemObjectStore } from './filesystem-store.ts'
import type { ObjectStore } from './object-store.ts'
import { createS3ObjectStore } from './s3-store.ts'

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/** The contract every Object Store passes. */
const contract = (name: string, make: () => ObjectStore) => {
  describe(`${name} object store`, () => {
    const bytes = (text: string) => new TextEncoder().encode(text)

    it('stores, replaces, reads back and deletes an object with its content type', async () => {
      const store = make()
      await store.put('reports/org_1/rpt_1.pdf', bytes('%PDF-1 first'), {
        contentType: 'application/pdf',
      })
      await store.put('reports/org_1/rpt_1.pdf', bytes('%PDF-1 second'), {
        contentType: 'application/pdf',
      })
      const got = await store.get('reports/org_1/rpt_1.pdf')
      expect(new TextDecoder().decode(got?.body)).toBe('%PDF-1 second')
      expect(got?.contentType).toBe('application/pdf')
      await store.delete('reports/org_1/rpt_1.pdf')
      expect(await store.get('reports/org_1/rpt_1.pdf')).toBeUndefined()
    })

    it('answers undefined for a missing object and deletes a missing one quietly', async () => {
      const store = make()
      expect(await store.get('reports/none/nothing.csv')).toBeUndefined()
      await expect(store.delete('reports/none/nothing.csv')).resolves.toBeUndefined()
    })

    it('keeps binary content byte for byte', async () => {
      const store = make()
      const body = new Uint8Array(256).map((_, i) => i)
      await store.put('bin/all-bytes', body, { contentType: 'application/octet-stream' })
      expect(
        Buffer.from((await store.get('bin/all-bytes'))?.body ?? []).equals(Buffer.from(body)),
      ).toBe(true)
    })

    it('refuses keys that could escape the store', async () => {
      const store = make()
      for (const key of ['../etc/passwd', 'a/../../b', '', 'a//b', '/abs'])
        await expect(store.put(key, bytes('x'), { contentType: 'text/plain' })).rejects.toThrow(
          /Invalid object key/,
        )
    })
  })
}

let directory = ''
let s3Directory = ''
let server: S3rver | undefined
let endpoint = ''

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'blueround-objects-'))
  s3Directory = await mkdtemp(path.join(tmpdir(), 'blueround-s3rver-'))
  // s3rver: a real S3-compatible HTTP server from the npm registry, on a random port.
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Directory })
  const { port } = (await server.run()) as { port: number }
  endpoint = `http://127.0.0.1:${port}`
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials })
  await client.send(new CreateBucketCommand({ Bucket: 'blueround-reports' }))
})

afterAll(async () => {
  await server?.close()
  await rm(directory, { recursive: true, force: true })
  await rm(s3Directory, { recursive: true, force: true })
})

contract('filesystem', () => createFilesystemObjectStore(directory))
contract('S3 (s3rver)', () =>
  createS3ObjectStore({
    bucket: 'blueround-reports',
    region: 'us-east-1',
    endpoint,
    uploadTimeoutMs: 5_000,
    clientConfig: { credentials },
  }),
)

describe('S3 object store timeouts', () => {
  it('fails an upload that does not finish within the upload timeout', async () => {
    const store = createS3ObjectStore({
      bucket: 'blueround-reports',
      region: 'us-east-1',
      endpoint,
      uploadTimeoutMs: 1,
      clientConfig: { credentials },
    })
    await expect(
      store.put('slow/big.bin', new Uint8Array(8 * 1024 * 1024), {
        contentType: 'application/octet-stream',
      }),
    ).rejects.toThrow()
  })
})
