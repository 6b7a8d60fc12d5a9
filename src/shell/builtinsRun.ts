/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { Effect, IO, Proc } from './types.ts'
import type { Builtin } from './builtins.ts'
import type { Shell } from './interpreter.ts'
import { joinPath } from './fs.ts'
import { deriveIO } from './io.ts'
import { parseDuration } from './duration.ts'
import { ctimeString } from './dateFormat.ts'
import { ExitSignal, InterruptSignal } from './signals.ts'
import { findJob, foreground, jobLine, jobsOf, killJob } from './jobs.ts'
import { gnuQuote, isBusybox } from './utils/userland.ts'
import { noSuchProcess } from './dialect.ts'

type Gen = Generator<Effect, number, void>

/** Names bash itself implements, for `type` (some of ours live in the command table). */
const BASH_BUILTINS = new Set([
  'echo',
  'printf',
  'test',
  '[',
  'true',
  'false',
  'pwd',
  'kill',
  'read',
  'cd',
  'type',
  'command',
  'builtin',
  'eval',
  'exec',
  'source',
  '.',
  'jobs',
  'fg',
  'wait',
  'set',
  'unset',
  'export',
  'alias',
  'unalias',
  'history',
  'exit',
  'return',
  'shift',
  'local',
  'declare',
  'typeset',
  'readonly',
  'let',
  'break',
  'continue',
  ':',
  'time',
])
/** Builtins that are also programs on a real node, so xargs, timeout, env and which find them. */
export const PROGRAMS = new Set([
  'sh',
  'bash',
  'timeout',
  'xargs',
  'env',
  'watch',
  'which',
  'kill',
  'sudo',
])
/** Where programs live on the node, for `which`, `type` and `command -v`. */
const PATHS: Record<string, string> = {
  minikube: '/usr/local/bin/minikube',
  docker: '/usr/bin/docker',
}

function* done(code: number): Gen {
  return code
}

function* fail(io: IO, msg: string, code: number): Gen {
  io.err(msg + '\n')
  return code
}

export function programPath(name: string): string {
  return PATHS[name] ?? `/usr/bin/${name}`
}

