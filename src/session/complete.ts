import type { Sim } from '../sim/sim.ts'
import type { MemFs } from '../shell/fs.ts'
import type { CommandTable, ShellState } from '../shell/state.ts'
import { joinPath } from '../shell/fs.ts'
import { BUILTINS } from '../shell/builtins.ts'
import { kubectlCompletion } from '../kubectl/index.ts'

interface CompleteEnv {
  sim: Sim
  fs: MemFs
  shell: ShellState
  commands: CommandTable
}

const TYPE_VERBS = new Set([
  'get',
  'describe',
  'delete',
  'edit',
  'label',
  'annotate',
  'scale',
  'expose',
  'patch',
  'explain',
  'autoscale',
  'set',
  'wait',
])
const POD_VERBS = new Set(['logs', 'exec', 'attach', 'port-forward', 'cp'])

/** Candidate words for the word ending at the cursor, like bash's programmable completion. */
export function completeLine(line: string, env: CompleteEnv): string[] {
  const word = /(\S*)$/.exec(line)?.[1] ?? ''
  const before = line.slice(0, line.length - word.length)
  const segment = before.split(/[|;&]/).pop() ?? ''
  const words = segment.trim().split(/\s+/).filter(Boolean)
  const pick = (xs: Iterable<string>): string[] =>
    [...new Set(xs)].filter((x) => x.startsWith(word)).sort()
  if (!words.length)
    return pick([
      ...Object.keys(env.commands),
      ...Object.keys(BUILTINS),
      ...Object.keys(env.shell.aliases),
      ...Object.keys(env.shell.funcs),
    ])
  const cmd = env.shell.aliases[words[0]]?.split(/\s+/)[0] ?? words[0]
  const prev = words[words.length - 1]
  if (cmd === 'kubectl' && prev !== '-f' && prev !== '--filename') {
    if (word.startsWith('-')) return pick(kubectlCompletion.flags(words[1] ?? ''))
    const args = words
      .slice(1)
      .filter(
        (w, i, all) =>
          !w.startsWith('-') && !['-n', '--namespace', '-o', '-l'].includes(all[i - 1]),
      )
    const nsIdx = words.findIndex((w) => w === '-n' || w === '--namespace')
    const ns = nsIdx >= 0 ? words[nsIdx + 1] : 'default'
    if (prev === '-n' || prev === '--namespace')
      return pick(env.sim.api.list('namespaces').items.map((o) => o.metadata.name ?? ''))
    if (!args.length) return pick(kubectlCompletion.commands())
    const verb = args[0]
    const subs = kubectlCompletion.subcommands(verb)
    if (args.length === 1 && subs.length) return pick(subs)
    const ctx = { sim: env.sim } as Parameters<typeof kubectlCompletion.names>[0]
    if (POD_VERBS.has(verb) && args.length === 1)
      return pick(kubectlCompletion.names(ctx, 'pods', ns))
    if (TYPE_VERBS.has(verb) && args.length === 1) return pick(kubectlCompletion.resourceTypes())
    if (TYPE_VERBS.has(verb) && args.length >= 2)
      return pick(kubectlCompletion.names(ctx, args[1], ns))
  }
  return completePath(word, env)
}

function completePath(word: string, env: CompleteEnv): string[] {
  const slash = word.lastIndexOf('/')
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : ''
  const expanded = dirPart.startsWith('~')
    ? (env.shell.vars.HOME ?? '/root') + dirPart.slice(1)
    : dirPart
  const dir = joinPath(env.shell.cwd, expanded || '.')
  const base = word.slice(slash + 1)
  return (env.fs.list(dir) ?? [])
    .filter((n) => n.startsWith(base) && (base.startsWith('.') || !n.startsWith('.')))
    .map((n) => dirPart + n + (env.fs.isDir(joinPath(dir, n)) ? '/' : ''))
}
