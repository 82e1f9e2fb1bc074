/** @module Prefixed random identifiers (`org_…`, `usr_…`, `key_…`). */
import { randomBytes } from 'node:crypto'

/** A new identifier such as `org_8fJ2kQ0xVb1mZt7c`: a type prefix and 96 random bits. */
export const newId = (
  prefix: 'org' | 'usr' | 'key' | 'rt' | 'job' | 'fam' | 'inv' | 'msg' | 'jti',
): string => `${prefix}_${randomBytes(12).toString('base64url')}`