export const RUN_BUILTINS: Record<string, Builtin> = {
  sh: (args, sh, io) => childShell(args, sh, io, 'sh'),
  bash: (args, sh, io) => childShell(args, sh, io, 'bash'),
  eval: (args, sh, io) =>
    sh.runSource(args.join(' '), io, { inPlace: true, nest: { kind: 'eval' } }),
  source: (args, sh, io) => source(args, sh, io, 'source'),
  '.': (args, sh, io) => source(args, sh, io, '.'),
  *exec(args, sh, io) {
    if (!args.length) return 0
    throw new ExitSignal(yield* sh.invoke(args, io))
  },
  command(args, sh, io) {
    if (args[0] === '-v' || args[0] === '-V')
      return describe(args.slice(1), sh, io, args[0] === '-v' ? 'v' : 'type')
    return sh.invoke(args, io, {}, 'noFunctions')
  },
  builtin(args, sh, io) {
    if (!args.length) return done(0)
    if (sh.kind(args[0]) !== 'builtin')
      return fail(io, `${sh.prefix()}builtin: ${args[0]}: not a shell builtin`, 1)
    return sh.invoke(args, io, {}, 'noFunctions')
  },
  type: (args, sh, io) =>
    describe(
      args.filter((a) => !a.startsWith('-')),
      sh,
      io,
      'type',
    ),
  *which(args, sh, io) {
    let code = 0
    for (const a of args.filter((x) => !x.startsWith('-'))) {
      if (sh.kind(a, true) === 'command') io.out(programPath(a) + '\n')
      else code = 1
    }
    return code
  },
  *env(args, sh, io) {
    let env = { ...sh.ctx(io).env }
    let i = 0
    for (; i < args.length; i++) {
      const a = args[i]
      if (a === '-i' || a === '-') env = {}
      else if (a === '-u') delete env[args[++i]]
      else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
        const eq = a.indexOf('=')
        env[a.slice(0, eq)] = a.slice(eq + 1)
      } else break
    }
    if (i >= args.length) {
      for (const [k, v] of Object.entries(env)) io.out(`${k}=${v}\n`)
      return 0
    }
    const status = yield* sh.external(args.slice(i), io, env, true)
    if (status !== undefined) return status
    const ctx = sh.ctx(io)
    return yield* fail(
      io,
      isBusybox(ctx)
        ? `env: can't execute '${args[i]}': No such file or directory`
        : `env: ${gnuQuote(ctx, args[i])}: No such file or directory`,
      127,
    )
  },
  *time(args, sh, io) {
    const start = sh.now()
    const status = args.length ? yield* sh.invoke(args, io) : 0
    const sec = (sh.now() - start) / 1000
    const fmt = (s: number): string => `${Math.floor(s / 60)}m${(s % 60).toFixed(3)}s`
    io.err(`\nreal\t${fmt(sec)}\nuser\t0m0.000s\nsys\t0m0.000s\n`)
    return status
  },
  *sudo(args, sh, io) {
    // The terminal is already root: sudo runs the command as it is.
    let i = 0
    while (i < args.length && /^-[EHnS]+$/.test(args[i])) i++
    if (args[i] === '-u' && args[i + 1] === 'root') i += 2
    if (i >= args.length)
      return yield* fail(
        io,
        'usage: sudo -h | -K | -k | -V\nusage: sudo [-AbEHknPS] [-u user] command',
        1,
      )
    if (args[i] === '-i' || args[i] === '-s' || args[i] === 'su')
      return yield* fail(io, 'sudo: you are already root in this terminal', 1)
    const status = yield* sh.external(args.slice(i), io, {}, true)
    if (status === undefined) return yield* fail(io, `sudo: ${args[i]}: command not found`, 1)
    return status
  },
  timeout: (args, sh, io) => timeout(args, sh, io),
  watch: (args, sh, io) => watch(args, sh, io),
  xargs: (args, sh, io) => xargs(args, sh, io),
  *jobs(_args, sh, io) {
    for (const j of jobsOf(sh.state)) io.out(jobLine(sh.state, j, true))
    return 0
  },
  *fg(args, sh, io) {
    const job = findJob(sh.state, args[0])
    if (!job) return yield* fail(io, `${sh.prefix()}fg: ${args[0] ?? 'current'}: no such job`, 1)
    io.out(job.text + '\n')
    return yield* foreground(sh.state, job, io, sh.now)
  },
  *wait(args, sh, io) {
    let status = 0
    const targets = args.length
      ? args.map((a) =>
          a.startsWith('%')
            ? findJob(sh.state, a)
            : jobsOf(sh.state).find((j) => String(j.pid) === a),
        )
      : [...jobsOf(sh.state)]
    for (const job of targets) status = job ? yield* foreground(sh.state, job, io, sh.now) : 127
    return status
  },
  *kill(args, sh, io) {
    let code = 0
    for (const a of args.filter((x) => !/^-/.test(x))) {
      const job = a.startsWith('%')
        ? findJob(sh.state, a)
        : jobsOf(sh.state).find((j) => String(j.pid) === a)
      if (job) killJob(job)
      else {
        io.err(a.startsWith('%') ? `${sh.prefix()}kill: ${a}: no such job\n` : noSuchProcess(sh, a))
        code = 1
      }
    }
    return code
  },
}

function* describe(names: string[], sh: Shell, io: IO, mode: 'v' | 'type'): Gen {
  let code = 0
  for (const n of names) {
    const k = sh.kind(n)
    if (!k) {
      if (mode === 'type') io.err(`${sh.prefix()}type: ${n}: not found\n`)
      code = 1
      continue
    }
    if (mode === 'v') {
      if (k === 'alias') io.out(`alias ${n}='${sh.state.aliases[n]}'\n`)
      else io.out((k === 'command' ? programPath(n) : n) + '\n')
      continue
    }
    if (k === 'alias') io.out(`${n} is aliased to \`${sh.state.aliases[n]}'\n`)
    else if (k === 'function') io.out(`${n} is a function\n`)
    else if (k === 'builtin' || BASH_BUILTINS.has(n)) io.out(`${n} is a shell builtin\n`)
    else io.out(`${n} is ${programPath(n)}\n`)
  }
  return code
}

