/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { CommandContext } from '../types.ts'
import type { Gen } from './common.ts'
import { AwkSyntaxError, parseAwk, type AwkProgram, type Expr, type Stmt } from './awkParse.ts'
import { posixToJs } from './regex.ts'
import { callFunction } from './awkCall.ts'
import {
  arith,
  awkSprintf,
  AwkRuntimeError,
  Break,
  Continue,
  Exit,
  isNumeric,
  Next,
  num,
  Return,
  str,
  strnum,
  truthy,
  type Val,
} from './awkValues.ts'

/** mawk-compatible awk for one-liners and short programs (no getline from files, no pipes). */
export function* awk(args: string[], ctx: CommandContext): Gen {
  let fs = ' '
  const assigns: [string, string][] = []
  let src: string | undefined
  const files: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (src === undefined && a === '-F') fs = args[++i] ?? ' '
    else if (src === undefined && a.startsWith('-F')) fs = a.slice(2)
    else if (src === undefined && a === '-v') {
      const kv = args[++i] ?? ''
      const eq = kv.indexOf('=')
      assigns.push([kv.slice(0, eq), kv.slice(eq + 1)])
    } else if (src === undefined && a === '--') continue
    else if (src === undefined) src = a
    else files.push(a)
  }
  if (src === undefined) {
    ctx.io.err("usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n")
    return 2
  }
  if (fs === 't') fs = '\t'
  let prog: AwkProgram
  try {
    prog = parseAwk(src)
  } catch (e) {
    if (e instanceof AwkSyntaxError) {
      ctx.io.err(`awk: line 1: ${e.message}\n`)
      return 2
    }
    throw e
  }
  const vm = new AwkVM(prog, ctx)
  vm.vars.FS = fs === '\\t' ? '\t' : fs
  for (const [k, v] of assigns) vm.vars[k] = strnum(v.replace(/\\n/g, '\n').replace(/\\t/g, '\t'))
  try {
    return vm.run(files)
  } catch (e) {
    if (e instanceof AwkRuntimeError) {
      ctx.io.err(
        `awk: run time error: ${e.message}\n\tFILENAME="${str(vm.vars.FILENAME ?? '')}" FNR=${str(vm.vars.FNR ?? 0)} NR=${str(vm.vars.NR ?? 0)}\n`,
      )
      return 2
    }
    throw e
  }
}

export class AwkVM {
  vars: Record<string, Val> = {
    OFS: ' ',
    ORS: '\n',
    NR: 0,
    NF: 0,
    FNR: 0,
    SUBSEP: '\x1c',
    RSTART: 0,
    RLENGTH: -1,
    FILENAME: '',
    OFMT: '%.6g',
    CONVFMT: '%.6g',
  }
  arrays: Record<string, Map<string, Val>> = {}
  fields: string[] = ['']
  frames: Record<string, Val | Map<string, Val>>[] = []
  private ranges = new Map<number, boolean>()
  private lines: string[] = []
  private lineIdx = 0
  private exitCode = 0

  constructor(
    readonly prog: AwkProgram,
    private readonly ctx: CommandContext,
  ) {}

  run(files: string[]): number {
    const begin = this.prog.rules.filter((r) => r.pattern === 'BEGIN')
    const end = this.prog.rules.filter((r) => r.pattern === 'END')
    const main = this.prog.rules.filter((r) => r.pattern !== 'BEGIN' && r.pattern !== 'END')
    let exiting = false
    try {
      for (const r of begin) this.block(r.action ?? [])
    } catch (e) {
      if (!(e instanceof Exit)) throw e
      this.exitCode = e.code
      exiting = true
    }
    if (!exiting && (main.length || end.length)) {
      try {
        for (const f of files.length ? files : ['-']) {
          const eq = /^([A-Za-z_]\w*)=(.*)$/s.exec(f)
          if (eq) {
            this.vars[eq[1]] = strnum(eq[2])
            continue
          }
          let text: string
          if (f === '-') text = this.ctx.io.stdin
          else {
            const t = this.ctx.fs.read(this.ctx.resolve(f))
            if (t === undefined) {
              this.ctx.io.err(`awk: cannot open ${f} (No such file or directory)\n`)
              return 2
            }
            text = t
          }
          this.vars.FILENAME = f === '-' ? '' : f
          this.vars.FNR = 0
          this.lines = text === '' ? [] : text.replace(/\n$/, '').split('\n')
          for (this.lineIdx = 0; this.lineIdx < this.lines.length; this.lineIdx++) {
            this.record(this.lines[this.lineIdx])
            try {
              for (const [i, r] of main.entries())
                if (this.matches(r, i)) {
                  if (r.action) this.block(r.action)
                  else this.print([], undefined)
                }
            } catch (e) {
              if (!(e instanceof Next)) throw e
            }
          }
        }
      } catch (e) {
        if (!(e instanceof Exit)) throw e
        this.exitCode = e.code
      }
    }
    try {
      for (const r of end) this.block(r.action ?? [])
    } catch (e) {
      if (!(e instanceof Exit)) throw e
      this.exitCode = e.code
    }
    return this.exitCode
  }

