/**
 * @module Makes every id inside a Mermaid SVG unique on the page.
 *
 * Mermaid scopes its styles and markers under the render id, but leaves node ids such as
 * `flowchart-A-0` unscoped, so two diagrams on one page (or one diagram's light and dark copies)
 * would share ids and clash (rehype-mermaid #31). This rewrites each id and every reference to it.
 * It works on Mermaid's own generated markup, whose id and reference forms are known.
 */

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Prefixes every id in `svg` with `prefix`, rewriting `#id` (CSS and `url(#id)`), `href="#id"`
 * and `aria-*="id"` references to match.
 * @param svg - one SVG rendered by Mermaid
 * @param prefix - a page-unique prefix, e.g. `dg-auth-token-flow-light`
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] as string)
  if (ids.length === 0) return svg
  const unique = [...new Set(ids)].sort((a, b) => b.length - a.length)
  const pattern = new RegExp(
    `(?<=[#"]|\\s(?:aria-labelledby|aria-describedby)="[^"]*\\s)(${unique.map(escapeRegExp).join('|')})(?=[\\s"),.:{>\\[~+]|$)`,
    'g',
  )
  // Mermaid's own ids start with the render id `dg`; keep the rest of the name readable.
  const rename = (id: string) => (id.startsWith('dg') ? prefix + id.slice(2) : `${prefix}-${id}`)
  const scoped = svg.replace(pattern, rename)
  // Mermaid's styles also point at paint servers it never draws (`url(#dg-gradient)` in sequence
  // diagrams). A reference to a missing paint server paints nothing, so write `none` and leave no
  // dangling fragment for link checkers.
  const defined = new Set(unique.map(rename))
  return scoped.replace(/url\(#([^)]+)\)/g, (match, id: string) =>
    defined.has(id) ? match : 'none',
  )
}
