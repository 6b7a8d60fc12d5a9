import type { Proc } from '../../shell/types.ts'
import { CliError, report } from './errors.ts'
import { FlagError, Flags, parseArgs, type FlagDef } from './flags.ts'
import { flagsOf, hasHelp, helpText, resolveAlias, rootCommands, subcommandsOf } from './help.ts'
import { GLOBAL_FLAGS, type Invocation, type KubectlContext } from './command.ts'
import { checkReachable, resolveConnection, type Connection } from '../kubeconfig/kubeconfig.ts'
import { fieldManagerFor, withFieldManager } from './fieldManager.ts'

/** A verb (or sub-verb such as `create deployment`) implementation. */
export type Handler = (inv: Invocation) => Proc | number

interface Entry {
  handler: Handler
  required?: string[]
}

const table = new Map<string, Entry>()

/**
 * Registers the implementation of a command path (`get`, `create deployment`, `explain`). Paths
 * must be kubectl's own: their help text and flags come from kubectl v1.32.
 */
export function registerCommand(path: string, handler: Handler, required?: string[]): void {
  table.set(path, { handler, required })
}

export function registeredCommands(): string[] {
  return [...table.keys()]
}

/** Groups whose bare invocation prints help to stdout, with the exit code kubectl uses. */
const GROUP_HELP: Record<string, number> = { rollout: 1, certificate: 0 }

const HELP_FLAG: FlagDef = { name: 'help', short: 'h', type: 'bool' }

function takesValue(defs: FlagDef[], tok: string): boolean {
  if (tok.includes('=')) return false
  const d = tok.startsWith('--')
    ? defs.find((f) => f.name === tok.slice(2))
    : tok.length === 2
      ? defs.find((f) => f.short === tok[1])
      : undefined
  return !!d && d.type !== 'bool' && d.noOptDefault === undefined
}

/** Positions of non-flag tokens before `--`, skipping flag values. */
function positionals(args: string[], defs: FlagDef[]): number[] {
  const out: number[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '--') break
    if (a.startsWith('-') && a.length > 1) {
      if (takesValue(defs, a)) i++
      continue
    }
    out.push(i)
  }
  return out
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
  return d[a.length][b.length]
}

function unknownCommand(word: string): CliError {
  const lower = word.toLowerCase()
  const suggestions = rootCommands().filter(
    (c) => levenshtein(lower, c) <= 2 || c.startsWith(lower),
  )
  let msg = `error: unknown command "${word}" for "kubectl"`
  if (suggestions.length)
    msg += `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`
  return new CliError(msg.replace(/\n$/, ''), true)
}

export function* runKubectl(argv: string[], ctx: KubectlContext): Proc {
  try {
    return yield* dispatch(argv, ctx)
  } catch (e) {
    return report(ctx.io, e)
  }
}

function* dispatch(argv: string[], ctx: KubectlContext): Proc {
  const io = ctx.io
  const rootDefs = [...GLOBAL_FLAGS, HELP_FLAG]
  const pos = positionals(argv, rootDefs)
  if (pos.length === 0) {
    // `kubectl`, `kubectl -h`, `kubectl -n x`: cobra runs the root command, which prints help.
    parseOrThrow(argv, rootDefs, 'kubectl')
    io.out(helpText('') ?? '')
    return 0
  }
  const verb = argv[pos[0]]
  if (verb === 'help') return helpCommand(argv.slice(pos[0] + 1), ctx)
  if (!hasHelp(verb) || verb === '') {
    if (pos[0] > 0)
      throw new CliError(`Error: flags cannot be placed before plugin name: ${argv[0]}`, true)
    throw unknownCommand(verb)
  }
  let path = verb
  const used = [pos[0]]
  for (;;) {
    const subs = subcommandsOf(path)
    if (!subs.length) break
    const defs = [...flagsOf(path), ...GLOBAL_FLAGS, HELP_FLAG]
    const next = positionals(argv, defs).find((i) => !used.includes(i))
    const word = next === undefined ? '' : resolveAlias(path, argv[next])
    if (next !== undefined && subs.includes(word)) {
      path = `${path} ${word}`
      used.push(next)
      continue
    }
    if (table.has(path)) break
    const rest = argv.filter((_, i) => !used.includes(i))
    if (rest.includes('--help') || rest.includes('-h') || next === undefined) {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(helpText(path) ?? '')
        return 0
      }
      // cobra's DefaultSubCommandRun: most groups print help to stderr and fail; a few differ.
      const stream = GROUP_HELP[path]
      if (stream === undefined) {
        io.err(helpText(path) ?? '')
        return 1
      }
      io.out(helpText(path) ?? '')
      return stream
    }
    throw new CliError(
      `error: unknown command "${argv[next]}"\nSee 'kubectl ${path} -h' for help and examples`,
      true,
    )
  }
  const defs = [...flagsOf(path), ...GLOBAL_FLAGS, HELP_FLAG]
  const parsed = parseOrThrow(
    argv.filter((_, i) => !used.includes(i)),
    defs,
    `kubectl ${path}`,
  )
  const flags = new Flags(parsed, defs)
  if (flags.bool('help')) {
    io.out(helpText(path) ?? '')
    return 0
  }
  const entry = table.get(path)
  if (!entry)
    throw new CliError(`error: "kubectl ${path}" is not available in this simulated cluster`, true)
  const missing = (entry.required ?? []).filter((r) => !flags.has(r))
  if (missing.length)
    throw new CliError(`required flag(s) ${missing.map((m) => `"${m}"`).join(', ')} not set`)
  const result = entry.handler(invocation(ctx, flags, `kubectl ${path}`))
  return typeof result === 'number' ? result : yield* result
}

function parseOrThrow(argv: string[], defs: FlagDef[], cmdPath: string) {
  try {
    return parseArgs(argv, defs)
  } catch (e) {
    if (e instanceof FlagError)
      throw new CliError(`error: ${e.message}\nSee '${cmdPath} --help' for usage.`, true)
    throw e
  }
}

function helpCommand(rest: string[], ctx: KubectlContext): number {
  const words = rest.filter((w) => !w.startsWith('-'))
  let path = ''
  for (const w of words) {
    const next = path ? `${path} ${w}` : w
    if (!hasHelp(next)) {
      ctx.io.out(
        `Unknown help topic [\`${words.join(' ')}\`]\n${helpText('')!.replace(/^[^\n]*\n/, '')}`,
      )
      return 0
    }
    path = next
  }
  ctx.io.out(helpText(path) ?? '')
  return 0
}

function invocation(ctx: KubectlContext, flags: Flags, path: string): Invocation {
  let conn: Connection | undefined
  const sim = ctx.sim
  const connect = (): Connection => {
    if (!conn) {
      conn = resolveConnection(ctx, sim.cluster, {
        kubeconfig: flags.str('kubeconfig') || undefined,
        context: flags.str('context') || undefined,
        namespace: flags.str('namespace') || undefined,
        server: flags.str('server') || undefined,
      })
      checkReachable(conn, sim.cluster)
    }
    return conn
  }
  return {
    ctx,
    io: ctx.io,
    sim,
    api: withFieldManager(sim.api, () => fieldManagerFor(path, flags)),
    flags,
    args: flags.args,
    dashAt: flags.parsed.dashAt,
    path,
    connect,
    namespace: () => connect().namespace,
    explicitNamespace: flags.has('namespace'),
  }
}
