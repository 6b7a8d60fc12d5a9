import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLessonsFromDisk } from '../../lessons/catalog.node.ts'
import type { Lesson } from '../../lessons/types.ts'
import { restoreSession } from '../../session/session.ts'
import { findKubectl } from '../oracleKubectl.ts'
import { solveLesson } from './lessonState.ts'
import { readCommands } from './readCommands.ts'
import { twoKubectls, type Pair, type WallClock } from './twoKubectls.ts'

/** A lesson's comparisons run a few hundred real kubectl processes. */
export const LESSON_TIMEOUT_MS = 300_000
/** The served copy for replays runs this much faster than the wall clock, so waits return. */
const REPLAY_SPEED = 20

export const KUBECTL = findKubectl()
if (!KUBECTL)
  console.warn(
    'differential tests: no kubectl v1.32 binary found, skipping the real-kubectl comparisons',
  )

function check(pair: Pair): void {
  expect.soft(pair.ours, `kubectl ${pair.command.join(' ')}`).toEqual(pair.real)
}

/**
 * Plays `lesson` to its end, then compares the real kubectl and ours: the read-only commands over
 * the final state (plus `extraReads`), and each change command replayed on a copy of the cluster
 * as it was just before it.
 */
export async function compareLesson(
  lesson: Lesson,
  clock: WallClock,
  extraReads: string[][] = [],
): Promise<void> {
  const solved = solveLesson(lesson, () => clock.now())
  const both = await twoKubectls(solved.session, KUBECTL!, clock)
  try {
    for (const args of [...readCommands(solved.session.sim, solved.systemKeys), ...extraReads])
      check(await both.both(args))
  } finally {
    await both.stop()
  }
  for (const cp of solved.checkpoints) {
    const replay = await twoKubectls(restoreSession(cp.before), KUBECTL!, clock, {
      served: restoreSession(cp.before),
      speed: REPLAY_SPEED,
    })
    try {
      for (const args of cp.commands) check(await replay.both(args))
    } finally {
      await replay.stop()
    }
  }
}

/** Registers the comparisons for every `shards`-th lesson starting at `shard`. */
export function differentialShard(shard: number, shards: number, clock: WallClock): void {
  const { lessons } = loadLessonsFromDisk(join(__dirname, '../../../lessons'))
  describe.skipIf(!KUBECTL)(
    `real kubectl and ours over lesson states (part ${shard + 1} of ${shards})`,
    () => {
      for (const lesson of lessons.filter((_, i) => i % shards === shard))
        it(
          `${lesson.id}: solved state and its change commands print alike`,
          () => compareLesson(lesson, clock),
          LESSON_TIMEOUT_MS,
        )
    },
  )
}
