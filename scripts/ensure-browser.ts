/**
 * @module Setup step: makes sure a Chromium exists for diagram rendering and browser tests.
 *
 * When none is found and we are root on Debian/Ubuntu, it installs Debian's `chromium` package;
 * otherwise it stops with the ways to get one.
 */
import { spawnSync } from 'node:child_process'
import { BrowserNotFoundError, findBrowser } from '../site/diagrams/engine/find-browser.ts'

function tryFind(): string | undefined {
  try {
    return findBrowser().executablePath
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return undefined
    throw error
  }
}

const found = tryFind()
if (found) {
  console.log(`Chromium: ${found}`)
} else {
  const isRoot = process.getuid?.() === 0
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
  if (!isRoot || !hasApt) {
    try {
      findBrowser()
    } catch (error) {
      console.error((error as Error).message)
    }
    process.exit(1)
  }
  console.log('No Chromium found; installing Debian chromium (apt-get install -y chromium)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const run = (cmd: string) => spawnSync('sh', ['-c', cmd], { stdio: 'inherit', env }).status === 0
  if (!run('apt-get update -qq') || !run('apt-get install -y -qq chromium')) {
    console.error(
      'apt-get could not install chromium. Install it by hand, or set BLUEROUND_CHROMIUM.',
    )
    process.exit(1)
  }
  console.log(`Chromium: ${findBrowser().executablePath}`)
}
