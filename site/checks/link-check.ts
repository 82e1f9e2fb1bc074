/**
 * @module Checks every link, asset and `#fragment` of the built site with linkinator.
 *
 * Offline (the default here) only same-site links are checked; external URLs are reported as
 * skipped. With `online: true` (GitHub Actions) external links are checked too, retrying 429s.
 * The production origin is always skipped: it points at the deployed copy, not this build.
 */
import { LinkChecker } from 'linkinator'

export const PRODUCTION_ORIGIN = 'https://docs.blueround.com'

export interface LinkCheckOptions {
  /** Folder of the built site. */
  dir: string
  /** Check external links too. */
  online?: boolean
}

export interface BrokenLink {
  url: string
  status: number | undefined
  parent: string | undefined
  reason: string
}

export interface LinkCheckResult {
  passed: boolean
  checked: number
  skipped: number
  broken: BrokenLink[]
}

function describeFailure(detail: unknown): string {
  if (detail instanceof Error) return detail.message
  if (detail && typeof detail === 'object' && 'status' in detail)
    return `HTTP ${String(detail.status)}`
  return String(detail)
}

/** Crawls the site from its root and returns every broken link or fragment. */
export async function checkLinks({
  dir,
  online = false,
}: LinkCheckOptions): Promise<LinkCheckResult> {
  const checker = new LinkChecker()
  const result = await checker.check({
    path: dir,
    recurse: true,
    checkFragments: true,
    checkCss: true,
    concurrency: 16,
    timeout: 20_000,
    retry: online,
    retryErrors: online,
    retryErrorsCount: 3,
    linksToSkip: async (url: string) =>
      url.startsWith(PRODUCTION_ORIGIN) ||
      (!online && !/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(url)),
  })
  const broken = result.links
    .filter((link) => link.state === 'BROKEN')
    .map((link) => ({
      url: link.url,
      status: link.status,
      parent: link.parent,
      reason: (link.failureDetails ?? []).map(describeFailure).join('; '),
    }))
    // linkinator finishes its checks in whatever order they come back: sort, so that the report
    // (and a test's expectation) reads the same every run.
    .sort((a, b) => a.url.localeCompare(b.url) || (a.parent ?? '').localeCompare(b.parent ?? ''))
  return {
    passed: broken.length === 0,
    checked: result.links.filter((link) => link.state === 'OK').length,
    skipped: result.links.filter((link) => link.state === 'SKIPPED').length,
    broken,
  }
}
