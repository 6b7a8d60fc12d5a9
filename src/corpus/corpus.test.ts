import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { createSession, runLineSync } from '../session/session.ts'
import { podStatusText } from '../graph/podStatus.ts'

const ROOT = join(__dirname, '../../../shared/corpus')

function manifests(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...manifests(p))
    else if (/\.(ya?ml|json)$/.test(name)) out.push(p)
  }
  return out
}

/**
 * What applying each corpus manifest to a fresh cluster gives, and how its pods look a minute
 * later. Failures must be the ones a v1.32 API server gives for that file (missing namespaces,
 * CRDs that are not installed, the files' own mistakes); the golden file records each outcome.
 */
function outcome(file: string): string {
  const session = createSession({ seed: 1, files: { 'm.yaml': readFileSync(file, 'utf8') } })
  const r = runLineSync(session, 'kubectl apply -f m.yaml', { isTTY: false })
  if (r.exitCode !== 0) return 'refused: ' + r.stderr.trim().split('\n')[0]
  session.sim.advance(60_000)
  const statuses = new Map<string, number>()
  for (const p of session.sim.api.list('pods').items) {
    if (p.metadata.namespace === 'kube-system' || p.metadata.namespace === 'local-path-storage')
      continue
    const s = podStatusText(p)
    statuses.set(s, (statuses.get(s) ?? 0) + 1)
  }
  const pods = [...statuses].sort().map(([s, n]) => `${s}×${n}`)
  return 'applied' + (pods.length ? '; pods: ' + pods.join(', ') : '')
}

describe.skipIf(!existsSync(ROOT))('the example corpus', () => {
  it('applies every manifest as a v1.32 cluster would', async () => {
    const results: Record<string, string> = {}
    for (const f of manifests(ROOT)) results[relative(ROOT, f)] = outcome(f)
    const refused = Object.values(results).filter((r) => r.startsWith('refused'))
    expect(
      refused.every((r) =>
        /^refused: (Error from server \((NotFound|BadRequest|Forbidden)\)|error: resource mapping not found|error: error validating)/.test(
          r,
        ),
      ),
    ).toBe(true)
    await expect(JSON.stringify(results, null, 2) + '\n').toMatchFileSnapshot(
      './__golden__/corpus-outcomes.json',
    )
  }, 600_000)
})
