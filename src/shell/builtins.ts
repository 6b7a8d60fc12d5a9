/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { Effect, IO } from './types.ts'
import type { Shell } from './interpreter.ts'
import { evalArith } from './arith.ts'
import { joinPath } from './fs.ts'
import { shellQuote } from './io.ts'
import { BreakSignal, ContinueSignal, ExitSignal, ReturnSignal } from './signals.ts'
import { RUN_BUILTINS } from './builtinsRun.ts'
import { cdFailure, DIALECT_BUILTINS } from './dialect.ts'
import { dict } from './state.ts'

export type Builtin = (args: string[], sh: Shell, io: IO) => Generator<Effect, number, void>

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

function* done(code: number): Generator<Effect, number, void> {
  return code
}

/** Builtins that change the shell itself (variables, directory, options, aliases, history). */
const STATE_BUILTINS: Record<string, Builtin> = {
  ':': () => done(0),
  true: () => done(0),
  false: () => done(1),
  cd(args, sh, io) {
    const st = sh.state
    const a = args.filter((x) => x !== '-L' && x !== '-P')
    if (a.length > 1) return err(io, sh, 'cd: too many arguments', 1)
    let target = a[0] ?? st.vars.HOME ?? '/'
    if (target === '-') {
      target = st.vars.OLDPWD ?? ''
      if (!target) return err(io, sh, 'cd: OLDPWD not set', 1)
      io.out(target + '\n')
    }
    const path = joinPath(st.cwd, target)
    if (!sh.fs.isDir(path)) {
      const f = cdFailure(
        sh,
        target,
        sh.fs.exists(path) ? 'Not a directory' : 'No such file or directory',
      )
      io.err(f.msg + '\n')
      return done(f.code)
    }
    st.vars.OLDPWD = st.cwd
    st.cwd = path
    st.vars.PWD = path
    return done(0)
  },
  pwd(_args, sh, io) {
    io.out(sh.state.cwd + '\n')
    return done(0)
  },
  export(args, sh, io) {
    const st = sh.state
    const names = args.filter((a) => !a.startsWith('-'))
    if (!names.length) {
      for (const k of [...st.exported].sort())
        if (st.vars[k] !== undefined) io.out(`declare -x ${k}="${escapeDq(st.vars[k])}"\n`)
      return done(0)
    }
    let code = 0
    for (const a of names) {
      const eq = a.indexOf('=')
      const name = eq < 0 ? a : a.slice(0, eq)
      if (!NAME_RE.test(name)) {
        io.err(`${sh.prefix()}export: \`${a}': not a valid identifier\n`)
        code = 1
        continue
      }
      if (eq >= 0) st.vars[name] = a.slice(eq + 1)
      if (args.includes('-n')) st.exported = st.exported.filter((k) => k !== name)
      else if (!st.exported.includes(name)) st.exported.push(name)
    }
    return done(code)
  },
  unset(args, sh) {
    const st = sh.state
    const fn = args.includes('-f')
    for (const a of args.filter((x) => !x.startsWith('-'))) {
      if (fn) delete st.funcs[a]
      else {
        delete st.vars[a]
        st.exported = st.exported.filter((k) => k !== a)
      }
    }
    return done(0)
  },
  set(args, sh, io) {
    const st = sh.state
    if (!args.length) {
      for (const k of Object.keys(st.vars).sort()) io.out(`${k}=${shellQuote(st.vars[k])}\n`)
      return done(0)
    }
    for (let i = 0; i < args.length; i++) {
      const a = args[i]
      if (a === '--') {
        st.positional = args.slice(i + 1)
        break
      }
      if (a === '-o' || a === '+o') {
        const opt = args[++i]
        if (opt === undefined) {
          for (const [k, v] of Object.entries(optionNames(sh)))
            io.out(`${k.padEnd(15)}\t${v ? 'on' : 'off'}\n`)
          continue
        }
        if (!setOption(sh, opt, a === '-o'))
          return err(io, sh, `set: ${opt}: invalid option name`, 1)
        continue
      }
      if (/^[-+][A-Za-z]+$/.test(a)) {
        for (const f of a.slice(1)) {
          const name = { e: 'errexit', x: 'xtrace', u: 'nounset' }[f]
          if (!name) return err(io, sh, `set: ${a[0]}${f}: invalid option`, 2)
          setOption(sh, name, a[0] === '-')
        }
        continue
      }
      st.positional = args.slice(i)
      break
    }
    return done(0)
  },
  shift(args, sh, io) {
    const n = args.length ? Number(args[0]) : 1
    if (!Number.isInteger(n) || n < 0)
      return err(io, sh, `shift: ${args[0]}: numeric argument required`, 1)
    if (n > sh.state.positional.length) return done(1)
    sh.state.positional = sh.state.positional.slice(n)
    return done(0)
  },
  local(args, sh, io) {
    if (!sh.inFunction) return err(io, sh, 'local: can only be used in a function', 1)
    return declare(args, sh, io, true)
  },
  declare: (args, sh, io) => declare(args, sh, io, sh.inFunction),
  typeset: (args, sh, io) => declare(args, sh, io, sh.inFunction),
  readonly: (args, sh, io) => declare(args, sh, io, false),
  let(args, sh, io) {
    let v = 0
    if (!args.length) return err(io, sh, 'let: expression expected', 1)
    for (const a of args)
      v = evalArith(a, { get: (n) => sh.state.vars[n], set: (n, x) => sh.setVar(n, x) })
    return done(v === 0 ? 1 : 0)
  },
  alias(args, sh, io) {
    const al = sh.state.aliases
    if (!args.length || args[0] === '-p') {
      for (const k of Object.keys(al).sort()) io.out(`alias ${k}=${shellQuote(al[k])}\n`)
      return done(0)
    }
    let code = 0
    for (const a of args) {
      const eq = a.indexOf('=')
      if (eq > 0) al[a.slice(0, eq)] = a.slice(eq + 1)
      else if (al[a] !== undefined) io.out(`alias ${a}=${shellQuote(al[a])}\n`)
      else {
        io.err(`${sh.prefix()}alias: ${a}: not found\n`)
        code = 1
      }
    }
    return done(code)
  },
  unalias(args, sh, io) {
    if (args[0] === '-a') {
      sh.state.aliases = {}
      return done(0)
    }
    if (!args.length) return err(io, sh, 'unalias: usage: unalias [-a] name [name ...]', 2)
    let code = 0
    for (const a of args) {
      if (sh.state.aliases[a] === undefined) {
        io.err(`${sh.prefix()}unalias: ${a}: not found\n`)
        code = 1
      } else delete sh.state.aliases[a]
    }
    return done(code)
  },
  history(args, sh, io) {
    const h = sh.state.history
    if (args[0] === '-c') {
      h.length = 0
      return done(0)
    }
    const n = args.length ? Number(args[0]) : h.length
    if (!Number.isInteger(n) || n < 0)
      return err(io, sh, `history: ${args[0]}: numeric argument required`, 1)
    const start = Math.max(0, h.length - n)
    for (let i = start; i < h.length; i++) io.out(`${String(i + 1).padStart(5)}  ${h[i]}\n`)
    return done(0)
  },
  read(args, sh, io) {
    let raw = false
    const names: string[] = []
    for (let i = 0; i < args.length; i++) {
      const a = args[i]
      if (a === '-r') raw = true
      else if (a === '-p') io.err(args[++i] ?? '')
      else if (a === '-t' || a === '-n' || a === '-d' || a === '-u') i++
      else if (a === '-s' || a === '-e') continue
      else names.push(a)
    }
    if (!names.length) names.push('REPLY')
    const input = io.stdin
    if (input === '') return done(1)
    let nl = input.indexOf('\n')
    let line = nl < 0 ? input : input.slice(0, nl)
    if (!raw) {
      while (line.endsWith('\\') && nl >= 0) {
        const next = input.indexOf('\n', nl + 1)
        line = line.slice(0, -1) + input.slice(nl + 1, next < 0 ? input.length : next)
        nl = next
      }
      line = line.replace(/\\(.)/g, '$1')
    }
    io.stdin = nl < 0 ? '' : input.slice(nl + 1)
    assignFields(sh, names, line)
    return done(nl < 0 ? 1 : 0)
  },
  trap(args, sh, io) {
    const traps = (sh.state.traps ??= {})
    if (!args.length || args[0] === '-p') {
      for (const [sig, cmd] of Object.entries(traps)) io.out(`trap -- ${shellQuote(cmd)} ${sig}\n`)
      return done(0)
    }
    if (args[0] === '-l') {
      io.out(' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 9) SIGKILL\t15) SIGTERM\n')
      return done(0)
    }
    const [action, ...signals] = args.length === 1 ? ['-', args[0]] : args
    let code = 0
    for (const s of signals) {
      const sig = s === '0' ? 'EXIT' : s.toUpperCase().replace(/^SIG/, '')
      if (
        !['EXIT', 'INT', 'TERM', 'HUP', 'QUIT', 'ERR', 'DEBUG', 'RETURN', 'USR1', 'USR2'].includes(
          sig,
        )
      ) {
        io.err(`${sh.prefix()}trap: ${s}: invalid signal specification\n`)
        code = 1
      } else if (action === '-') delete traps[sig]
      else traps[sig] = action
    }
    return done(code)
  },
  exit(args, sh) {
    throw new ExitSignal(args.length ? Number(args[0]) & 255 : sh.state.status)
  },
  return(args, sh, io) {
    if (!sh.inFunction)
      return err(io, sh, "return: can only `return' from a function or sourced script", 1)
    throw new ReturnSignal(args.length ? Number(args[0]) & 255 : sh.state.status)
  },
  break(args) {
    throw new BreakSignal(Number(args[0] ?? 1) || 1)
  },
  continue(args) {
    throw new ContinueSignal(Number(args[0] ?? 1) || 1)
  },
}

