/**
 * Test support: a program run in a pseudo-terminal (`script`), as a learner's terminal runs it,
 * so the real kubectl's `-it` paths see a TTY.
 */
import { spawn, spawnSync } from 'node:child_process'

export const HAS_SCRIPT =
  spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0

export interface TerminalRun {
  /** Resolves once `text` has appeared in the output; rejects after `timeoutMs`. */
  seen(text: string): Promise<void>
  type(text: string): void
  /** Everything printed, once the program has ended. */
  done: Promise<string>
}

export function inTerminal(argv: string[], timeoutMs = 15_000): TerminalRun {
  const child = spawn('script', ['-qc', argv.join(' '), '/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  return {
    seen: (text) =>
      new Promise((resolve, reject) => {
        const t0 = Date.now()
        const poll = setInterval(() => {
          if (out.includes(text)) {
            clearInterval(poll)
            resolve()
          } else if (Date.now() - t0 > timeoutMs) {
            clearInterval(poll)
            reject(new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(out)}`))
          }
        }, 20)
      }),
    type: (text) => child.stdin.write(text),
    done: new Promise((resolve) =>
      child.on('close', () => {
        child.stdin.destroy()
        resolve(out)
      }),
    ),
  }
}
