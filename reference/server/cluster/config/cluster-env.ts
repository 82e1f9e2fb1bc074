/**
 * @module The environment of `npm run reference:cluster` and of the nodes it starts, read in one
 * place.
 */

/** Variables a node process needs from its parent regardless of the cluster settings. */
export const baseProcessEnv = (): Record<string, string> => ({
  PATH: process.env['PATH'] ?? '',
  HOME: process.env['HOME'] ?? '',
})

/** The launcher's own environment (cluster settings and variables passed on to the nodes). */
export const launcherEnv = (): Readonly<Record<string, string | undefined>> => process.env
