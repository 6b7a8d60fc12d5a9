import { createSession, runLineSync } from '../session/session.ts'
import type { Player } from './verify.ts'
import type { Scenario } from './types.ts'

/** A lesson's starting cluster: a fresh session with the scenario's files, set-up lines and settle time. */
export function scenarioPlayer(scenario: Scenario): Player {
  const session = createSession({
    seed: scenario.seed ?? 1,
    cluster: scenario.cluster ?? 'kubeadm',
    files: scenario.files,
  })
  for (const line of scenario.setup ?? []) runLineSync(session, line, { record: false })
  if (scenario.settleSeconds) session.sim.advance(scenario.settleSeconds * 1000)
  const history: Player['history'] = []
  return {
    sim: session.sim,
    fs: session.fs,
    history,
    run(line) {
      const r = runLineSync(session, line)
      history.push({ line, exitCode: r.exitCode })
      return r
    },
  }
}
