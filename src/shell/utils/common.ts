/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { CommandContext, Effect } from '../types.ts'
import { isBusybox, quoteIfNeeded } from './userland.ts'

export type Gen = Generator<Effect, number, void>

export function* ok(code = 0): Gen {
  return code
}

/** Prints `msg` (without a trailing newline) to stderr and fails with `code`. */
export function* fail(ctx: CommandContext, msg: string, code = 1): Gen {
  ctx.io.err(msg + '\n')
  return code
}

/** GNU's hint after a usage error. */
export function usage(name: string): string {
  return `Try '${name} --help' for more information.`
}

/**
 * Reads the inputs of a filter (`cat`, `grep`, `sort`…): the named files in order, `-` or nothing
 * meaning standard input. Missing files are reported in coreutils' words and skipped.
 */
export function readInputs(
  name: string,
  files: string[],
  ctx: CommandContext,
  message: (file: string, reason: string) => string = (f, r) =>
    `${name}: ${isBusybox(ctx) ? f : quoteIfNeeded(f)}: ${r}`,
): { inputs: { name: string; text: string }[]; failed: boolean } {
  const inputs: { name: string; text: string }[] = []
  let failed = false
  if (!files.length) files = ['-']
  for (const f of files) {
    if (f === '-') {
      inputs.push({ name: '(standard input)', text: ctx.io.stdin })
      ctx.io.stdin = ''
      continue
    }
    const path = ctx.resolve(f)
    const text = ctx.fs.read(path)
    if (text !== undefined) inputs.push({ name: f, text })
    else {
      ctx.io.err(
        message(f, ctx.fs.isDir(path) ? 'Is a directory' : 'No such file or directory') + '\n',
      )
      failed = true
    }
  }
  return { inputs, failed }
}

/** Splits text into lines, dropping the empty string after a final newline. */
export function lines(text: string): string[] {
  if (text === '') return []
  const ls = text.split('\n')
  if (ls[ls.length - 1] === '') ls.pop()
  return ls
}

/**
 * Parses short and long options the getopt way: `-abc`, `-n5`, `-n 5`, `--name=value`, `--`.
 * `withValue` lists options taking an argument. Returns options in order and the operands.
 */
export function getopt(
  args: string[],
  withValue: string,
  longWithValue: string[] = [],
): { opts: [string, string][]; rest: string[]; bad?: string } {
  const opts: [string, string][] = []
  const rest: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '--') {
      rest.push(...args.slice(i + 1))
      break
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq)
      if (eq >= 0) opts.push(['--' + name, a.slice(eq + 1)])
      else if (longWithValue.includes(name)) opts.push(['--' + name, args[++i] ?? ''])
      else opts.push(['--' + name, ''])
      continue
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]
        if (withValue.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i]
          if (v === undefined) return { opts, rest, bad: c }
          opts.push([c, v])
          break
        }
        opts.push([c, ''])
      }
      continue
    }
    rest.push(a)
  }
  return { opts, rest }
}
