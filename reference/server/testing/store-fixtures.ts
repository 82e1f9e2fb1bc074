/** @module Rows the store tests insert directly, shared so every suite builds them alike. */

/** An active organization row for `store.organizations.insert`, named after its slug. */
export const organizationRow = (id: string, slug: string) => ({
  id,
  name: slug,
  slug,
  status: 'active' as const,
  created_at: '2026-01-01T00:00:00.000Z',
})
