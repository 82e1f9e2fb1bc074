/** @module Environment schema: one zod field per variable, with the fix printed when it is wrong. */
import { z } from 'zod'
import { DEV_ADMIN_PASSWORD } from './constants.ts'

export { DEV_ADMIN_PASSWORD }

/** API key format: `brk_` + 8-character lookup prefix + `_` + 32–64 character secret. */
export const API_KEY_PATTERN = /^brk_[a-z0-9]{8}_[A-Za-z0-9_-]{32,64}$/

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

const boolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

/** Every environment variable the server reads. All are optional strings in the environment. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integer(0, 65_535).default(8787),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  BLUEROUND_DATA_DIR: z.string().min(1).default('.data'),
  BLUEROUND_DATABASE_PATH: z.string().min(1).optional(),
  BLUEROUND_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  BLUEROUND_DEV_API_KEY: z
    .string()
    .regex(API_KEY_PATTERN, 'must look like brk_<8 lowercase letters or digits>_<32-64 characters>')
    .optional(),
  BLUEROUND_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  BLUEROUND_API_TIMEOUT_MS: integer(1, 600_000).default(30_000),
  BLUEROUND_DB_TIMEOUT_MS: integer(1, 600_000).default(10_000),
  BLUEROUND_HEALTH_TIMEOUT_MS: integer(1, 60_000).default(2_000),
  BLUEROUND_MAX_BODY_BYTES: integer(1_024, 104_857_600).default(1_048_576),
  BLUEROUND_MAX_HEADER_BYTES: integer(1_024, 1_048_576).default(16_384),
  BLUEROUND_CORS_ORIGINS: z
    .string()
    .regex(
      /^(?:https?:\/\/[^\s,]+)(?:,https?:\/\/[^\s,]+)*$/,
      'expected comma-separated http(s) origins',
    )
    .default('https://docs.blueround.com,http://localhost:*,http://127.0.0.1:*'),
  BLUEROUND_PREVIOUS_SIGNING_KEYS: z
    .string()
    .regex(/^[^,]{32,}(?:,[^,]{32,})*$/, 'expected comma-separated keys of at least 32 characters')
    .optional(),
  BLUEROUND_CRASH_POINT: z
    .string()
    .regex(/^[a-z-]+:[a-z-]+$/, 'expected <area>:<point>, e.g. onboarding:after-user-insert')
    .optional(),
  BLUEROUND_RATE_LIMITS: z.enum(['standard', 'bench']).default('standard'),
  BLUEROUND_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  BLUEROUND_TRUST_PROXY: boolean.default(false),
  BLUEROUND_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  BLUEROUND_SIGNUP_URL: z.url({ protocol: /^https?$/ }).optional(),
  BLUEROUND_USER_RETENTION_DAYS: integer(0, 3650).default(30),
  DATABASE_URL: z
    .url({ protocol: /^postgres(?:ql)?$/, error: 'must be a postgres:// URL' })
    .optional(),
  DATABASE_REPLICA_URL: z
    .url({ protocol: /^postgres(?:ql)?$/, error: 'must be a postgres:// URL' })
    .optional(),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .optional(),
  BLUEROUND_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'expected letters, digits, _ : . or -')
    .default('blueround:'),
  BLUEROUND_NODE_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'expected letters, digits, _ . or -')
    .optional(),
  BLUEROUND_DB_POOL_SIZE: integer(1, 1000).default(10),
  BLUEROUND_RATE_LIMIT_READ_BURST: integer(1, 1_000_000).optional(),
  BLUEROUND_JOB_LEASE_MS: integer(100, 86_400_000).default(60_000),
  BLUEROUND_JOB_POLL_MS: integer(10, 60_000).default(500),
  BLUEROUND_REPORT_TIMEOUT_MS: integer(1, 86_400_000).default(600_000),
  BLUEROUND_UPLOAD_TIMEOUT_MS: integer(1, 3_600_000).default(300_000),
  BLUEROUND_S3_BUCKET: z.string().min(3).max(63).optional(),
  BLUEROUND_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  BLUEROUND_S3_REGION: z.string().min(1).default('us-east-1'),
  BLUEROUND_WS_MAX_CONNECTIONS: integer(1, 100_000).default(5),
  BLUEROUND_WS_MESSAGES_PER_MINUTE: integer(1, 1_000_000).default(60),
  BLUEROUND_WS_HEARTBEAT_MS: integer(10, 600_000).default(10_000),
  BLUEROUND_WS_IDLE_TIMEOUT_MS: integer(50, 3_600_000).default(30_000),
  BLUEROUND_WS_MAX_MESSAGE_BYTES: integer(128, 16_777_216).default(65_536),
})

export type Env = z.input<typeof envSchema>

/** How to fix each variable; printed next to the problem. */
export const FIXES: Record<keyof z.output<typeof envSchema>, string> = {
  NODE_ENV: 'set NODE_ENV to development, test or production',
  HOST: 'set HOST to an interface address such as 127.0.0.1 or 0.0.0.0',
  PORT: 'set PORT to a free TCP port such as 8787 (0 picks a random port)',
  LOG_LEVEL: 'set LOG_LEVEL to one of trace, debug, info, warn, error, fatal, silent',
  BLUEROUND_DATA_DIR: 'set BLUEROUND_DATA_DIR to a writable directory, e.g. .data',
  BLUEROUND_DATABASE_PATH: 'set BLUEROUND_DATABASE_PATH to a file path or :memory:',
  BLUEROUND_ADMIN_PASSWORD:
    'set BLUEROUND_ADMIN_PASSWORD to a secret of at least 12 characters (not the dev default)',
  BLUEROUND_DEV_API_KEY:
    'unset BLUEROUND_DEV_API_KEY, or set it to e.g. brk_devacme1_blueround-dev-api-key-0000000000',
  BLUEROUND_SIGNING_KEY:
    'set BLUEROUND_SIGNING_KEY to at least 32 random characters, e.g. `openssl rand -base64 48`',
  BLUEROUND_API_TIMEOUT_MS: 'set BLUEROUND_API_TIMEOUT_MS to milliseconds, e.g. 30000',
  BLUEROUND_DB_TIMEOUT_MS: 'set BLUEROUND_DB_TIMEOUT_MS to milliseconds, e.g. 10000',
  BLUEROUND_HEALTH_TIMEOUT_MS: 'set BLUEROUND_HEALTH_TIMEOUT_MS to milliseconds, e.g. 2000',
  BLUEROUND_MAX_BODY_BYTES:
    'set BLUEROUND_MAX_BODY_BYTES to the largest request body in bytes, e.g. 1048576 (1 MiB)',
  BLUEROUND_MAX_HEADER_BYTES:
    'set BLUEROUND_MAX_HEADER_BYTES to the largest request head in bytes, e.g. 16384 (16 KiB)',
  BLUEROUND_CORS_ORIGINS:
    'set BLUEROUND_CORS_ORIGINS to comma-separated origins, e.g. https://docs.blueround.com,http://localhost:* (":*" allows any port)',
  BLUEROUND_PREVIOUS_SIGNING_KEYS:
    'set BLUEROUND_PREVIOUS_SIGNING_KEYS to the retired BLUEROUND_SIGNING_KEY values, comma-separated, or unset it',
  BLUEROUND_CRASH_POINT:
    'unset BLUEROUND_CRASH_POINT (it is for crash tests only and refused in production)',
  BLUEROUND_RATE_LIMITS: 'set BLUEROUND_RATE_LIMITS to standard (bench is for benchmarks only)',
  BLUEROUND_ALERT_WEBHOOK_URL: 'set BLUEROUND_ALERT_WEBHOOK_URL to an http(s) URL or unset it',
  BLUEROUND_TRUST_PROXY: 'set BLUEROUND_TRUST_PROXY to true or false',
  BLUEROUND_PUBLIC_URL: 'set BLUEROUND_PUBLIC_URL to the http(s) URL clients use, or unset it',
  SMTP_URL:
    'set SMTP_URL to your mail server, e.g. smtp://user:pass@smtp.example.com:587, or unset it (dev mode captures mail at /_dev/mail)',
  BLUEROUND_SIGNUP_URL:
    'set BLUEROUND_SIGNUP_URL to the page that accepts invitations, e.g. https://app.example.com/signup',
  BLUEROUND_USER_RETENTION_DAYS:
    'set BLUEROUND_USER_RETENTION_DAYS to the days a deleted user is kept, e.g. 30',
  DATABASE_URL:
    'set DATABASE_URL to postgres://user:password@host:5432/database, or unset it for the embedded SQLite store',
  DATABASE_REPLICA_URL:
    'set DATABASE_REPLICA_URL to a postgres:// URL of a read replica of DATABASE_URL, or unset it',
  REDIS_URL:
    'set REDIS_URL to redis://host:6379 (or rediss:// for TLS), or unset it for the in-memory cache',
  BLUEROUND_REDIS_PREFIX:
    'set BLUEROUND_REDIS_PREFIX to a key prefix shared by the nodes of one deployment, e.g. blueround:',
  BLUEROUND_NODE_ID:
    'set BLUEROUND_NODE_ID to a short unique name per node, e.g. api-1, or unset it',
  BLUEROUND_DB_POOL_SIZE: 'set BLUEROUND_DB_POOL_SIZE to PostgreSQL connections per node, e.g. 10',
  BLUEROUND_RATE_LIMIT_READ_BURST:
    'set BLUEROUND_RATE_LIMIT_READ_BURST to the read class burst (its window is burst / 60 minutes), or unset it',
  BLUEROUND_JOB_LEASE_MS:
    'set BLUEROUND_JOB_LEASE_MS to how long a job claim lasts before another node may take it, e.g. 60000',
  BLUEROUND_JOB_POLL_MS: 'set BLUEROUND_JOB_POLL_MS to the worker poll interval, e.g. 500',
  BLUEROUND_REPORT_TIMEOUT_MS:
    'set BLUEROUND_REPORT_TIMEOUT_MS to milliseconds, e.g. 600000 (10 minutes)',
  BLUEROUND_UPLOAD_TIMEOUT_MS:
    'set BLUEROUND_UPLOAD_TIMEOUT_MS to milliseconds, e.g. 300000 (5 minutes)',
  BLUEROUND_S3_BUCKET:
    'set BLUEROUND_S3_BUCKET to a bucket name (3-63 characters), or unset it to keep files on local disk',
  BLUEROUND_S3_ENDPOINT:
    'set BLUEROUND_S3_ENDPOINT to the http(s) URL of an S3-compatible server, or unset it for AWS',
  BLUEROUND_S3_REGION: 'set BLUEROUND_S3_REGION to the bucket region, e.g. us-east-1',
  BLUEROUND_WS_MAX_CONNECTIONS:
    'set BLUEROUND_WS_MAX_CONNECTIONS to the WebSocket connections one user may hold, e.g. 5',
  BLUEROUND_WS_MESSAGES_PER_MINUTE:
    'set BLUEROUND_WS_MESSAGES_PER_MINUTE to the request packages one user may send a minute, e.g. 60',
  BLUEROUND_WS_HEARTBEAT_MS:
    'set BLUEROUND_WS_HEARTBEAT_MS to the milliseconds between server pings, e.g. 10000',
  BLUEROUND_WS_IDLE_TIMEOUT_MS:
    'set BLUEROUND_WS_IDLE_TIMEOUT_MS to the milliseconds a silent socket is kept, e.g. 30000',
  BLUEROUND_WS_MAX_MESSAGE_BYTES:
    'set BLUEROUND_WS_MAX_MESSAGE_BYTES to the largest frame accepted, in bytes, e.g. 65536',
}
