import { fileURLToPath } from 'node:url'
import { loadLessonsFromDisk } from '../lessons/catalog.node.ts'
import { formatLessonError } from '../lessons/load.ts'
import { verifyLesson } from '../lessons/verify.ts'
import { scenarioPlayer } from '../lessons/sessionPlayer.ts'
import { UsageError } from './options.ts'

const LESSONS_DIR = fileURLToPath(new URL('../../lessons', import.meta.url))

const USAGE = `Usage:
  kubeplay lessons list [--lang zh-CN|en]   the course, in order
  kubeplay lessons verify [ID ...]          play each lesson's reference solution and wrong attempts
`

/** `kubeplay lessons list|verify`: the course from the command line. */
export async function lessonsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (!sub || sub === '--help' || sub === '-h') {
    process.stdout.write(USAGE)
    return sub ? 0 : 2
  }
  const { lessons, errors } = loadLessonsFromDisk(LESSONS_DIR)
  for (const e of errors) process.stderr.write(formatLessonError(e) + '\n')
  if (sub === 'list') {
    const langIdx = rest.indexOf('--lang')
    const lang = langIdx >= 0 ? rest[langIdx + 1] : 'en'
    if (lang !== 'en' && lang !== 'zh-CN') throw new UsageError(`unknown language "${lang}"`)
    const w = Math.max(2, ...lessons.map((l) => l.id.length))
    const tw = Math.max(5, ...lessons.map((l) => l.track.length))
    process.stdout.write(`${'ID'.padEnd(w)}   ${'TRACK'.padEnd(tw)}   STEPS   TITLE\n`)
    for (const l of lessons)
      process.stdout.write(
        `${l.id.padEnd(w)}   ${l.track.padEnd(tw)}   ${String(l.steps.length).padEnd(5)}   ${l.title[lang]}\n`,
      )
    return errors.length ? 1 : 0
  }
  if (sub === 'verify') {
    const wanted = rest.filter((a) => !a.startsWith('-'))
    const unknown = wanted.filter((id) => !lessons.some((l) => l.id === id))
    if (unknown.length) {
      process.stderr.write(
        `kubeplay lessons verify: no lesson ${unknown.map((u) => `"${u}"`).join(', ')}\n`,
      )
      return 1
    }
    let failed = errors.length > 0
    for (const lesson of lessons.filter((l) => !wanted.length || wanted.includes(l.id))) {
      const report = verifyLesson(lesson, scenarioPlayer)
      const timing = report.steps
        .map(
          (s) => `${s.id} ${s.passedAfterSeconds === null ? 'FAIL' : `${s.passedAfterSeconds}s`}`,
        )
        .join(', ')
      if (report.problems.length) {
        failed = true
        process.stdout.write(`FAIL  ${lesson.id}  (${timing})\n`)
        for (const p of report.problems)
          process.stdout.write(`      ${p.replace(/\n/g, '\n      ')}\n`)
      } else {
        process.stdout.write(
          `ok    ${lesson.id}  (${timing}; ${report.wrongAttempts} wrong attempt${report.wrongAttempts === 1 ? '' : 's'} refused)\n`,
        )
      }
    }
    return failed ? 1 : 0
  }
  throw new UsageError(`unknown subcommand "${sub}"`)
}
