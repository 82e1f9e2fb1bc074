import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFlowRecorder } from '../testing/flow-recorder.ts'
import { inProcessServer } from '../testing/reference-server.ts'
import { Client } from './client.ts'
import {
  AuthenticationError,
  ConfigurationError,
  RedcoreAPIError,
  isConfigurationError,
} from './errors/index.ts'

afterEach(() => {
  vi.unstubAllEnvs()
})

/** Constructs a client and returns the initialization steps it emitted. */
const construct = (options: ConstructorParameters<typeof Client>[0]) => {
  const flows = createFlowRecorder()
  let error: unknown
  try {
    new Client({ ...options, onEvent: flows.onEvent })
  } catch (caught) {
    error = caught
  }
  return { error, steps: flows.steps('sdk/initialization') }
}

describe('initialization: configuration', () => {
  it('raises ConfigurationError "Missing REDCORE_API_KEY" without a key in options or env', () => {
    vi.stubEnv('REDCORE_API_KEY', '')
    const { error, steps } = construct({})
    expect(error).toBeInstanceOf(ConfigurationError)
    expect((error as Error).message).toMatch(/^Missing REDCORE_API_KEY/)
    expect(isConfigurationError(error)).toBe(true)
    expect(steps).toEqual(['start', 'readConfig', 'hasCredential', 'missingKey'])
  })

  it('falls back to REDCORE_API_KEY and REDCORE_BASE_URL', () => {
    vi.stubEnv('REDCORE_API_KEY', 'brk_fromenv1_secret')
    vi.stubEnv('REDCORE_BASE_URL', 'http://localhost:8787/')
    const client = new Client()
    expect(client.options.credential).toEqual({ kind: 'apiKey', apiKey: 'brk_fromenv1_secret' })
    expect(client.options.baseUrl).toBe('http://localhost:8787')
  })

  it('an explicit apiKey wins over the environment', () => {
    vi.stubEnv('REDCORE_API_KEY', 'brk_fromenv1_secret')
    const client = new Client({ apiKey: 'brk_explicit_secret' })
    expect(client.options.credential).toMatchObject({ apiKey: 'brk_explicit_secret' })
  })

  it('uses https://api.blueround.com when the base URL is not overridden', () => {
    vi.stubEnv('REDCORE_BASE_URL', '')
    const { error, steps } = construct({ apiKey: 'k' })
    expect(error).toBeUndefined()
    expect(new Client({ apiKey: 'k' }).options.baseUrl).toBe('https://api.blueround.com')
    expect(steps).toEqual([
      'start',
      'readConfig',
      'hasCredential',
      'optionsValid',
      'baseUrlOverridden',
      'ready',
    ])
  })

  it.each([
    'http://api.blueround.com',
    'ftp://127.0.0.1',
    'not a url',
    'http://10.0.0.5:8787',
    'https://user:pass@api.blueround.com',
    'https://api.blueround.com/?debug=1',
  ])('raises ConfigurationError "Invalid base_url" for %s', (baseUrl) => {
    const { error, steps } = construct({ apiKey: 'k', baseUrl })
    expect(error).toBeInstanceOf(ConfigurationError)
    expect((error as Error).message).toMatch(/^Invalid base_url: /)
    expect(steps.slice(-3)).toEqual(['baseUrlOverridden', 'validUrl', 'invalidUrl'])
  })

  it.each([
    ['https://api.blueround.com', 'https://api.blueround.com'],
    ['https://gateway.example.com/blueround/', 'https://gateway.example.com/blueround'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
    ['http://127.1.2.3', 'http://127.1.2.3'],
  ])('accepts %s (HTTPS, or http on loopback)', (baseUrl, normalized) => {
    const { error, steps } = construct({ apiKey: 'k', baseUrl })
    expect(error).toBeUndefined()
    expect(new Client({ apiKey: 'k', baseUrl }).options.baseUrl).toBe(normalized)
    expect(steps.slice(-3)).toEqual(['baseUrlOverridden', 'validUrl', 'ready'])
  })

  it.each([
    [{ timeout: 0 }, /^Invalid timeout/],
    [{ maxRetries: -1 }, /^Invalid maxRetries/],
    [{ retry: 1.5 }, /^Invalid retry.limit/],
    [{ retry: { jitter: 1 } }, /^Invalid retry.jitter/],
    [{ maxRetries: 2, retry: { limit: 3 } }, /either maxRetries or retry.limit/],
    [{ oauth: { username: 'a' } }, /must be given together/],
    [{ oauth: {} }, /oauth needs a username and password, or a tokenStore/],
    [{ apiKey: 'k', oauth: { username: 'a', password: 'b' } }, /either apiKey or oauth/],
  ])('raises ConfigurationError for invalid options %j', (options, message) => {
    const { error, steps } = construct({
      ...('oauth' in options ? {} : { apiKey: 'k' }),
      ...options,
    })
    expect(error).toBeInstanceOf(ConfigurationError)
    expect((error as Error).message).toMatch(message)
    expect(steps.slice(-2)).toEqual(['optionsValid', 'invalidOptions'])
  })

  it('normalizes retry options over one defaults object (ky style)', () => {
    expect(new Client({ apiKey: 'k' }).options.retry).toEqual({
      limit: 3,
      delay: 1000,
      backoffLimit: 30_000,
      jitter: 0.1,
      maxRetryAfter: 120_000,
    })
    expect(new Client({ apiKey: 'k', retry: 5 }).options.retry.limit).toBe(5)
    expect(new Client({ apiKey: 'k', maxRetries: 0 }).options.retry.limit).toBe(0)
    expect(new Client({ apiKey: 'k', retry: { delay: 250 } }).options.retry).toMatchObject({
      limit: 3,
      delay: 250,
    })
  })
})

describe('initialization: the implicit GET /v1/me (reference server)', () => {
  it('the first call makes one GET /v1/me, then proceeds; later calls do not repeat it', async () => {
    const h = await inProcessServer()
    const client = h.client()
    expect(client.initialized).toBe(false)
    const [first, second] = await Promise.all([
      client.organizations.current(),
      client.apiKeys.listPage(),
    ])
    await client.apiKeys.listPage()
    expect(first.slug).toBe('acme')
    expect(second.data.length).toBeGreaterThan(0)
    expect(client.initialized).toBe(true)
    expect(h.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/me',
      'GET /v2/organizations/current',
      'GET /v1/api-keys',
      'GET /v1/api-keys',
    ])
    expect(h.flows.steps('sdk/initialization')).toEqual([
      'start',
      'readConfig',
      'hasCredential',
      'optionsValid',
      'baseUrlOverridden',
      'validUrl',
      'ready',
      'firstCall',
      'getMe',
      'meStatus',
      'initialized',
    ])
  })

  it('client.me.get() as the first call is the implicit GET /v1/me itself', async () => {
    const h = await inProcessServer()
    const client = h.client()
    const me = await client.me.get()
    expect(me.user.email).toBe('admin@acme.test')
    expect(me.credential).toMatchObject({ kind: 'api_key', scopes: ['read', 'write', 'admin'] })
    await client.me.get()
    expect(h.requests.map((r) => r.path)).toEqual(['/v1/me', '/v1/me'])
  })

  it('raises AuthenticationError when the API key is rejected', async () => {
    const h = await inProcessServer()
    const client = h.client({ apiKey: 'brk_wrongkey_0000000000000000000000000000000000' })
    const error = await client.apiKeys.listPage().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', attempts: 1 })
    expect(h.flows.steps('sdk/initialization').slice(-2)).toEqual(['meStatus', 'authError'])
    expect(h.flows.steps('sdk/error-retry').slice(-3)).toEqual([
      'outcome',
      'canRefresh',
      'authError',
    ])
    expect(h.flows.steps('sdk/authentication').slice(-3)).toEqual(['send', 'status', 'authError'])
    expect(h.requests.map((r) => r.path)).toEqual(['/v1/me'])
  })

  it('raises RedcoreAPIError when /v1/me keeps failing, and initializes on a later call', async () => {
    const h = await inProcessServer()
    const client = h.client({
      maxRetries: 0,
      headers: { 'x-fault-session': 'init', 'x-fault-sequence': '500' },
    })
    const error = await client.apiKeys.listPage().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RedcoreAPIError)
    expect(error).toMatchObject({ status: 500 })
    expect(client.initialized).toBe(false)
    await client.apiKeys.listPage()
    expect(client.initialized).toBe(true)
    const runs = h.flows.runs('sdk/initialization')
    expect(runs).toHaveLength(2)
    expect(h.flows.steps('sdk/initialization', runs[0]).slice(-2)).toEqual(['meStatus', 'apiError'])
    expect(h.flows.steps('sdk/initialization', runs[1])).toEqual([
      'firstCall',
      'getMe',
      'meStatus',
      'initialized',
    ])
  })
})
