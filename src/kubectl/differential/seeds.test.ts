import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'vitest'
import { compareLesson, KUBECTL, LESSON_TIMEOUT_MS } from './lessonShard.ts'
import { kubectlArgs, replayableArgs } from './lessonState.ts'
import { asLesson, seedScript } from './seedScripts.ts'

/** The seed notes live beside the repository (../shared/research/seeds). */
const NOTES = join(__dirname, '../../../../shared/research/seeds')

/** Commands whose output depends on the binary rather than the cluster. */
const CLIENT_ONLY = new Set(['version', 'completion', 'plugin', 'options', 'help'])
/**
 * What our kubectl declines in so many words ("not available in this simulated cluster"): the
 * dump of every object and log of the cluster.
 */
const DECLINED = ['cluster-info dump']

function notes(): [string, string][] {
  try {
    return readdirSync(NOTES)
      .filter((f) => /^\d{3}\.md$/.test(f))
      .sort()
      .map((f) => [f.slice(0, 3), readFileSync(join(NOTES, f), 'utf8')])
  } catch {
    return []
  }
}

/** The real kubectl reads the wall clock; the served cluster's clock is stepped to it. */
const WALL = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
}

const SEEDS = notes()
if (KUBECTL && !SEEDS.length)
  console.warn(`seeds.test.ts: no seed notes in ${NOTES}, skipping the transcript comparisons`)

describe.skipIf(!KUBECTL || !SEEDS.length)(
  'real kubectl and ours over the seed transcripts',
  () => {
    for (const [seed, text] of SEEDS) {
      const script = seedScript(seed, text)
      it(
        `seed ${seed}: ${script.commands.length} transcript commands, then the final state`,
        () => {
          // the transcript's read-only commands, asked again of the final state
          const reads = script.commands
            .filter((c) => !replayableArgs(c))
            .map((c) => kubectlArgs(c)!)
            .filter((a) => a && !CLIENT_ONLY.has(a.find((w) => !w.startsWith('-')) ?? ''))
            .filter((a) => !DECLINED.includes(a.join(' ')))
          return compareLesson(asLesson(script), WALL, reads)
        },
        LESSON_TIMEOUT_MS,
      )
    }
  },
)
