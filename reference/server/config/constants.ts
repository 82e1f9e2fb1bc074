/** @module Configuration constants that must load without zod (see prehash.ts). */

/** The dev-only admin password; production refuses it. */
export const DEV_ADMIN_PASSWORD = 'blueround-dev-admin'
