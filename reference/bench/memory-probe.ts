/**
 * @module Preloaded into the server by `npm run soak` (`node --expose-gc --import` this file): on
 * SIGUSR2 it runs full garbage collections and prints the process's memory as one line on stderr,
 * `soak-memory {...}` (`process.memoryUsage()` in bytes). The soak reads it to tell live memory
 * (what a leak grows) from garbage and heap head-room. It is never part of the server itself.
 */
const collect = (globalThis as { gc?: (options?: object) => unknown }).gc

process.on('SIGUSR2', () => {
  // Twice: objects with finalizers or weak references are freed by the second pass.
  collect?.({ type: 'major', execution: 'sync' })
  collect?.({ type: 'major', execution: 'sync' })
  process.stderr.write(`soak-memory ${JSON.stringify(process.memoryUsage())}\n`)
})
