import type { Sim } from '../sim/sim.ts'
import type { FileSystem } from '../shell/types.ts'
import { evaluateStep } from './checks.ts'
import type { Lesson, Scenario, Step } from './types.ts'

/** A cluster and shell a lesson can be played in (the session, seen from the lesson engine). */
export interface Player {
  sim: Sim
  fs: FileSystem
  history: { line: string; exitCode: number }[]
  run(line: string): { stdout: string; stderr: string; exitCode: number }
}

export type PlayerFactory = (scenario: Scenario) => Player

export interface VerifyReport {
  lesson: string
  problems: string[]
  /** Per step: virtual seconds until its checks passed after the solution. */
  steps: { id: string; passedAfterSeconds: number | null }[]
  wrongAttempts: number
}

const DEFAULT_SETTLE_S = 180

/** Runs a step's lines, then lets virtual time pass until its checks hold (or the settle time ends). */
export function playStep(
  p: Player,
  step: Step,
  lines: string[],
): { passed: boolean; seconds: number; detail?: string; output: string } {
  let output = ''
  for (const line of lines) {
    const r = p.run(line)
    output += `$ ${line}\n${r.stdout}${r.stderr}`
  }
  const start = p.sim.now()
  const passes = (): boolean => evaluateStep(step.checks, p).passed
  const passed = p.sim.advanceUntil(passes, (step.settleSeconds ?? DEFAULT_SETTLE_S) * 1000)
  const result = evaluateStep(step.checks, p)
  return { passed, seconds: (p.sim.now() - start) / 1000, detail: result.firstFailure?.en, output }
}

/**
 * Proves a lesson works both ways: the reference solution passes every step from a fresh
 * cluster, the starting state does not already pass step one, and each plausible wrong attempt
 * fails with the expected "still different" line.
 */
export function verifyLesson(lesson: Lesson, makePlayer: PlayerFactory): VerifyReport {
  const report: VerifyReport = { lesson: lesson.id, problems: [], steps: [], wrongAttempts: 0 }
  const p = makePlayer(lesson.scenario)
  const initial = evaluateStep(lesson.steps[0].checks, p)
  if (initial.passed)
    report.problems.push(
      `step ${lesson.steps[0].id}: the starting cluster already passes its checks`,
    )
  for (const step of lesson.steps) {
    const r = playStep(p, step, step.solution)
    report.steps.push({ id: step.id, passedAfterSeconds: r.passed ? r.seconds : null })
    if (!r.passed) {
      report.problems.push(`step ${step.id}: the solution does not pass: ${r.detail}\n${r.output}`)
      break
    }
  }
  lesson.steps.forEach((step, i) => {
    for (const wrong of step.wrong ?? []) {
      report.wrongAttempts++
      const w = makePlayer(lesson.scenario)
      for (const prev of lesson.steps.slice(0, i)) playStep(w, prev, prev.solution)
      for (const line of wrong.commands) w.run(line)
      w.sim.advance((step.settleSeconds ?? DEFAULT_SETTLE_S) * 1000)
      const result = evaluateStep(step.checks, w)
      if (result.passed)
        report.problems.push(`step ${step.id}: wrong attempt passes: ${wrong.commands.join(' ; ')}`)
      else if (!result.firstFailure?.en.includes(wrong.expect)) {
        report.problems.push(
          `step ${step.id}: wrong attempt says "${result.firstFailure?.en}", expected it to mention "${wrong.expect}"`,
        )
      }
    }
  })
  if (report.wrongAttempts === 0) report.problems.push('no wrong attempt is declared')
  return report
}