  private record(line: string): void {
    this.vars.NR = num(this.vars.NR) + 1
    this.vars.FNR = num(this.vars.FNR) + 1
    this.setRecord(line)
  }

  private setRecord(line: string): void {
    this.fields = [line, ...this.split(line, str(this.vars.FS))]
    this.vars.NF = this.fields.length - 1
  }

  split(s: string, fs: string): string[] {
    if (fs === ' ') return s.split(/[ \t\n]+/).filter((x) => x !== '')
    if (s === '') return []
    if (fs.length === 1 && fs !== '\\') return s.split(fs)
    return s.split(new RegExp(posixToJs(fs, true)))
  }

  private matches(r: AwkProgram['rules'][number], i: number): boolean {
    const pat = r.pattern as Expr | undefined
    if (!pat) return true
    if (!r.range) return this.test(pat)
    if (this.ranges.get(i)) {
      if (this.test(r.range)) this.ranges.set(i, false)
      return true
    }
    if (this.test(pat)) {
      this.ranges.set(i, !this.test(r.range))
      return true
    }
    return false
  }

  private test(e: Expr): boolean {
    if (e.k === 're') return this.regex(e.v).test(this.fields[0])
    return truthy(this.eval(e))
  }

  regex(src: string): RegExp {
    return new RegExp(posixToJs(src, true))
  }

  block(body: Stmt[]): void {
    for (const s of body) this.exec(s)
  }

  private exec(s: Stmt): void {
    switch (s.k) {
      case 'print':
        return this.print(s.args, s.dest)
      case 'printf': {
        const vals = s.args.map((a) => this.eval(a))
        return this.write(awkSprintf(str(vals[0] ?? ''), vals.slice(1)), s.dest)
      }
      case 'expr':
        this.eval(s.e)
        return
      case 'if':
        if (truthy(this.eval(s.c))) this.exec(s.a)
        else if (s.b) this.exec(s.b)
        return
      case 'while':
        while (truthy(this.eval(s.c))) if (this.loopBody(s.body)) break
        return
      case 'do':
        do if (this.loopBody(s.body)) break
        while (truthy(this.eval(s.c)))
        return
      case 'for':
        if (s.init) this.eval(s.init)
        while (!s.c || truthy(this.eval(s.c))) {
          if (this.loopBody(s.body)) break
          if (s.step) this.eval(s.step)
        }
        return
      case 'forin':
        for (const k of [...this.array(s.arr).keys()]) {
          this.assignVar(s.v, k)
          if (this.loopBody(s.body)) break
        }
        return
      case 'block':
        return this.block(s.body)
      case 'next':
        throw new Next()
      case 'exit':
        throw new Exit(s.e ? num(this.eval(s.e)) : this.exitCode)
      case 'break':
        throw new Break()
      case 'continue':
        throw new Continue()
      case 'return':
        throw new Return(s.e ? this.eval(s.e) : '')
      case 'delete':
        if (s.keys) this.array(s.name).delete(this.key(s.keys))
        else this.array(s.name).clear()
        return
      case 'getline':
        if (this.lineIdx + 1 < this.lines.length) this.record(this.lines[++this.lineIdx])
        return
    }
  }

  /** Runs a loop body; true means break. */
  private loopBody(body: Stmt): boolean {
    try {
      this.exec(body)
    } catch (e) {
      if (e instanceof Break) return true
      if (e instanceof Continue) return false
      throw e
    }
    return false
  }

  private print(args: Expr[], dest: { op: string; e: Expr } | undefined): void {
    const text = args.length
      ? args.map((a) => this.outStr(this.eval(a))).join(str(this.vars.OFS))
      : this.fields[0]
    this.write(text + str(this.vars.ORS), dest)
  }

  private outStr(v: Val): string {
    if (typeof v === 'number' && !Number.isInteger(v)) return awkSprintf(str(this.vars.OFMT), [v])
    return str(v)
  }

  private write(text: string, dest: { op: string; e: Expr } | undefined): void {
    if (!dest) return this.ctx.io.out(text)
    const target = str(this.eval(dest.e))
    if (dest.op === '|')
      throw new AwkRuntimeError(`output to a command ("${target}") is not supported here`)
    if (target === '/dev/stderr') return this.ctx.io.err(text)
    if (target === '/dev/stdout') return this.ctx.io.out(text)
    const path = this.ctx.resolve(target)
    if (dest.op === '>' && !this.opened.has(path)) {
      this.ctx.fs.write(path, '')
      this.opened.add(path)
    }
    this.ctx.fs.append(path, text)
  }
  private opened = new Set<string>()

  array(name: string): Map<string, Val> {
    const frame = this.frames[this.frames.length - 1]
    if (frame && name in frame) {
      const v = frame[name]
      if (v instanceof Map) return v
      const m = new Map<string, Val>()
      frame[name] = m
      return m
    }
    return (this.arrays[name] ??= new Map())
  }

