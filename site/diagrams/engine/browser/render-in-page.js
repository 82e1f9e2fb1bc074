/**
 * @module Runs inside the build's headless Chromium page, next to Mermaid's own bundle.
 *
 * It parses each diagram with Mermaid's parser (the diagram database, not regular expressions),
 * extracts a model, and renders the SVG once per theme. Plain JavaScript on purpose: it is loaded
 * into the page as-is, so no bundler helper can leak into it.
 */

;(() => {
  const clean = (text) =>
    String(text ?? '')
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/\\n/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()

  const errorLine = (error) => {
    const match = /on line (\d+)/i.exec(String(error?.message ?? ''))
    if (match) return Number(match[1])
    const loc = error?.hash?.loc
    return loc && typeof loc.first_line === 'number' ? loc.first_line : null
  }

  const stateName = (id) => (id === 'root_start' || id === 'root_end' ? '[*]' : id)

  function sequenceModel(db) {
    const LT = db.LINETYPE
    const open = {
      [LT.ALT_START]: 'alt',
      [LT.OPT_START]: 'opt',
      [LT.LOOP_START]: 'loop',
      [LT.PAR_START]: 'par',
      [LT.CRITICAL_START]: 'critical',
      [LT.BREAK_START]: 'break',
      [LT.RECT_START]: 'rect',
      [LT.PAR_OVER_START]: 'par',
    }
    const next = { [LT.ALT_ELSE]: 'else', [LT.PAR_AND]: 'and', [LT.CRITICAL_OPTION]: 'option' }
    const close = new Set([
      LT.ALT_END,
      LT.OPT_END,
      LT.LOOP_END,
      LT.PAR_END,
      LT.CRITICAL_END,
      LT.BREAK_END,
      LT.RECT_END,
    ])
    const skip = new Set([LT.NOTE, LT.ACTIVE_START, LT.ACTIVE_END, LT.AUTONUMBER])
    const stack = []
    const branches = []
    const messages = []
    let blockCount = 0
    for (const m of db.getMessages()) {
      const label = clean(m.message)
      if (m.type in open) {
        const block = blockCount++
        const branch = { id: `${open[m.type]}#${block}:${label}`, block, kind: open[m.type], label }
        branches.push(branch)
        stack.push(branch)
      } else if (m.type in next) {
        const top = stack.pop()
        const block = top ? top.block : blockCount++
        const branch = { id: `${next[m.type]}#${block}:${label}`, block, kind: next[m.type], label }
        branches.push(branch)
        stack.push(branch)
      } else if (close.has(m.type)) {
        stack.pop()
      } else if (!skip.has(m.type) && m.from !== undefined && m.to !== undefined) {
        messages.push({
          index: messages.length,
          from: m.from,
          to: m.to,
          text: label,
          branches: stack.map((b) => b.id),
        })
      }
    }
    const participants = [...db.getActors().entries()].map(([id, actor]) => ({
      id,
      label: clean(actor.description ?? id),
    }))
    return { kind: 'sequence', participants, messages, branches }
  }

  function extractModel(diagram) {
    const { type, db } = diagram
    if (type.startsWith('flowchart')) {
      return {
        kind: 'flowchart',
        nodes: [...db.getVertices().values()].map((v) => ({
          id: v.id,
          text: clean(v.text ?? v.id),
          shape: v.type ?? 'rect',
        })),
        edges: db.getEdges().map((e) => ({ from: e.start, to: e.end, label: clean(e.text) })),
      }
    }
    if (type.startsWith('state')) {
      const states = [...new Set([...db.getStates().keys()].map(stateName))]
      const transitions = db.getRelations().map((r) => ({
        from: stateName(r.id1),
        to: stateName(r.id2),
        label: clean(r.relationTitle),
      }))
      return { kind: 'state', states, transitions }
    }
    if (type === 'sequence') return sequenceModel(db)
    return { kind: 'other', type }
  }

  async function run(jobs, themes) {
    const mermaid = window.mermaid
    const results = []
    mermaid.initialize({ startOnLoad: false, ...themes[0].config })
    for (const job of jobs) {
      try {
        const diagram = await mermaid.mermaidAPI.getDiagramFromText(job.source)
        results.push({
          id: job.id,
          ok: true,
          type: diagram.type,
          title: clean(diagram.db.getAccTitle?.() ?? ''),
          description: clean(diagram.db.getAccDescription?.() ?? ''),
          model: extractModel(diagram),
          svg: {},
        })
      } catch (error) {
        results.push({
          id: job.id,
          ok: false,
          error: { message: String(error?.message ?? error), line: errorLine(error) },
        })
      }
    }
    for (const theme of themes) {
      mermaid.initialize({ startOnLoad: false, ...theme.config })
      for (let i = 0; i < jobs.length; i++) {
        const result = results[i]
        if (!result.ok) continue
        try {
          const { svg } = await mermaid.render('dg', jobs[i].source)
          result.svg[theme.name] = svg
        } catch (error) {
          results[i] = {
            id: jobs[i].id,
            ok: false,
            error: { message: String(error?.message ?? error), line: errorLine(error) },
          }
        }
      }
    }
    return results
  }

  window.__blueroundDiagrams = { run }
})()