function* source(args: string[], sh: Shell, io: IO, name: string): Gen {
  if (!args.length) return yield* fail(io, `${sh.prefix()}source: filename argument required`, 2)
  const text = sh.fs.read(joinPath(sh.state.cwd, args[0]))
  if (text === undefined)
    return yield* fail(io, `${sh.prefix()}${args[0]}: No such file or directory`, 1)
  return yield* sh.runSource(text, io, {
    inPlace: true,
    catchReturn: true,
    nest: { kind: 'source', name },
    args: args.length > 1 ? args.slice(1) : undefined,
  })
}

function* childShell(args: string[], sh: Shell, io: IO, name: string): Gen {
  const opts: string[] = []
  let i = 0
  let command: string | undefined
  for (; i < args.length; i++) {
    const a = args[i]
    if (a === '-c') command = args[++i] ?? ''
    else if (a === '-o') opts.push(args[++i] ?? '')
    else if (/^[-+][a-z]+$/.test(a))
      opts.push(
        ...[...a.slice(1)].map((f) => ({ e: 'errexit', x: 'xtrace', u: 'nounset' })[f] ?? ''),
      )
    else break
  }
  if (command === undefined && i > 0 && args[i - 1] === '-c')
    return yield* fail(io, `${name}: -c: option requires an argument`, 2)
  let text = command
  let zero = name
  let positional = args.slice(i)
  if (text === undefined && positional.length) {
    zero = positional[0]
    text = sh.fs.read(joinPath(sh.state.cwd, positional[0]))
    if (text === undefined)
      return yield* fail(io, `${name}: ${positional[0]}: No such file or directory`, 127)
    positional = positional.slice(1)
  } else if (command !== undefined && positional.length) {
    zero = positional[0]
    positional = positional.slice(1)
  }
  const child = sh.child(zero)
  for (const o of opts) if (o) (child.state.options as Record<string, boolean>)[o] = true
  child.state.positional = positional
  const input = text ?? io.stdin
  return yield* child.runSource(input, text === undefined ? deriveIO(io, { stdin: '' }) : io, {
    inPlace: true,
    exitIsStatus: true,
    nest: { kind: 'fork' },
  })
}

function* timeout(args: string[], sh: Shell, io: IO): Gen {
  let i = 0
  for (; i < args.length && args[i].startsWith('-') && args[i] !== '-'; i++) {
    if (
      args[i] === '-s' ||
      args[i] === '-k' ||
      args[i] === '--signal' ||
      args[i] === '--kill-after'
    )
      i++
  }
  const usage = "Try 'timeout --help' for more information."
  if (i >= args.length) return yield* fail(io, `timeout: missing operand\n${usage}`, 125)
  const ms = parseDuration(args[i])
  if (ms === undefined)
    return yield* fail(io, `timeout: invalid time interval ‘${args[i]}’\n${usage}`, 125)
  const cmd = args.slice(i + 1)
  if (!cmd.length) return yield* fail(io, `timeout: missing operand\n${usage}`, 125)
  if (!sh.kind(cmd[0], true) && !cmd[0].includes('/'))
    return yield* fail(
      io,
      `timeout: failed to run command ‘${cmd[0]}’: No such file or directory`,
      127,
    )
  const deadline = sh.now() + ms
  let timedOut = false
  const inner = deriveIO(io, { interrupted: () => timedOut || io.interrupted() })
  const proc: Proc = (function* () {
    return (yield* sh.external(cmd, inner, {}, true)) ?? 127
  })()
  for (;;) {
    let step: IteratorResult<Effect, number>
    try {
      step = proc.next()
    } catch (e) {
      if (e instanceof InterruptSignal && timedOut) return 124
      throw e
    }
    if (step.done) return timedOut ? 124 : step.value
    if (timedOut) {
      proc.return(124)
      return 124
    }
    const e = step.value
    const left = Math.max(0, deadline - sh.now())
    if (ms === 0) yield e
    else if (e.type === 'sleep') {
      yield { type: 'sleep', ms: Math.min(e.ms, left) }
      if (e.ms >= left) timedOut = true
    } else if (e.type === 'wait') {
      yield { type: 'wait', until: e.until, maxMs: Math.min(e.maxMs, left) }
      if (sh.now() >= deadline) timedOut = true
    } else yield e
  }
}

