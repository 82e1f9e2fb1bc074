import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { connect as http2Connect, createServer as createHttp2Server } from 'node:http2'
import { connect, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestHeader } from './request-headers.ts'

/** What the route answers: the helper's value and `c.req.header()`'s, `null` for absent. */
interface Reading {
  helper: string | null
  hono: string | null
}

const app = new Hono()
app.get('/header', (c) => {
  const name = c.req.query('name') ?? ''
  // The helper reads first, so it sees @hono/node-server's headers before anything else has.
  const helper = requestHeader(c, name) ?? null
  const hono = c.req.header(name) ?? null
  return c.json({ helper, hono } satisfies Reading)
})

let server: ReturnType<typeof serve>
let port = 0

beforeAll(async () => {
  port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve((info as AddressInfo).port),
    )
  })
})

afterAll(async () => {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()))
  })
})

/** Decodes a `Transfer-Encoding: chunked` body. */
const dechunk = (body: Buffer): Buffer => {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at)
    if (lineEnd < 0) throw new Error('truncated chunked body')
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16)
    if (!Number.isFinite(size)) throw new Error('bad chunk size')
    if (size === 0) return Buffer.concat(parts)
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
}

/**
 * Sends one raw HTTP/1.1 GET over a socket, with `headerLines` written exactly as given (so
 * duplicates, casing and whitespace are under the test's control), and reads the JSON answer.
 */
