/**
 * Engine benchmarks (not tests):
 *   npm run bench            human-readable
 *   npm run bench -- --json  one JSON object (scale10kPodsMs, rollout1kMs, heapMb, …)
 *   npm run bench -- --runs=5
 * The scenarios are bundled first, as Vite bundles the engine for the app, and run from the
 * bundle: the TypeScript loader used for scripts compiles with keepNames, which gives every
 * function its own property dictionary (about 40 MB at 10,000 pods) that the app never has.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const dir = mkdtempSync(join(tmpdir(), 'kubeplay-bench-'))
try {
  const outfile = join(dir, 'bench.mjs')
  await build({
    entryPoints: [new URL('./benchScale.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    outfile,
    logLevel: 'warning',
  })
  await import(pathToFileURL(outfile).href)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
