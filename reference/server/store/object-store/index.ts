/**
 * @module Picks the Object Store from the configuration: the S3-compatible bucket when
 * `BLUEROUND_S3_BUCKET` is set, otherwise the directory `<BLUEROUND_DATA_DIR>/objects`.
 * @see https://docs.blueround.com/workflows/reports/
 */
import path from 'node:path'
import type { AppConfig } from '../../config/index.ts'
import { createFilesystemObjectStore } from './filesystem-store.ts'
import type { ObjectStore } from './object-store.ts'
import { createS3ObjectStore } from './s3-store.ts'

export { createFilesystemObjectStore } from './filesystem-store.ts'
export { createS3ObjectStore } from './s3-store.ts'
export type { ObjectStore, StoredObject } from './object-store.ts'

export const createObjectStore = (config: AppConfig): ObjectStore =>
  config.s3 === undefined
    ? createFilesystemObjectStore(path.join(config.dataDir, 'objects'))
    : createS3ObjectStore({ ...config.s3, uploadTimeoutMs: config.uploadTimeoutMs })
