/**
 * @module Full-size diagram viewer: a modal `<dialog>` with pan and zoom (@panzoom/panzoom).
 *
 * Keyboard: the "View full size" button opens it; `+`/`-` zoom, arrow keys pan, `0` resets, and
 * `Escape` or the close button closes it and returns focus to the button.
 */
import Panzoom from '@panzoom/panzoom'
import type { PanzoomObject } from '@panzoom/panzoom'

const PAN_STEP = 60

function createDialog(): HTMLDialogElement {
  const dialog = document.createElement('dialog')
  dialog.className = 'br-diagram-dialog'
  dialog.setAttribute('aria-labelledby', 'br-diagram-dialog-title')
  dialog.innerHTML = `
    <div class="br-diagram-dialog__bar">
      <h2 id="br-diagram-dialog-title" class="br-diagram-dialog__title"></h2>
      <p class="br-diagram-dialog__help">Zoom with + and −, pan with the arrow keys, reset with 0.</p>
      <button type="button" class="br-diagram-dialog__zoom" data-zoom="in" aria-label="Zoom in">+</button>
      <button type="button" class="br-diagram-dialog__zoom" data-zoom="out" aria-label="Zoom out">−</button>
      <button type="button" class="br-diagram-dialog__close">Close</button>
    </div>
    <div class="br-diagram-dialog__viewport" tabindex="0" role="group" aria-label="Diagram, pan and zoom">
      <div class="br-diagram-dialog__stage"></div>
    </div>`
  document.body.append(dialog)
  return dialog
}

function visibleSvg(figure: HTMLElement): SVGSVGElement | null {
  for (const svg of figure.querySelectorAll<SVGSVGElement>('.br-diagram__svg > svg')) {
    if (svg.parentElement && getComputedStyle(svg.parentElement).display !== 'none') return svg
  }
  return figure.querySelector('svg')
}

/** Ids must stay unique on the page, so the copy shown in the dialog gets its own prefix. */
function cloneWithFreshIds(svg: SVGSVGElement): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement
  let markup = clone.outerHTML
  for (const el of clone.querySelectorAll('[id]')) {
    const id = el.id
    markup = markup.split(`"${id}"`).join(`"full-${id}"`).split(`#${id}`).join(`#full-${id}`)
  }
  if (clone.id)
    markup = markup
      .split(`"${clone.id}"`)
      .join(`"full-${clone.id}"`)
      .split(`#${clone.id}`)
      .join(`#full-${clone.id}`)
  const template = document.createElement('template')
  template.innerHTML = markup
  return template.content.firstElementChild as SVGSVGElement
}

function setup(): void {
  const buttons = document.querySelectorAll<HTMLButtonElement>('.br-diagram__expand')
  if (buttons.length === 0) return
  let dialog: HTMLDialogElement | undefined
  let panzoom: PanzoomObject | undefined
  let opener: HTMLButtonElement | undefined

  const open = (button: HTMLButtonElement) => {
    const figure = document.getElementById(button.dataset['diagramTarget'] ?? '')
    const svg = figure && visibleSvg(figure)
    if (!figure || !svg) return
    dialog ??= createDialog()
    const stage = dialog.querySelector<HTMLElement>('.br-diagram-dialog__stage')!
    const viewport = dialog.querySelector<HTMLElement>('.br-diagram-dialog__viewport')!
    dialog.querySelector('.br-diagram-dialog__title')!.textContent =
      figure.querySelector('figcaption span')?.textContent ?? 'Diagram'
    const copy = cloneWithFreshIds(svg)
    copy.removeAttribute('style')
    copy.setAttribute('width', '100%')
    copy.setAttribute('height', '100%')
    stage.replaceChildren(copy)
    opener = button
    dialog.showModal()
    panzoom?.destroy()
    panzoom = Panzoom(stage, { maxScale: 8, minScale: 0.25, step: 0.25 })
    viewport.onwheel = (event) => panzoom?.zoomWithWheel(event)
    viewport.onkeydown = (event) => {
      const pz = panzoom
      if (!pz) return
      const moves: Record<string, [number, number]> = {
        ArrowLeft: [PAN_STEP, 0],
        ArrowRight: [-PAN_STEP, 0],
        ArrowUp: [0, PAN_STEP],
        ArrowDown: [0, -PAN_STEP],
      }
      const move = moves[event.key]
      if (move) pz.pan(move[0], move[1], { relative: true })
      else if (event.key === '+' || event.key === '=') pz.zoomIn()
      else if (event.key === '-') pz.zoomOut()
      else if (event.key === '0') pz.reset()
      else return
      event.preventDefault()
    }
    dialog.querySelectorAll<HTMLButtonElement>('.br-diagram-dialog__zoom').forEach((zoom) => {
      zoom.onclick = () => (zoom.dataset['zoom'] === 'in' ? panzoom?.zoomIn() : panzoom?.zoomOut())
    })
    dialog.querySelector<HTMLButtonElement>('.br-diagram-dialog__close')!.onclick = () =>
      dialog?.close()
    dialog.onclose = () => opener?.focus()
    viewport.focus()
  }

  buttons.forEach((button) => button.addEventListener('click', () => open(button)))
}

setup()

/**
 * Wide Markdown tables scroll sideways; make those focusable so keyboard users can scroll them
 * (WCAG 2.1.1), as Expressive Code does for code blocks.
 */
function focusableWideTables(): void {
  for (const table of document.querySelectorAll<HTMLTableElement>('.sl-markdown-content table')) {
    if (table.scrollWidth > table.clientWidth && !table.hasAttribute('tabindex')) {
      table.tabIndex = 0
      table.setAttribute('role', 'region')
      table.setAttribute(
        'aria-label',
        table.querySelector('caption')?.textContent ?? 'Table, scrolls sideways',
      )
    }
  }
}

focusableWideTables()
