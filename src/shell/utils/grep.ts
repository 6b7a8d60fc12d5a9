import type { CommandContext } from '../types.ts'
import { fail, getopt, lines, usage, type Gen } from './common.ts'
import { posixToJs } from './regex.ts'

/** GNU grep's common options: -i -v -c -n -E -F -o -w -x -r -l -L -h -H -q -s -A -B -C -e. */
export function* grep(
  args: string[],
  ctx: CommandContext,
  variant: 'grep' | 'egrep' | 'fgrep' = 'grep',
): Gen {
  const { opts, rest, bad } = getopt(args, 'efABCm', [
    'regexp',
    'file',
    'after-context',
    'before-context',
    'context',
    'max-count',
    'color',
    'colour',
    'include',
    'exclude',
  ])
  if (bad)
    return yield* fail(ctx, `grep: option requires an argument -- '${bad}'\n${usage('grep')}`, 2)
  const has = (...o: string[]): boolean => opts.some(([x]) => o.includes(x))
  const val = (...o: string[]): string | undefined => opts.filter(([x]) => o.includes(x)).pop()?.[1]
  const patterns = opts.filter(([o]) => o === 'e' || o === '--regexp').map(([, v]) => v)
  const files = [...rest]
  if (!patterns.length) {
    if (!files.length)
      return yield* fail(ctx, `Usage: grep [OPTION]... PATTERNS [FILE]...\n${usage('grep')}`, 2)
    patterns.push(...(files.shift() as string).split('\n'))
  }
  const extended = variant === 'egrep' || has('E', '--extended-regexp')
  const fixed = variant === 'fgrep' || has('F', '--fixed-strings')
  const perl = has('P', '--perl-regexp')
  const ignore = has('i', '--ignore-case', 'y')
  const invert = has('v', '--invert-match')
  const count = has('c', '--count')
  const number = has('n', '--line-number')
  const only = has('o', '--only-matching')
  const word = has('w', '--word-regexp')
  const whole = has('x', '--line-regexp')
  const recursive = has('r', 'R', '--recursive')
  const listFiles = has('l', '--files-with-matches')
  const listMissing = has('L', '--files-without-match')
  const quiet = has('q', '--quiet', '--silent')
  const silent = has('s', '--no-messages')
  const after = Number(val('A', '--after-context', 'C', '--context') ?? 0)
  const before = Number(val('B', '--before-context', 'C', '--context') ?? 0)
  const maxCount = val('m', '--max-count')
  let src = patterns
    .map((p) =>
      fixed ? p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : perl ? p : posixToJs(p, extended),
    )
    .map((p) => (word ? `(?<![\\w])(?:${p})(?![\\w])` : whole ? `^(?:${p})$` : p))
    .join('|')
  if (patterns.some((p) => p === '')) src = src || '(?:)'
  let re: RegExp
  try {
    re = new RegExp(src, 'g' + (ignore ? 'i' : ''))
  } catch {
    return yield* fail(ctx, `grep: Unmatched ( or \\(`, 2)
  }
  const sources: { name: string; text: string }[] = []
  let errors = false
  const targets = files.length ? files : recursive ? ['.'] : ['-']
  for (const f of targets) {
    if (f === '-') {
      sources.push({ name: '(standard input)', text: ctx.io.stdin })
      continue
    }
    const path = ctx.resolve(f)
    if (ctx.fs.isDir(path)) {
      if (recursive)
        walk(ctx, path, f === '.' && !files.length ? '' : f.replace(/\/$/, '') + '/', sources)
      else if (!silent) ctx.io.err(`grep: ${f}: Is a directory\n`)
      continue
    }
    const text = ctx.fs.read(path)
    if (text === undefined) {
      if (!silent) ctx.io.err(`grep: ${f}: No such file or directory\n`)
      errors = true
      continue
    }
    sources.push({ name: f, text })
  }
  const showName =
    has('H', '--with-filename') || (!has('h', '--no-filename') && (sources.length > 1 || recursive))
  let matchedAny = false
  let out = ''
  for (const s of sources) {
    const ls = lines(s.text)
    const prefix = (i: number, sep: string): string =>
      (showName ? s.name + sep : '') + (number ? String(i + 1) + sep : '')
    let n = 0
    let lastPrinted = -1
    let afterLeft = 0
    const limit = maxCount === undefined ? Infinity : Number(maxCount)
    for (let i = 0; i < ls.length && n < limit; i++) {
      re.lastIndex = 0
      const hit = re.test(ls[i]) !== invert
      if (!hit) {
        if (afterLeft > 0 && !count && !listFiles && !quiet) {
          out += prefix(i, '-') + ls[i] + '\n'
          lastPrinted = i
          afterLeft--
        }
        continue
      }
      n++
      matchedAny = true
      if (quiet || count || listFiles || listMissing) continue
      if (before || after) {
        const from = Math.max(lastPrinted + 1, i - before)
        if (lastPrinted >= 0 && from > lastPrinted + 1) out += '--\n'
        for (let k = from; k < i; k++) out += prefix(k, '-') + ls[k] + '\n'
      }
      if (only && !invert) {
        re.lastIndex = 0
        for (const m of ls[i].matchAll(re)) if (m[0]) out += prefix(i, ':') + m[0] + '\n'
      } else out += prefix(i, ':') + ls[i] + '\n'
      lastPrinted = i
      afterLeft = after
    }
    if (count) out += (showName ? s.name + ':' : '') + n + '\n'
    if (listFiles && n) out += s.name + '\n'
    if (listMissing && !n) out += s.name + '\n'
    if (quiet && matchedAny) break
  }
  if (!quiet) ctx.io.out(out)
  if (errors && !(quiet && matchedAny)) return 2
  return matchedAny ? 0 : 1
}

function walk(
  ctx: CommandContext,
  dir: string,
  shown: string,
  out: { name: string; text: string }[],
): void {
  for (const name of ctx.fs.list(dir) ?? []) {
    const full = dir.replace(/\/$/, '') + '/' + name
    if (ctx.fs.isDir(full)) walk(ctx, full, shown + name + '/', out)
    else out.push({ name: shown + name, text: ctx.fs.read(full) ?? '' })
  }
}
