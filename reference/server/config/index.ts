/**
 * @module Configuration: the environment is validated once, at boot, and nothing else reads
 * `process.env`. A bad value stops start-up with a message that names every variable and its fix.
 * @see https://docs.blueround.com/reference-server/running/
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import path from 'node:path'
import { DEV_ADMIN_PASSWORD, FIXES, envSchema, type Env } from './schema.ts'

export { API_KEY_PATTERN, DEV_ADMIN_PASSWORD } from './schema.ts'

export type Mode = 'development' | 'test' | 'production'

/** The validated configuration every part of the server receives. */
export interface AppConfig {
  mode: Mode
  host: string
  port: number
  /** The URL printed in the banner and used in Link headers. */
  publicUrl: string
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'
  dataDir: string
  /** A file path, or `:memory:`. */
  databasePath: string
  adminEmail: string
  adminPassword: string
  adminPasswordIsDevDefault: boolean
  /** A fixed dev API key; otherwise a fresh one is generated at each dev start. */
  devApiKey: string | undefined
  signingKey: string
  signingKeyGenerated: boolean
  apiTimeoutMs: number
  dbTimeoutMs: number
  healthTimeoutMs: number
  rateLimitProfile: 'standard' | 'bench'
  alertWebhookUrl: string | undefined
  trustProxy: boolean
  /** Fault injection headers and `/dev/faults` work only outside production. */
  faultInjection: boolean
  /** Dev data (Acme, its admin and a dev API key) is created outside production. */
  seedDevData: boolean
  /** Real SMTP when set; otherwise mail is captured (dev) and listed at `/_dev/mail`. */
  smtpUrl: string | undefined
  /** Where invitation links point; `?token=…` is appended. */
  signupUrl: string
  /** Days a soft-deleted user is kept before it is purged. */
  userRetentionDays: number
  /** Larger request bodies answer 413 PAYLOAD_TOO_LARGE. */
  maxBodyBytes: number
  /** Node's `maxHeaderSize`: a larger request head answers 431. */
  maxHeaderBytes: number
  /** Browser origins allowed by CORS; `http://localhost:*` allows any port. */
  corsOrigins: string[]
  /** Retired signing secrets: their public keys stay in the JWKS and still verify. */
  previousSigningKeys: string[]
  /** Crash tests only: the process SIGKILLs itself at this named point (never in production). */
  crashPoint: string | undefined
  /** Scale-out: PostgreSQL instead of SQLite when set. */
  databaseUrl: string | undefined
  /** Lag-tolerant reads go here when set (PostgreSQL only). */
  databaseReplicaUrl: string | undefined
  /** Scale-out: Redis instead of the in-memory cache, event bus and connection counter. */
  redisUrl: string | undefined
  /** Prefix of every Redis key and pub/sub channel. */
  redisPrefix: string
  /** This node's name in a cluster (job locks, Redis heartbeats, logs). */
  nodeId: string
  /** PostgreSQL connections per node. */
  dbPoolSize: number
  /** Overrides the read class's burst (its window becomes burst / 60 minutes); for tests. */
  rateLimitReadBurst: number | undefined
  /** How long a job claim lasts before another worker may take it over. */
  jobLeaseMs: number
  /** How often each node's worker polls for due jobs. */
  jobPollMs: number
  /** A report job still running after this is cut and marked failed. */
  reportTimeoutMs: number
  /** An Object Store upload still running after this fails. */
  uploadTimeoutMs: number
  /** Reports go to this S3-compatible bucket when set; otherwise to `<dataDir>/objects`. */
  s3: { bucket: string; endpoint: string | undefined; region: string } | undefined
  /** The WebSocket endpoint `/web` (see `realtime/`). */
  realtime: RealtimeConfig
}

/** Limits and timers of the WebSocket endpoint. */
export interface RealtimeConfig {
  /** Open sockets one user may hold; the next closes with 1008. */
  maxConnectionsPerUser: number
  /** Request packages one user may send a minute (sliding window). */
  messagesPerMinute: number
  /** Milliseconds between server pings. */
  heartbeatIntervalMs: number
  /** A socket silent (no message, no pong) this long is closed. */
  idleTimeoutMs: number
  /** Larger frames close the socket with 1009. */
  maxMessageBytes: number
}

/** Thrown when the environment is invalid; `message` lists every problem and its fix. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  readonly problems: readonly string[]
  constructor(problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    )
    this.problems = problems
  }
}

const problem = (variable: keyof typeof FIXES, message: string): string =>
  `${variable}: ${message}. Fix: ${FIXES[variable]}.`

/**
 * Validates an environment and returns the configuration, or throws {@link ConfigError}.
 * @param env - usually `process.env`; tests pass a plain object
 * @param cwd - base for a relative data directory
 * @example loadConfig({ NODE_ENV: 'test', BLUEROUND_DATABASE_PATH: ':memory:' })
 */
