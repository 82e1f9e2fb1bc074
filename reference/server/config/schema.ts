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
  BLUEROUND_RATE_LIMITS: z.enum(['standard', 'bench']).default('standard'),
  BLUEROUND_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  BLUEROUND_TRUST_PROXY: boolean.default(false),
  BLUEROUND_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  BLUEROUND_SIGNUP_URL: z.url({ protocol: /^https?$/ }).optional(),
  BLUEROUND_USER_RETENTION_DAYS: integer(0, 3650).default(30),
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
}
