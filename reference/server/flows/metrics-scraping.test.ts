/**
 * @module Flow test for diagrams/api/metrics-scraping.mmd: one scrape returns HTTP metrics under
 * route templates, application counters and process metrics, and passes `promtool check metrics`.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../testing/test-app.ts'

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' })
const hasPromtool = promtool.status === 0

describe('metrics scraping (diagrams/api/metrics-scraping.mmd)', () => {
  it('serves Prometheus text with request counters and histograms under route templates', async () => {
    const t = await createTestApp()
    await t.app.request(`/v1/api-keys/${t.acme.keyId}`, { headers: t.acme.headers })
    await t.app.request('/v1/api-keys/key_other', { headers: t.acme.headers })
    const res = await t.app.request('/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = await res.text()
    expect(text).toContain('# TYPE http_requests_total counter')
    expect(text).toContain(
      'http_requests_total{method="GET",route="/v1/api-keys/:id",status="200"} 1',
    )
    expect(text).toContain(
      'http_requests_total{method="GET",route="/v1/api-keys/:id",status="404"} 1',
    )
    expect(text).not.toContain(t.acme.keyId)
    expect(text).toContain('# TYPE http_request_duration_seconds histogram')
    expect(text).toContain('blueround_errors_total{code="NOT_FOUND",status="404"} 1')
  })

  it('labels unmatched paths as "unmatched", never the raw path', async () => {
    const t = await createTestApp()
    await t.app.request('/v1/no/such/path/12345', { headers: t.acme.headers })
    const text = await (await t.app.request('/metrics')).text()
    expect(text).toContain('route="unmatched",status="404"')
    expect(text).not.toContain('12345')
  })

  it.skipIf(!hasPromtool)(
    'passes `promtool check metrics` (skipped when promtool, Debian package prometheus, is missing)',
    async () => {
      const t = await createTestApp({ config: { mode: 'development' } })
      await t.app.request('/v1/me', { headers: t.acme.headers })
      await t.app.request('/v1/me')
      await t.app.request('/health')
      const text = await (await t.app.request('/metrics')).text()
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
      expect(check.stdout + check.stderr).toBe('')
      expect(check.status).toBe(0)
    },
  )
})