export const loadConfig = (env: Env | NodeJS.ProcessEnv, cwd = process.cwd()): AppConfig => {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0]) as keyof typeof FIXES
        const received = (env as Record<string, string | undefined>)[variable]
        const got = received === undefined ? '' : ` (got ${JSON.stringify(received)})`
        return problem(variable, `${issue.message}${got}`)
      }),
    )
  }
  const e = parsed.data
  const production = e.NODE_ENV === 'production'
  const problems: string[] = []
  if (production) {
    if (e.BLUEROUND_ADMIN_PASSWORD === undefined)
      problems.push(problem('BLUEROUND_ADMIN_PASSWORD', 'is required in production'))
    else if (e.BLUEROUND_ADMIN_PASSWORD === DEV_ADMIN_PASSWORD)
      problems.push(problem('BLUEROUND_ADMIN_PASSWORD', 'the dev default is refused in production'))
    if (e.BLUEROUND_SIGNING_KEY === undefined)
      problems.push(
        problem('BLUEROUND_SIGNING_KEY', 'is required in production (no generated key)'),
      )
    if (e.BLUEROUND_DEV_API_KEY !== undefined)
      problems.push(problem('BLUEROUND_DEV_API_KEY', 'dev API keys are refused in production'))
    if (e.BLUEROUND_RATE_LIMITS === 'bench')
      problems.push(problem('BLUEROUND_RATE_LIMITS', 'the bench profile is refused in production'))
    if (e.BLUEROUND_CRASH_POINT !== undefined)
      problems.push(problem('BLUEROUND_CRASH_POINT', 'crash points are refused in production'))
  }
  if (e.DATABASE_REPLICA_URL !== undefined && e.DATABASE_URL === undefined)
    problems.push(problem('DATABASE_REPLICA_URL', 'needs DATABASE_URL (the primary) as well'))
  if (problems.length > 0) throw new ConfigError(problems)

  const dataDir = path.resolve(cwd, e.BLUEROUND_DATA_DIR)
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST
  return {
    mode: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.BLUEROUND_PUBLIC_URL ?? `http://${displayHost}:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    dataDir,
    databasePath: e.BLUEROUND_DATABASE_PATH ?? path.join(dataDir, 'blueround.sqlite'),
    adminEmail: 'admin@acme.test',
    adminPassword: e.BLUEROUND_ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD,
    adminPasswordIsDevDefault: e.BLUEROUND_ADMIN_PASSWORD === undefined,
    devApiKey: e.BLUEROUND_DEV_API_KEY,
    signingKey: e.BLUEROUND_SIGNING_KEY ?? randomBytes(48).toString('base64url'),
    signingKeyGenerated: e.BLUEROUND_SIGNING_KEY === undefined,
    apiTimeoutMs: e.BLUEROUND_API_TIMEOUT_MS,
    dbTimeoutMs: e.BLUEROUND_DB_TIMEOUT_MS,
    healthTimeoutMs: e.BLUEROUND_HEALTH_TIMEOUT_MS,
    rateLimitProfile: e.BLUEROUND_RATE_LIMITS,
    alertWebhookUrl: e.BLUEROUND_ALERT_WEBHOOK_URL,
    trustProxy: e.BLUEROUND_TRUST_PROXY,
    faultInjection: !production,
    seedDevData: !production,
    smtpUrl: e.SMTP_URL,
    signupUrl:
      e.BLUEROUND_SIGNUP_URL ??
      `${e.BLUEROUND_PUBLIC_URL ?? `http://${displayHost}:${e.PORT}`}/signup`,
    userRetentionDays: e.BLUEROUND_USER_RETENTION_DAYS,
    maxBodyBytes: e.BLUEROUND_MAX_BODY_BYTES,
    maxHeaderBytes: e.BLUEROUND_MAX_HEADER_BYTES,
    corsOrigins: e.BLUEROUND_CORS_ORIGINS.split(','),
    previousSigningKeys: e.BLUEROUND_PREVIOUS_SIGNING_KEYS?.split(',') ?? [],
    crashPoint: e.BLUEROUND_CRASH_POINT,
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrl: e.DATABASE_REPLICA_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.BLUEROUND_REDIS_PREFIX,
    nodeId: e.BLUEROUND_NODE_ID ?? `${hostname()}-${process.pid}`,
    dbPoolSize: e.BLUEROUND_DB_POOL_SIZE,
    rateLimitReadBurst: e.BLUEROUND_RATE_LIMIT_READ_BURST,
    jobLeaseMs: e.BLUEROUND_JOB_LEASE_MS,
    jobPollMs: e.BLUEROUND_JOB_POLL_MS,
    reportTimeoutMs: e.BLUEROUND_REPORT_TIMEOUT_MS,
    uploadTimeoutMs: e.BLUEROUND_UPLOAD_TIMEOUT_MS,
    s3:
      e.BLUEROUND_S3_BUCKET === undefined
        ? undefined
        : {
            bucket: e.BLUEROUND_S3_BUCKET,
            endpoint: e.BLUEROUND_S3_ENDPOINT,
            region: e.BLUEROUND_S3_REGION,
          },
    realtime: {
      maxConnectionsPerUser: e.BLUEROUND_WS_MAX_CONNECTIONS,
      messagesPerMinute: e.BLUEROUND_WS_MESSAGES_PER_MINUTE,
      heartbeatIntervalMs: e.BLUEROUND_WS_HEARTBEAT_MS,
      idleTimeoutMs: e.BLUEROUND_WS_IDLE_TIMEOUT_MS,
      maxMessageBytes: e.BLUEROUND_WS_MAX_MESSAGE_BYTES,
    },
  }
}

/** Reads the process environment; the only place that touches `process.env`. */
export const loadConfigFromProcess = (): AppConfig => loadConfig(process.env)

/** A test configuration: in-memory database, silent logs; override any field. */
export const createTestConfig = (overrides: Partial<AppConfig> = {}): AppConfig => ({
  ...loadConfig({ NODE_ENV: 'test', BLUEROUND_DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }),
  ...overrides,
})