const overHttp = async (name: string, headerLines: string[]): Promise<Reading> => {
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const received: Buffer[] = []
    socket.on('data', (chunk: Buffer) => received.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(received)))
    socket.on('error', reject)
    socket.write(
      [
        `GET /header?name=${encodeURIComponent(name)} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        ...headerLines,
        'Connection: close',
        '',
        '',
      ].join('\r\n'),
      'latin1',
    )
  })
  const headEnd = raw.indexOf('\r\n\r\n')
  expect(headEnd).toBeGreaterThan(0)
  const head = raw.subarray(0, headEnd).toString('latin1')
  const [statusLine, ...responseHeaders] = head.split('\r\n')
  expect(statusLine).toMatch(/^HTTP\/1\.1 200 /)
  const chunked = responseHeaders.some((line) => /^transfer-encoding:\s*chunked\s*$/i.test(line))
  const body = raw.subarray(headEnd + 4)
  return JSON.parse((chunked ? dechunk(body) : body).toString('utf8')) as Reading
}

/** The same route under `app.request()`: no Node server, no `c.env.incoming`. */
const inProcess = async (name: string, headers: Array<[string, string]>): Promise<Reading> => {
  const res = await app.request(`/header?name=${encodeURIComponent(name)}`, { headers })
  expect(res.status).toBe(200)
  return (await res.json()) as Reading
}

describe('requestHeader over @hono/node-server (HTTP/1.1, raw socket)', () => {
  it.each<[title: string, name: string, lines: string[], expected: string | null]>([
    ['a single header, mixed-case name on the wire', 'x-request-id', ['X-Request-ID: abc'], 'abc'],
    [
      'a single header, upper-case name on the wire',
      'origin',
      ['ORIGIN: https://a.test'],
      'https://a.test',
    ],
    ['an absent header', 'x-request-id', ['X-Other: 1'], null],
    ['an absent header, no extra headers at all', 'origin', [], null],
    [
      'a repeated X-Request-ID, joined',
      'x-request-id',
      ['X-Request-ID: a', 'x-request-id: b'],
      'a, b',
    ],
    [
      'a repeated Origin, joined',
      'origin',
      ['Origin: https://a.test', 'Origin: https://b.test'],
      'https://a.test, https://b.test',
    ],
    [
      'three repeats, joined in order',
      'x-request-id',
      ['X-Request-Id: 1', 'X-REQUEST-ID: 2', 'x-request-id: 3'],
      '1, 2, 3',
    ],
    [
      "a repeated Authorization, joined as the Fetch API does (not Node's first only)",
      'authorization',
      ['Authorization: Bearer a', 'Authorization: Bearer b'],
      'Bearer a, Bearer b',
    ],
    ['a single Authorization', 'authorization', ['authorization: Bearer only'], 'Bearer only'],
    [
      'a repeated User-Agent (another name Node keeps the first of)',
      'user-agent',
      ['User-Agent: one', 'User-Agent: two'],
      'one, two',
    ],
    [
      'a repeated Cookie (Node joins with "; ")',
      'cookie',
      ['Cookie: a=1', 'Cookie: b=2'],
      'a=1; b=2',
    ],
    [
      'leading and trailing spaces around a value',
      'x-request-id',
      ['X-Request-ID:    padded   '],
      'padded',
    ],
    [
      'leading and trailing tabs around a value',
      'x-request-id',
      ['X-Request-ID:\t\tpadded\t'],
      'padded',
    ],
    ['no space after the colon', 'x-request-id', ['X-Request-ID:tight'], 'tight'],
    ['inner whitespace, kept', 'x-request-id', ['X-Request-ID:  a  b\tc  '], 'a  b\tc'],
    ['an empty value', 'x-request-id', ['X-Request-ID:'], ''],
    ['a value of whitespace only', 'x-request-id', ['X-Request-ID:    '], ''],
    ['x-fault-status', 'x-fault-status', ['X-Fault-Status: 503'], '503'],
    [
      'x-fault-status, repeated',
      'x-fault-status',
      ['X-Fault-Status: 503', 'X-Fault-Status: 429'],
      '503, 429',
    ],
    [
      'x-debug-resource-tracking',
      'x-debug-resource-tracking',
      ['X-Debug-Resource-Tracking: true'],
      'true',
    ],
    [
      'x-debug-resource-tracking, empty',
      'x-debug-resource-tracking',
      ['X-Debug-Resource-Tracking: '],
      '',
    ],
    ['a header named like an Object.prototype key', 'constructor', [], null],
  ])('%s', async (_title, name, lines, expected) => {
    const { helper, hono } = await overHttp(name, lines)
    expect(helper).toBe(hono)
    expect(hono).toBe(expected)
  })

  it('a repeated header whose first value is empty: ", b"', async () => {
    const { helper, hono } = await overHttp('x-request-id', ['X-Request-ID:', 'X-Request-ID: b'])
    expect(helper).toBe(hono)
    expect(hono).toBe(', b')
  })

  // Node joins this repeat to "a, " (as the Fetch API's Headers does); @hono/node-server trims the
  // joined string, so c.req.header() reads "a,". The helper trims the same way.
  it('a repeated header whose last value is empty: "a,", as c.req.header() reads it', async () => {
    const { helper, hono } = await overHttp('x-request-id', ['X-Request-ID: a', 'X-Request-ID:'])
    expect(helper).toBe(hono)
    expect(hono).toBe('a,')
  })
})

describe('requestHeader under app.request() (no Node server)', () => {
  it.each<[title: string, name: string, headers: Array<[string, string]>, expected: string | null]>(
    [
      ['a single header, mixed-case name', 'x-request-id', [['X-Request-ID', 'abc']], 'abc'],
      ['an absent header', 'x-request-id', [], null],
      [
        'a repeated header, joined',
        'origin',
        [
          ['Origin', 'https://a.test'],
          ['Origin', 'https://b.test'],
        ],
        'https://a.test, https://b.test',
      ],
      [
        'a repeated Authorization, joined',
        'authorization',
        [
          ['Authorization', 'Bearer a'],
          ['Authorization', 'Bearer b'],
        ],
        'Bearer a, Bearer b',
      ],
      ['whitespace around a value', 'x-request-id', [['X-Request-ID', '  padded\t']], 'padded'],
      ['an empty value', 'x-request-id', [['X-Request-ID', '']], ''],
      ['x-fault-status', 'x-fault-status', [['X-Fault-Status', '503']], '503'],
      [
        'x-debug-resource-tracking',
        'x-debug-resource-tracking',
        [['X-Debug-Resource-Tracking', 'true']],
        'true',
      ],
    ],
  )('%s', async (_title, name, headers, expected) => {
    const { helper, hono } = await inProcess(name, headers)
    expect(helper).toBe(hono)
    expect(hono).toBe(expected)
  })
})

describe('requestHeader over @hono/node-server (HTTP/2, cleartext)', () => {
  let h2server: ReturnType<typeof serve>
  let h2port = 0

  beforeAll(async () => {
    h2port = await new Promise<number>((resolve) => {
      h2server = serve(
        { fetch: app.fetch, hostname: '127.0.0.1', port: 0, createServer: createHttp2Server },
        (info) => resolve((info as AddressInfo).port),
      )
    })
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      h2server.close(() => resolve())
    })
  })

  /** One HTTP/2 GET; `headers` may repeat a name by giving an array of values. */
  const overHttp2 = async (
    name: string,
    headers: Record<string, string | string[]>,
  ): Promise<Reading> => {
    const session = http2Connect(`http://127.0.0.1:${h2port}`)
    try {
      return await new Promise<Reading>((resolve, reject) => {
        const stream = session.request({
          ':method': 'GET',
          ':path': `/header?name=${encodeURIComponent(name)}`,
          ...headers,
        })
        const received: Buffer[] = []
        stream.on('data', (chunk: Buffer) => received.push(chunk))
        stream.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(received).toString('utf8')) as Reading)
          } catch (error) {
            reject(error as Error)
          }
        })
        stream.on('error', reject)
        session.on('error', reject)
      })
    } finally {
      session.close()
    }
  }

  it.each<
    [
      title: string,
      name: string,
      headers: Record<string, string | string[]>,
      expected: string | null,
    ]
  >([
    ['a single header', 'x-request-id', { 'x-request-id': 'abc' }, 'abc'],
    ['an absent header', 'x-request-id', {}, null],
    [
      'a repeated header, joined',
      'origin',
      { origin: ['https://a.test', 'https://b.test'] },
      'https://a.test, https://b.test',
    ],
    ['x-fault-status', 'x-fault-status', { 'x-fault-status': '503' }, '503'],
  ])('%s (falls back to c.req.header)', async (_title, name, headers, expected) => {
    const { helper, hono } = await overHttp2(name, headers)
    expect(helper).toBe(hono)
    expect(hono).toBe(expected)
  })
})
