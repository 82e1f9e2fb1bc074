import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from './app-env.ts'
import { readBearer } from './bearer.ts'
import { sha256 } from '../services/api-keys.ts'

const app = new Hono<AppEnv>().get('/', (c) => c.json(readBearer(c)))

const read = async (authorization?: string) => {
  const res = await app.request(
    '/',
    authorization === undefined ? {} : { headers: { authorization } },
  )
  return (await res.json()) as { token: string; tokenHash: string } | null
}

describe('readBearer', () => {
  it('reads the token and its SHA-256, case-insensitive scheme, trailing spaces allowed', async () => {
    expect(await read('Bearer abc.def')).toEqual({ token: 'abc.def', tokenHash: sha256('abc.def') })
    expect(await read('bearer abc.def  ')).toEqual({
      token: 'abc.def',
      tokenHash: sha256('abc.def'),
    })
  })

  it('answers null without a bearer credential', async () => {
    expect(await read()).toBeNull()
    expect(await read('Basic dXNlcjpwYXNz')).toBeNull()
    expect(await read('Bearer a b')).toBeNull()
  })

  it('keeps every digest right across more distinct tokens than its memo holds', async () => {
    for (let round = 0; round < 2; round += 1)
      for (let i = 0; i < 1500; i += 1) {
        const token = `token-${i}`
        expect((await read(`Bearer ${token}`))?.tokenHash).toBe(sha256(token))
      }
  })
})
