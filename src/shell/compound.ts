import type { Command as AstCommand, Word } from './ast.ts'
import type { Effect, IO } from './types.ts'
import type { Shell } from './interpreter.ts'
import { evalArith } from './arith.ts'
import { expandPattern, expandString, expandWords } from './expand.ts'
import { matchPattern } from './pattern.ts'
import { evalTest } from './test.ts'

type Gen<T> = Generator<Effect, T, void>

/** if, loops, case, (( )) and [[ ]]: compound commands, after their redirections are applied. */
export function* runCompound(sh: Shell, cmd: AstCommand, r: IO): Gen<number> {
  switch (cmd.t) {
    case 'if': {
      for (const c of cmd.clauses)
        if ((yield* sh.cond(c.cond, r)) === 0) return yield* sh.list(c.body, r)
      return cmd.otherwise ? yield* sh.list(cmd.otherwise, r) : 0
    }
    case 'while': {
      let status = 0
      for (;;) {
        const c = yield* sh.cond(cmd.cond, r)
        if ((c === 0) === cmd.until) break
        if ((yield* sh.loopBody(cmd.body, r)) === 'break') break
        status = sh.state.status
      }
      return status
    }
    case 'for': {
      const items = cmd.items
        ? yield* expandWords(cmd.items, sh.expander(r))
        : [...sh.state.positional]
      let status = 0
      for (const item of items) {
        sh.setVar(cmd.name, item)
        if ((yield* sh.loopBody(cmd.body, r)) === 'break') break
        status = sh.state.status
      }
      return status
    }
    case 'cfor': {
      const x = sh.expander(r)
      const ev = function* (w: Word): Gen<number> {
        const src = yield* expandString(w, x)
        return src.trim() ? evalArith(src, x) : 1
      }
      yield* ev(cmd.init)
      let status = 0
      while ((yield* ev(cmd.cond)) !== 0) {
        if ((yield* sh.loopBody(cmd.body, r)) === 'break') break
        status = sh.state.status
        yield* ev(cmd.step)
      }
      return status
    }
    case 'case': {
      const x = sh.expander(r)
      const subject = yield* expandString(cmd.word, x)
      let status = 0
      let falling = false
      for (const item of cmd.items) {
        let hit = falling
        for (const p of item.patterns)
          if (!hit && matchPattern(yield* expandPattern(p, x), subject)) hit = true
        if (!hit) continue
        status = yield* sh.list(item.body, r)
        if (item.fall === ';;') return status
        falling = item.fall === ';&'
      }
      return status
    }
    case 'arith': {
      const x = sh.expander(r)
      return evalArith(yield* expandString(cmd.expr, x), x) !== 0 ? 0 : 1
    }
    case 'test': {
      return yield* doubleBracket(sh, cmd.words, r)
    }
    default:
      throw new Error(`not a compound command: ${cmd.t}`)
  }
}

function* doubleBracket(sh: Shell, words: Word[], io: IO): Gen<number> {
  const x = sh.expander(io)
  const args: string[] = []
  const patterns = new Map<number, string>()
  for (const [i, w] of words.entries()) {
    args.push(yield* expandString(w, x))
    const prev = args[i - 1]
    if (prev === '==' || prev === '!=' || prev === '=') patterns.set(i, yield* expandPattern(w, x))
  }
  const res = evalTest(args, { fs: sh.fs, cwd: sh.state.cwd, patterns, extended: true })
  if (typeof res === 'string') {
    io.err(`${sh.state.name}: ${res}\n`)
    return 2
  }
  if (res && args.includes('=~')) captureRematch(sh, args)
  return res ? 0 : 1
}

function captureRematch(sh: Shell, args: string[]): void {
  const i = args.indexOf('=~')
  const m = new RegExp(args[i + 1]).exec(args[i - 1])
  if (m) sh.setVar('BASH_REMATCH', m[0])
}