function* watch(args: string[], sh: Shell, io: IO): Gen {
  let interval = 2
  let title = true
  let i = 0
  for (; i < args.length && args[i].startsWith('-'); i++) {
    const a = args[i]
    if (a === '-n' || a === '--interval') interval = Number(args[++i])
    else if (a.startsWith('-n')) interval = Number(a.slice(2))
    else if (a === '-t' || a === '--no-title') title = false
  }
  if (!Number.isFinite(interval))
    return yield* fail(io, `watch: failed to parse argument: '${args[i - 1]}'`, 1)
  interval = Math.max(0.1, interval)
  const cmd = args.slice(i).join(' ')
  if (!cmd) return yield* fail(io, 'Usage:\n watch [options] command', 1)
  const width = Number(sh.state.vars.COLUMNS) || 80
  for (;;) {
    if (io.interrupted()) return 130
    let screen = ''
    const cap = deriveIO(io, {
      out: (s) => (screen += s),
      err: (s) => (screen += s),
      isTTY: false,
      stdin: '',
    })
    yield* sh.runSource(cmd, cap, { exitIsStatus: true })
    if (io.isTTY) io.out('\x1b[H\x1b[2J')
    if (title) {
      const left = `Every ${interval.toFixed(1)}s: ${cmd}`
      const right = `${sh.state.vars.HOSTNAME ?? 'localhost'}: ${ctimeString(sh.now())}`
      io.out(left + ' '.repeat(Math.max(1, width - left.length - right.length)) + right + '\n\n')
    }
    io.out(screen)
    yield { type: 'sleep', ms: interval * 1000 }
  }
}

function* xargs(args: string[], sh: Shell, io: IO): Gen {
  let maxArgs = Infinity
  let replace: string | undefined
  let delim: string | undefined
  let noEmpty = false
  let trace = false
  let i = 0
  for (; i < args.length && args[i].startsWith('-'); i++) {
    const a = args[i]
    if (a === '-n' || a === '-L') maxArgs = Number(args[++i])
    else if (/^-[nL]\d+$/.test(a)) maxArgs = Number(a.slice(2))
    else if (a === '-i') replace = '{}'
    else if (a.startsWith('-I')) replace = a.length > 2 ? a.slice(2) : args[++i]
    else if (a === '-0' || a === '--null') delim = '\0'
    else if (a === '-d') delim = args[++i]
    else if (a === '-r' || a === '--no-run-if-empty') noEmpty = true
    else if (a === '-t' || a === '--verbose') trace = true
    else if (a === '-P') i++
  }
  const cmd = args.length > i ? args.slice(i) : ['echo']
  const input = io.stdin
  let items: string[]
  if (replace !== undefined)
    items = input
      .split('\n')
      .map((l) => l.replace(/^[ \t]+/, ''))
      .filter((l) => l !== '')
  else if (delim !== undefined)
    items = input
      .split(delim)
      .filter((x, k, all) => !(k === all.length - 1 && (x === '' || x === '\n')))
  else items = splitXargs(input)
  if (!items.length && (noEmpty || replace !== undefined)) return 0
  const batches: string[][] = []
  if (replace !== undefined)
    for (const it of items) batches.push(cmd.map((c) => c.split(replace as string).join(it)))
  else if (!items.length) batches.push([...cmd])
  else
    for (let k = 0; k < items.length; k += Number.isFinite(maxArgs) ? maxArgs : items.length)
      batches.push([
        ...cmd,
        ...items.slice(k, k + (Number.isFinite(maxArgs) ? maxArgs : items.length)),
      ])
  let code = 0
  for (const argv of batches) {
    if (trace) io.err(argv.join(' ') + '\n')
    const st = yield* sh.external(argv, deriveIO(io, { stdin: '' }), {}, true)
    if (st === undefined)
      return yield* fail(io, `xargs: ${argv[0]}: No such file or directory`, 127)
    if (st === 255)
      return yield* fail(io, `xargs: ${argv[0]}: exited with status 255; aborting`, 124)
    if (st !== 0) code = 123
  }
  return code
}

/** xargs' default input parsing: blanks separate items; quotes and backslashes protect them. */
function splitXargs(s: string): string[] {
  const out: string[] = []
  let cur = ''
  let has = false
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1)
      cur += s.slice(i + 1, end < 0 ? s.length : end)
      has = true
      i = end < 0 ? s.length : end
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i]
      has = true
    } else if (/\s/.test(c)) {
      if (has) out.push(cur)
      cur = ''
      has = false
    } else {
      cur += c
      has = true
    }
  }
  if (has) out.push(cur)
  return out
}
