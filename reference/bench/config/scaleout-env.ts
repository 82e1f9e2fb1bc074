/**
 * @module Where the scale-out benchmark finds PostgreSQL and Redis: `DATABASE_URL` and
 * `REDIS_URL`, or this machine's services. Config modules may read process.env.
 */
export const benchDatabaseUrl = (): string =>
  process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'
export const benchRedisUrl = (): string => process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'
