/**
 * @module `BLUEROUND_BUNDLE`: read before anything else loads, because it decides what loads.
 * `auto` (default) starts from the bundle in `.cache/server/` while it is fresh, else from the
 * sources; `off` always starts from the sources (e.g. while debugging with breakpoints).
 */
export type BundlePreference = 'auto' | 'off'

export const readBundlePreference = (): BundlePreference => {
  const value = process.env['BLUEROUND_BUNDLE']?.trim().toLowerCase()
  if (value === undefined || value === '' || value === 'auto') return 'auto'
  if (value === 'off' || value === '0' || value === 'false') return 'off'
  process.stderr.write(
    `Invalid BLUEROUND_BUNDLE=${JSON.stringify(value)}: use "auto" (the default) or "off".\n`,
  )
  process.exit(78) // EX_CONFIG
}
