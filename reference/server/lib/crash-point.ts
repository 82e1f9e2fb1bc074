/**
 * @module Crash points for the crash-durability tests (`crash/`): with
 * `BLUEROUND_CRASH_POINT=<area>:<point>` the server process SIGKILLs itself when it reaches that
 * named point, exactly like `kill -9` at the worst moment. `boot.ts` arms it from the config,
 * which refuses the variable in production; nothing else can arm it, and an unarmed point costs
 * one comparison.
 *
 * Points: `onboarding:after-user-insert` (the user and its email job are committed, the email is
 * not sent), `mail:after-send` (the SMTP server accepted a message, e.g. the invitation, and its
 * mail log row is not written), `webhook:before-send` (a delivery job is claimed, nothing is sent) and
 * `webhook:after-send` (the receiver answered 2xx, the attempt is not recorded) and
 * `report:after-upload` (the report file is in the Object Store, the report is not marked ready
 * and its email is not sent).
 * @see https://docs.blueround.com/reference-server/security/#crash-durability
 */

export type CrashPoint =
  | 'onboarding:after-user-insert'
  | 'mail:after-send'
  | 'webhook:before-send'
  | 'webhook:after-send'
  | 'report:after-upload'

let armed: string | undefined

/** Arms one point (or none); called once at start-up outside production. */
export const armCrashPoint = (point: string | undefined): void => {
  armed = point
}

/** Kills the process with SIGKILL if `point` is the armed one. */
export const crashPoint = (point: CrashPoint): void => {
  if (armed === point) process.kill(process.pid, 'SIGKILL')
}