export const BUILTINS: Record<string, Builtin> = dict({
  ...STATE_BUILTINS,
  ...RUN_BUILTINS,
  ...DIALECT_BUILTINS,
})

function* err(io: IO, sh: Shell, msg: string, code: number): Generator<Effect, number, void> {
  io.err(`${sh.prefix()}${msg}\n`)
  return code
}

function escapeDq(s: string): string {
  return s.replace(/["\\$`]/g, '\\$&')
}

function optionNames(sh: Shell): Record<string, boolean> {
  const o = sh.state.options as Record<string, boolean>
  return { errexit: o.errexit, nounset: !!o.nounset, pipefail: o.pipefail, xtrace: o.xtrace }
}

function setOption(sh: Shell, name: string, on: boolean): boolean {
  if (!['errexit', 'xtrace', 'pipefail', 'nounset'].includes(name)) return false
  ;(sh.state.options as Record<string, boolean>)[name] = on
  return true
}

function* declare(
  args: string[],
  sh: Shell,
  io: IO,
  local: boolean,
): Generator<Effect, number, void> {
  const st = sh.state
  const exportIt = args.includes('-x')
  if (args.includes('-p')) {
    for (const n of args.filter((a) => !a.startsWith('-'))) {
      if (st.vars[n] === undefined) return yield* err(io, sh, `declare: ${n}: not found`, 1)
      io.out(`declare ${st.exported.includes(n) ? '-x' : '--'} ${n}="${escapeDq(st.vars[n])}"\n`)
    }
    return 0
  }
  for (const a of args.filter((x) => !x.startsWith('-') && !x.startsWith('+'))) {
    const eq = a.indexOf('=')
    const name = eq < 0 ? a : a.slice(0, eq)
    if (!NAME_RE.test(name))
      return yield* err(io, sh, `declare: \`${a}': not a valid identifier`, 1)
    if (local) sh.local(name)
    if (eq >= 0) st.vars[name] = a.slice(eq + 1)
    else if (local) st.vars[name] = st.vars[name] ?? ''
    if (exportIt && !st.exported.includes(name)) st.exported.push(name)
  }
  return 0
}

/** `read a b c`: IFS splitting where the last name takes the rest of the line. */
function assignFields(sh: Shell, names: string[], line: string): void {
  const ifs = sh.state.vars.IFS ?? ' \t\n'
  const ws = [...ifs].filter((c) => ' \t\n'.includes(c))
  const isSep = (c: string): boolean => ifs.includes(c)
  let rest = line
  const trimWs = (s: string): string => {
    let a = 0
    let b = s.length
    while (a < b && ws.includes(s[a])) a++
    while (b > a && ws.includes(s[b - 1])) b--
    return s.slice(a, b)
  }
  rest = trimWs(rest)
  for (const [i, name] of names.entries()) {
    if (i === names.length - 1) {
      sh.setVar(name, rest)
      break
    }
    let j = 0
    while (j < rest.length && !isSep(rest[j])) j++
    sh.setVar(name, rest.slice(0, j))
    let k = j
    while (k < rest.length && ws.includes(rest[k])) k++
    if (k < rest.length && isSep(rest[k]) && !ws.includes(rest[k])) k++
    while (k < rest.length && ws.includes(rest[k])) k++
    rest = rest.slice(k)
  }
}
