import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'vitest'
import { compareLesson, KUBECTL, LESSON_TIMEOUT_MS } from './lessonShard.ts'
import { kubectlArgs, replayableArgs } from './lessonState.ts'
import { asLesson, seedScript } from './seedScripts.ts'
import type { WallClock } from './twoKubectls.ts'

/** The seed notes live beside the repository (../shared/research/seeds). */
const NOTES = join(__dirname, '../../../../shared/research/seeds')

/** Commands whose output depends on the binary rather than the cluster. */
const CLIENT_ONLY = new Set(['version', 'completion', 'plugin', 'options', 'help'])
/**
 * What our kubectl declines in so many words ("not available in this simulated cluster"): the
 * dump of every object and log of the cluster.
 */
const DECLINED = ['cluster-info dump']

function note(seed: string): string | undefined {
  try {
    return readFileSync(join(NOTES, `${seed}.md`), 'utf8')
  } catch {
    return undefined
  }
}

/**
 * Registers the comparison of the real kubectl and ours over one seed note's transcript: its
 * change commands replayed where they ran, then its read-only commands and every listing format
 * over the final state.
 */
export function seedTests(seed: string, clock: WallClock): void {
  const text = note(seed)
  if (KUBECTL && !text) console.warn(`seed ${seed}: no note at ${NOTES}, skipping its transcript`)
  describe.skipIf(!KUBECTL || !text)(`real kubectl and ours over seed ${seed}'s transcript`, () => {
    const script = seedScript(seed, text ?? '')
    it(
      `${script.commands.length} transcript commands, then the final state`,
      () => {
        const reads = script.commands
          .filter((c) => !replayableArgs(c))
          .map((c) => kubectlArgs(c)!)
          .filter((a) => a && !CLIENT_ONLY.has(a.find((w) => !w.startsWith('-')) ?? ''))
          .filter((a) => !DECLINED.includes(a.join(' ')))
        return compareLesson(asLesson(script), clock, reads)
      },
      LESSON_TIMEOUT_MS,
    )
  })
}
