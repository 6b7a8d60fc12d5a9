import type { Expr } from './awkParse.ts'
import type { AwkVM } from './awk.ts'
import { posixToJs } from './regex.ts'
import { AwkRuntimeError, Return, awkSprintf, num, str, strnum, type Val } from './awkValues.ts'

/** awk's built-in functions (length, substr, split, sub, gsub, match, sprintf…) and user functions. */
export function callFunction(vm: AwkVM, name: string, args: Expr[]): Val {
  const s = (i: number): string => (args[i] ? str(vm.eval(args[i])) : vm.fields[0])
  const n = (i: number): number => num(vm.eval(args[i]))
  switch (name) {
    case 'length':
      if (args[0]?.k === 'var' && vm.arrays[args[0].name]) return vm.arrays[args[0].name].size
      return [...s(0)].length
    case 'substr': {
      const str0 = [...s(0)]
      const start = Math.round(n(1))
      const len = args[2] ? Math.round(n(2)) : Infinity
      const from = Math.max(1, start)
      const to = start + len
      return str0.slice(from - 1, Math.max(from - 1, to - 1)).join('')
    }
    case 'index':
      return s(0).indexOf(s(1)) + 1
    case 'split': {
      const target = args[1]
      if (target?.k !== 'var') throw new AwkRuntimeError('split: second argument must be an array')
      const parts = vm.split(
        s(0),
        args[2] ? (args[2].k === 're' ? args[2].v : s(2)) : str(vm.vars.FS),
      )
      const m = vm.array(target.name)
      m.clear()
      parts.forEach((p, i) => m.set(String(i + 1), strnum(p)))
      return parts.length
    }
    case 'sub':
    case 'gsub': {
      const reSrc = args[0].k === 're' ? args[0].v : s(0)
      const re = new RegExp(posixToJs(reSrc, true), name === 'gsub' ? 'g' : '')
      const rep = s(1)
      const target = args[2] ?? { k: 'field', e: { k: 'num', v: 0 } }
      const lv = vm.lvalue(target)
      let count = 0
      const out = str(lv.get()).replace(re, (m) => {
        count++
        return rep.replace(/\\\\|\\&|&/g, (t) => (t === '&' ? m : t === '\\&' ? '&' : '\\'))
      })
      if (count) lv.set(out)
      return count
    }
    case 'match': {
      const reSrc = args[1].k === 're' ? args[1].v : s(1)
      const m = vm.regex(reSrc).exec(s(0))
      vm.vars.RSTART = m ? m.index + 1 : 0
      vm.vars.RLENGTH = m ? m[0].length : -1
      return vm.vars.RSTART
    }
    case 'sprintf':
      return awkSprintf(
        s(0),
        args.slice(1).map((a) => vm.eval(a)),
      )
    case 'tolower':
      return s(0).toLowerCase()
    case 'toupper':
      return s(0).toUpperCase()
    case 'int':
      return Math.trunc(n(0))
    case 'sqrt':
      return Math.sqrt(n(0))
    case 'exp':
      return Math.exp(n(0))
    case 'log':
      return Math.log(n(0))
    case 'sin':
      return Math.sin(n(0))
    case 'cos':
      return Math.cos(n(0))
    case 'atan2':
      return Math.atan2(n(0), n(1))
    case 'system':
      throw new AwkRuntimeError('system() is not supported here')
  }
  const f = vm.prog.funcs[name]
  if (!f) throw new AwkRuntimeError(`function ${name} never defined`)
  const frame: Record<string, Val | Map<string, Val>> = {}
  f.params.forEach((p, i) => {
    const a = args[i]
    if (
      a?.k === 'var' &&
      (vm.arrays[a.name] || vm.frames[vm.frames.length - 1]?.[a.name] instanceof Map)
    )
      frame[p] = vm.array(a.name)
    else frame[p] = a ? vm.eval(a) : ''
  })
  vm.frames.push(frame)
  try {
    vm.block(f.body)
    return ''
  } catch (e) {
    if (e instanceof Return) return e.v
    throw e
  } finally {
    vm.frames.pop()
  }
}
