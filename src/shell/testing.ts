import type { Effect } from './types.ts'
import type { CommandTable, ShellState } from './state.ts'
import { runScript, newState } from './interpreter.ts'
import { coreUtils } from './coreUtils.ts'
import { createFs, joinPath, type MemFs } from './fs.ts'
import { bufferIO } from './io.ts'

export interface ShellRun {
  stdout: string
  stderr: string
  code: number
  fs: MemFs
  state: ShellState
  /** Virtual time that passed (sleeps, timeouts). */
  elapsed: number
  effects: Effect[]
}

/**
 * Runs a script in a fresh shell with the core utilities, a file system seeded with `files`
 * (relative to /root) and a virtual clock that sleeps advance. For the shell's own tests.
 */
export function runShell(
  src: string,
  opts: {
    files?: Record<string, string>
    stdin?: string
    commands?: CommandTable
    state?: ShellState
    fs?: MemFs
    isTTY?: boolean
    start?: number
  } = {},
): ShellRun {
  const fs = opts.fs ?? createFs(opts.files ?? {})
  const start = opts.start ?? Date.UTC(2025, 0, 6, 9, 0, 0)
  let now = start
  fs.clock = () => now
  const state =
    opts.state ??
    newState({
      env: {
        HOME: '/root',
        PATH: '/usr/bin:/bin',
        HOSTNAME: 'control-plane',
        USER: 'root',
        PWD: '/root',
      },
      cwd: '/root',
      pid: 4242,
    })
  const io = bufferIO(opts.stdin ?? '', { isTTY: opts.isTTY ?? false })
  const proc = runScript(
    src,
    { io, env: {}, cwd: state.cwd, fs, now: () => now, resolve: (p) => joinPath(state.cwd, p) },
    opts.commands ?? coreUtils,
    state,
  )
  const effects: Effect[] = []
  for (;;) {
    const step = proc.next()
    if (step.done)
      return {
        stdout: io.stdout,
        stderr: io.stderr,
        code: step.value,
        fs,
        state,
        elapsed: now - start,
        effects,
      }
    effects.push(step.value)
    if (step.value.type === 'sleep') now += step.value.ms
    else if (step.value.type === 'wait' && Number.isFinite(step.value.maxMs))
      now += step.value.maxMs
  }
}
