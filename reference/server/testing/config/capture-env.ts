/**
 * @module The environment of the whole-suite secrets-in-logs capture (`../suite-capture.ts`),
 * read in one place: it records inside vitest only, whose workers have `VITEST` set.
 */

/** Whether log lines and secrets are recorded: in a vitest worker, unless `BLUEROUND_CAPTURE=off`. */
export const captureEnabled = (): boolean =>
  process.env['VITEST'] !== undefined && process.env['BLUEROUND_CAPTURE'] !== 'off'
