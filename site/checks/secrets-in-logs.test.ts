import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type {
  CaptureRecord,
  LogLineRecord,
  SecretRecord,
} from '../../reference/server/testing/suite-capture.ts'
import {
  coverageProblems,
  formatScan,
  needlesOf,
  preview,
  readCaptureDir,
  scanRecords,
} from './secrets-in-logs.ts'

const API_KEY = 'brk_abcd1234_Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXhxdXV4'
const PASSWORD = 'correct "horse" battery staple'
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJlLW9mLXRoZS1hY2Nlc3MtdG9rZW4'

const secret = (kind: string, value: string): SecretRecord => ({
  type: 'secret',
  kind,
  value,
  via: 'request header authorization',
  test: 'a.test.ts > uses it',
})
const line = (text: string, source = 'app'): LogLineRecord => ({
  type: 'line',
  source,
  test: 'b.test.ts > logs it',
  backend: 'sqlite',
  text,
})
const log = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, service: 'blueround-reference', ...fields })

const SECRETS = [
  secret('api-key', API_KEY),
  secret('password', PASSWORD),
  secret('access-token', JWT),
]
const scan = (...lines: LogLineRecord[]) => scanRecords([...SECRETS, ...lines])

describe('secrets-in-logs check', () => {
  it('passes on logs that hold no secret, and counts what it checked', () => {
    const result = scan(
      line(log({ msg: 'request completed', path: '/v1/me', status: 200 })),
      line(log({ msg: 'token request refused', oauthError: 'invalid_grant' })),
    )
    expect(result).toMatchObject({ secrets: 3, lines: 2, leaks: [] })
    expect([...result.kinds].sort()).toEqual(['access-token', 'api-key', 'password'])
    expect(coverageProblems(result, { kinds: ['api-key'], sources: ['app'] })).toEqual([])
  })

  it('finds a planted key, and names its kind, a redacted prefix, the test and the source', () => {
    const result = scan(line(log({ msg: 'authenticated', credential: API_KEY })))
    expect(result.leaks).toHaveLength(1)
    const [leak] = result.leaks
    expect(leak).toMatchObject({
      kind: 'api-key',
      preview: 'brk_ab… (61 chars)',
      usedIn: 'a.test.ts > uses it',
      loggedIn: 'b.test.ts > logs it',
      source: 'app (sqlite)',
    })
    expect(leak?.excerpt).toContain('"credential":"[SECRET]"')
    const report = formatScan(result).join('\n')
    expect(report).toContain('LEAK api-key brk_ab… (61 chars)')
    expect(report).not.toContain(API_KEY)
  })

  it('finds a secret in a nested field, JSON-escaped', () => {
    const result = scan(line(log({ err: { details: [{ field: 'password', input: PASSWORD }] } })))
    expect(result.leaks.map((leak) => leak.kind)).toEqual(['password'])
  })

  it('finds a secret in a logged URL, percent- or form-encoded', () => {
    const encoded = encodeURIComponent(PASSWORD)
    const form = new URLSearchParams({ p: PASSWORD }).toString().slice(2)
    expect(scan(line(log({ url: `/v1/x?password=${encoded}` }))).leaks).toHaveLength(1)
    expect(scan(line(log({ url: `/v1/x?password=${form}` }))).leaks).toHaveLength(1)
  })

  it('finds the secret half of a key and the signature of a token on their own', () => {
    expect(needlesOf(API_KEY)).toContain(API_KEY.slice('brk_abcd1234_'.length))
    expect(scan(line(`secret=${API_KEY.slice(13)}`)).leaks).toHaveLength(1)
    expect(scan(line(log({ sig: JWT.split('.')[2] }))).leaks).toHaveLength(1)
    // The public prefix of a key, or a JWT's header, is not the secret.
    expect(scan(line(log({ prefix: 'brk_abcd1234', header: JWT.split('.')[0] }))).leaks).toEqual([])
  })

  it("finds a secret in a server process's output, but not in its dev banner", () => {
    const banner = `  Dev API key (admin, scopes read write admin): ${API_KEY}`
    const exempt = scan(line(banner, 'process main.ts'))
    expect(exempt).toMatchObject({ leaks: [], exemptLines: 1, exemptMatches: 1 })
    expect(formatScan(exempt)[1]).toContain('1 lines of the dev start-up banner')
    // The same text from a test app's logger, or another line of the process, is a leak.
    expect(scan(line(banner, 'app')).leaks).toHaveLength(1)
    expect(scan(line(`Start-up failed: bad key ${API_KEY}`, 'process main.ts')).leaks).toHaveLength(
      1,
    )
  })

  it('reports a secret once per source and test, however often it was logged', () => {
    const text = log({ token: JWT })
    expect(scan(line(text), line(text), line(text)).leaks).toHaveLength(1)
  })

  it('fails a scan that saw too little to mean anything', () => {
    expect(coverageProblems(scanRecords([]), { kinds: [], sources: [] })).toEqual([
      'no log line was recorded',
      'no secret was recorded',
    ])
    const thin = scan(line('x', 'app'))
    expect(
      coverageProblems(thin, { kinds: ['refresh-token'], sources: ['app', 'process'] }),
    ).toEqual([
      'no secret of kind refresh-token was recorded',
      'no log line from source process was recorded',
    ])
  })

  it('shows a prefix and the length of a secret, never the secret', () => {
    expect(preview(API_KEY)).toBe('brk_ab… (61 chars)')
    expect(preview('short-pw')).toBe('sh… (8 chars)')
  })
})

describe('reading the records', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('reads every NDJSON file of the folder, and nothing from a missing folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blueround-test-logs-'))
    dirs.push(dir)
    const records: CaptureRecord[] = [SECRETS[0]!, line(log({ key: API_KEY }))]
    writeFileSync(path.join(dir, '1.ndjson'), `${JSON.stringify(records[0])}\n`)
    writeFileSync(path.join(dir, '2.ndjson'), `${JSON.stringify(records[1])}\n`)
    writeFileSync(path.join(dir, 'notes.txt'), 'not a record')
    expect(scanRecords(readCaptureDir(dir)).leaks).toHaveLength(1)
    expect(readCaptureDir(path.join(dir, 'missing'))).toEqual([])
  })
})
