/**
 * A lesson played to its solved state on a cluster whose clock ends at the wall clock (so the real
 * kubectl's ages agree with ours), with a checkpoint before each kubectl command that changes the
 * cluster, to replay it both ways on fresh copies.
 */
import { createSession, restoreSession, runLineSync, type Session } from '../../session/session.ts'
import type { SessionSnapshot } from '../../session/session.ts'
import { playStep, type Player } from '../../lessons/verify.ts'
import type { Lesson } from '../../lessons/types.ts'

export interface Checkpoint {
  /** kubectl argument lists (after the `kubectl`/`kk` word), run in order. */
  commands: string[][]
  before: SessionSnapshot
}

export interface SolvedLesson {
  session: Session
  /** Object keys (`resource/namespace/name`) of the cluster before the scenario's setup. */
  systemKeys: Set<string>
  checkpoints: Checkpoint[]
}

const MUTATING = new Set([
  'apply',
  'create',
  'delete',
  'run',
  'expose',
  'scale',
  'label',
  'annotate',
  'set',
  'patch',
  'replace',
  'autoscale',
  'cordon',
  'uncordon',
  'taint',
])

/**
 * Shell words of a simple command line (single and double quotes, no expansions); undefined when
 * the line needs a real shell (pipes, redirections, variables, globs, compound commands).
 */
export function simpleWords(line: string): string[] | undefined {
  const words: string[] = []
  let cur: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1)
      if (end < 0) return undefined
      const inner = line.slice(i + 1, end)
      if (c === '"' && /[$`\\]/.test(inner)) return undefined
      cur = (cur ?? '') + inner
      i = end
    } else if (/\s/.test(c)) {
      if (cur !== undefined) words.push(cur)
      cur = undefined
    } else if (/[|;&<>$`\\()*?#]/.test(c)) return undefined
    else cur = (cur ?? '') + c
  }
  if (cur !== undefined) words.push(cur)
  return words
}

/** The kubectl arguments of a simple `kubectl`/`kk` line; undefined for anything else. */
export function kubectlArgs(line: string): string[] | undefined {
  const words = simpleWords(line.trim())
  return words && (words[0] === 'kubectl' || words[0] === 'kk') ? words.slice(1) : undefined
}

/**
 * The arguments of a plain kubectl line that creates, changes or deletes objects without waiting
 * for the cluster; undefined otherwise.
 */
export function replayableArgs(line: string): string[] | undefined {
  const args = kubectlArgs(line)
  // interactive sessions need exec/attach streams, which the served cluster does not offer
  if (!args || args.some((a) => /^-(i|t|it|ti)$|^--(stdin|tty|attach)\b/.test(a))) return undefined
  const verb = args.find((a) => !a.startsWith('-'))
  if (verb === 'rollout') {
    const sub = args[args.indexOf('rollout') + 1]
    return ['restart', 'pause', 'resume', 'undo'].includes(sub) ? args : undefined
  }
  // delete waits for the object to go; with --wait=false it returns as soon as the request does
  if (verb === 'delete') return args.includes('--wait=false') ? args : [...args, '--wait=false']
  return verb && MUTATING.has(verb) ? args : undefined
}

function keysOf(session: Session): Set<string> {
  const snap = session.sim.snapshot()
  const keys = new Set<string>()
  for (const [resource, objects] of Object.entries(snap.objects))
    for (const o of objects)
      keys.add(`${resource}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
  return keys
}

function play(lesson: Lesson, start: number | undefined, checkpoints: Checkpoint[] | null) {
  const scenario = lesson.scenario
  const session = createSession({
    seed: scenario.seed ?? 1,
    cluster: scenario.cluster ?? 'kubeadm',
    files: scenario.files,
    start,
  })
  const systemKeys = keysOf(session)
  const began = session.sim.now()
  for (const line of scenario.setup ?? []) runLineSync(session, line, { record: false })
  if (scenario.settleSeconds) session.sim.advance(scenario.settleSeconds * 1000)
  const history: Player['history'] = []
  const player: Player = {
    sim: session.sim,
    fs: session.fs,
    history,
    run(line) {
      const args = checkpoints && replayableArgs(line)
      if (args) checkpoints!.push({ commands: [args], before: session.snapshot() })
      const r = runLineSync(session, line)
      history.push({ line, exitCode: r.exitCode })
      return r
    },
  }
  for (const step of lesson.steps) {
    // the plausible wrong attempts, from the state the learner would try them in
    for (const wrong of checkpoints ? (step.wrong ?? []) : []) {
      const commands = wrong.commands.map(replayableArgs)
      if (commands.every((c) => c !== undefined))
        checkpoints!.push({ commands: commands as string[][], before: session.snapshot() })
    }
    const r = playStep(player, step, step.solution)
    if (!r.passed) throw new Error(`${lesson.id}: step ${step.id} does not pass: ${r.detail}`)
  }
  return { session, systemKeys, elapsed: session.sim.now() - began }
}

/**
 * Plays the lesson once to learn how much cluster time its solution takes, then again starting
 * that much before now, so the solved cluster's clock is at (or just behind) the wall clock.
 */
export function solveLesson(lesson: Lesson, wallNow: () => number): SolvedLesson {
  const { elapsed } = play(lesson, undefined, null)
  const now = wallNow()
  const checkpoints: Checkpoint[] = []
  const { session, systemKeys } = play(lesson, now - (now % 1000) - elapsed, checkpoints)
  return { session, systemKeys, checkpoints }
}

export function restore(snapshot: SessionSnapshot): Session {
  return restoreSession(snapshot)
}
