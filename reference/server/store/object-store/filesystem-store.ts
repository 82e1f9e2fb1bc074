/**
 * @module The default Object Store: a directory on local disk (`<dataDir>/objects`). Each object is
 * a file, with its content type in a `.meta.json` file beside it. Writes go to a temporary file
 * that is renamed into place, so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { assertObjectKey, type ObjectStore } from './object-store.ts'

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT'

export const createFilesystemObjectStore = (root: string): ObjectStore => {
  const fileOf = (key: string) => {
    assertObjectKey(key)
    return path.join(root, ...key.split('/'))
  }
  return {
    kind: 'filesystem',
    async put(key, body, { contentType }) {
      const file = fileOf(key)
      await mkdir(path.dirname(file), { recursive: true })
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`
      await writeFile(temporary, body)
      await writeFile(`${file}.meta.json`, JSON.stringify({ contentType }))
      await rename(temporary, file)
    },
    async get(key) {
      const file = fileOf(key)
      try {
        const [body, meta] = await Promise.all([
          readFile(file),
          readFile(`${file}.meta.json`, 'utf8'),
        ])
        const { contentType } = JSON.parse(meta) as { contentType: string }
        return { body: new Uint8Array(body), contentType }
      } catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
    },
    async delete(key) {
      const file = fileOf(key)
      await rm(file, { force: true })
      await rm(`${file}.meta.json`, { force: true })
    },
  }
}