  private key(keys: Expr[]): string {
    return keys.map((k) => str(this.eval(k))).join(str(this.vars.SUBSEP))
  }

  private getVar(name: string): Val {
    const frame = this.frames[this.frames.length - 1]
    if (frame && name in frame) {
      const v = frame[name]
      return v instanceof Map ? '' : v
    }
    if (name === 'NF') return this.fields.length - 1
    return this.vars[name] ?? ''
  }

  private assignVar(name: string, v: Val): void {
    const frame = this.frames[this.frames.length - 1]
    if (frame && name in frame) {
      frame[name] = v
      return
    }
    if (name === 'NF') {
      const n = Math.max(0, Math.trunc(num(v)))
      this.fields = [
        this.fields[0],
        ...Array.from({ length: n }, (_x, i) => this.fields[i + 1] ?? ''),
      ]
      this.fields[0] = this.fields.slice(1).join(str(this.vars.OFS))
    }
    this.vars[name] = v
  }

  private getField(i: number): Val {
    if (i < 0) throw new AwkRuntimeError(`negative field index $${i}`)
    const f = this.fields[i]
    return f === undefined ? '' : strnum(f)
  }

  private setField(i: number, v: string): void {
    if (i === 0) return this.setRecord(v)
    while (this.fields.length <= i) this.fields.push('')
    this.fields[i] = v
    this.fields[0] = this.fields.slice(1).join(str(this.vars.OFS))
    this.vars.NF = this.fields.length - 1
  }

  lvalue(t: Expr): { get(): Val; set(v: Val): void } {
    if (t.k === 'var')
      return { get: () => this.getVar(t.name), set: (v) => this.assignVar(t.name, v) }
    if (t.k === 'field') {
      const i = Math.trunc(num(this.eval(t.e)))
      return { get: () => this.getField(i), set: (v) => this.setField(i, str(v)) }
    }
    if (t.k === 'idx') {
      const m = this.array(t.name)
      const k = this.key(t.keys)
      return { get: () => m.get(k) ?? '', set: (v) => void m.set(k, v) }
    }
    throw new AwkRuntimeError('assignment to a non-variable')
  }

  eval(e: Expr): Val {
    switch (e.k) {
      case 'num':
        return e.v
      case 'str':
        return e.v
      case 're':
        return this.regex(e.v).test(this.fields[0]) ? 1 : 0
      case 'group':
        return this.eval(e.e)
      case 'var':
        return this.getVar(e.name)
      case 'field':
        return this.getField(Math.trunc(num(this.eval(e.e))))
      case 'idx': {
        const m = this.array(e.name)
        const k = this.key(e.keys)
        if (!m.has(k)) m.set(k, '')
        return m.get(k) as Val
      }
      case 'assign': {
        const lv = this.lvalue(e.target)
        const r = this.eval(e.e)
        const v: Val =
          e.op === '='
            ? typeof r === 'object'
              ? r
              : r
            : arith(e.op.slice(0, -1), num(lv.get()), num(r))
        lv.set(v)
        return v
      }
      case 'cond':
        return truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b)
      case 'un': {
        const v = this.eval(e.e)
        return e.op === '!' ? (truthy(v) ? 0 : 1) : e.op === '-' ? -num(v) : num(v)
      }
      case 'incdec': {
        const lv = this.lvalue(e.target)
        const old = num(lv.get())
        const nv = e.op === '++' ? old + 1 : old - 1
        lv.set(nv)
        return e.prefix ? nv : old
      }
      case 'in':
        return this.array(e.name).has(this.key(e.keys)) ? 1 : 0
      case 'match': {
        const re = e.re.k === 're' ? e.re.v : str(this.eval(e.re))
        const hit = this.regex(re).test(str(this.eval(e.e)))
        return hit !== e.neg ? 1 : 0
      }
      case 'bin':
        return this.binary(e.op, e.a, e.b)
      case 'call':
        return callFunction(this, e.name, e.args)
    }
  }

  private binary(op: string, ae: Expr, be: Expr): Val {
    if (op === '&&') return truthy(this.eval(ae)) && truthy(this.eval(be)) ? 1 : 0
    if (op === '||') return truthy(this.eval(ae)) || truthy(this.eval(be)) ? 1 : 0
    const a = this.eval(ae)
    const b = this.eval(be)
    if (op === 'cat') return str(a) + str(b)
    if (['<', '<=', '>', '>=', '==', '!='].includes(op)) {
      const c =
        isNumeric(a) && isNumeric(b)
          ? num(a) - num(b)
          : str(a) < str(b)
            ? -1
            : str(a) > str(b)
              ? 1
              : 0
      const r = {
        '<': c < 0,
        '<=': c <= 0,
        '>': c > 0,
        '>=': c >= 0,
        '==': c === 0,
        '!=': c !== 0,
      }[op]
      return r ? 1 : 0
    }
    return arith(op, num(a), num(b))
  }
}
