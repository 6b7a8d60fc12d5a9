import { readFileSync } from 'node:fs'
import { createSession, runLineSync, type Session } from '../session/session.ts'
import { chunks } from './script.ts'
import { parseCommon, UsageError } from './options.ts'
import type { Scenario } from '../lessons/types.ts'
import { sessionFromLink } from '../share/sessionLink.ts'
import { courseLesson, lessonOfLink, lessonReport } from './linkLesson.ts'

export const RUN_HELP = `Usage: kubeplay run [options] SCRIPT|-

Runs a shell script against a fresh simulated cluster, line by line as if typed at the
control-plane node's prompt, and prints what the terminal would show (without prompts).

Options:
  --seed N              seed for the cluster (default 1): same seed + same script = same output
  --cluster NAME        kubeadm (default), minikube, tutorial-001 or large
  --profile NAME        realistic (default) or fast (no image pull or start delays)
  --files DIR           copy a directory into /root before the script runs
  --scenario FILE       a lesson scenario (YAML/JSON: cluster, seed, files, setup, settleSeconds)
  --link URL            start from the cluster a Kubeplay share link holds (kubeplay share); when
                        the link holds a lesson (one from the scenario builder, or a course
                        lesson), print each step's checks after the script, as kubeplay lessons
                        verify does, and exit 1 if any step does not pass
  --interrupt-after D   virtual time after which commands that wait for Ctrl-C (get -w, logs -f,
                        port-forward, minikube tunnel) are interrupted (default 60s)

Time only moves through sleep, waiting commands and timeouts, in virtual time: a script that
sleeps for an hour finishes at once. A command line that is still running after an hour of virtual
time (an endless loop with a sleep in it) is interrupted as if by Ctrl-C. The exit code is the last command's (0 for an empty script);
\`exit N\` stops the script with N.
`

/** Runs setup lines silently and lets the scenario's settle time pass. */
export function applyScenario(session: Session, scenario: Scenario | undefined): void {
  if (!scenario) return
  for (const line of scenario.setup ?? [])
    runLineSync(session, line, { record: false, isTTY: false })
  if (scenario.settleSeconds) session.sim.advance(scenario.settleSeconds * 1000)
}

export async function runCommand(argv: string[]): Promise<number> {
  const opts = parseCommon(argv)
  if (opts.rest.includes('-h') || opts.rest.includes('--help')) {
    process.stdout.write(RUN_HELP)
    return 0
  }
  const unknown = opts.rest.find((a) => a.startsWith('-') && a !== '-')
  if (unknown) throw new UsageError(`unknown option ${unknown}`)
  if (opts.rest.length !== 1)
    throw new UsageError('give one script file, or - to read the script from standard input')
  const src = opts.rest[0] === '-' ? await readStdin() : readFileSync(opts.rest[0], 'utf8')
  const opened = opts.link ? sessionFromLink(opts.link, courseLesson) : undefined
  if (opened && !opened.ok) {
    process.stderr.write(`kubeplay run: ${opened.error}\n`)
    return 1
  }
  const session = opened ? opened.session : createSession({ seed: 1, ...opts.session })
  applyScenario(session, opts.scenario)
  let code = 0
  const history: { line: string; exitCode: number }[] = []
  for (const chunk of chunks(src)) {
    code = runLineSync(session, chunk, {
      interruptAfterMs: opts.interruptAfterMs,
      onOut: (t) => process.stdout.write(t),
      onErr: (t) => process.stderr.write(t),
    }).exitCode
    history.push({ line: chunk, exitCode: code })
    if (session.shell.exited) break
  }
  const lesson = opened?.ok ? lessonOfLink(opened.payload) : undefined
  if (!lesson) return code
  const report = lessonReport(lesson, { sim: session.sim, fs: session.fs, history })
  process.stdout.write(report.text)
  return code || (report.passed ? 0 : 1)
}

async function readStdin(): Promise<string> {
  const parts: Buffer[] = []
  for await (const p of process.stdin) parts.push(p as Buffer)
  return Buffer.concat(parts).toString('utf8')
}
