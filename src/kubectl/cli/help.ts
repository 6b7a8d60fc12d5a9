import type { FlagDef, FlagType } from './flags.ts'
import HELP from './helpTexts.json' with { type: 'json' }

/**
 * kubectl v1.32's own `--help` output for every command path (captured from the real client).
 * Besides printing help, it is the single source of each command's flag set, so unknown-flag
 * errors and flag types match kubectl exactly.
 */
// Without a prototype: a learner's `kubectl valueOf` is an unknown command, not an inherited member.
const TEXTS = Object.assign(Object.create(null) as Record<string, string>, HELP)

export function helpText(path: string): string | undefined {
  return TEXTS[path]
}

export function hasHelp(path: string): boolean {
  return path in TEXTS
}

/** Comma-separated list flags (pflag StringSlice); other `[]` flags are StringArray. */
const SLICES = new Set([
  'filename',
  'label-columns',
  'address',
  'types',
  'categories',
  'verb',
  'non-resource-url',
  'from-env-file',
  'from-file',
  'tcp',
  'keys',
  'resource',
])

/** Flags whose bare form (`--dry-run`) takes a default value (pflag NoOptDefVal). */
const NO_OPT: Record<string, string> = {
  'dry-run': 'unchanged',
  validate: 'strict',
  cascade: 'background',
  'server-print': 'true',
  watch: 'true',
}

function typeOf(name: string, value: string): FlagType {
  if (value === 'true' || value === 'false') return 'bool'
  if (value.startsWith('[')) return SLICES.has(name) ? 'stringSlice' : 'stringArray'
  if (/^-?\d+$/.test(value)) return 'int'
  if (/^-?\d+(\.\d+)?(ms|s|m|h)$/.test(value) || value === '0s') return 'duration'
  return 'string'
}

const cache = new Map<string, FlagDef[]>()

/** The flags documented under "Options:" in a command's help. */
export function flagsOf(path: string): FlagDef[] {
  const hit = cache.get(path)
  if (hit) return hit
  const text = TEXTS[path] ?? ''
  const defs: FlagDef[] = []
  for (const m of text.matchAll(/^ {4}(?:-(\w), )?--([\w-]+)=(.*):$/gm)) {
    const [, short, name, raw] = m
    const value = raw.replace(/^'(.*)'$/, '$1')
    const d: FlagDef = { name, type: typeOf(name, value) }
    if (short) d.short = short
    if (name in NO_OPT && d.type !== 'bool') d.noOptDefault = NO_OPT[name]
    defs.push(d)
  }
  cache.set(path, defs)
  return defs
}

/** Subcommand names listed under "Available Commands:". */
export function subcommandsOf(path: string): string[] {
  const text = TEXTS[path] ?? ''
  const at = text.indexOf('Available Commands:\n')
  if (at < 0) return []
  const out: string[] = []
  for (const line of text.slice(at + 20).split('\n')) {
    const m = /^ {2}([\w-]+) /.exec(line)
    if (!m) break
    out.push(m[1])
  }
  return out
}

/** The root command list in kubectl's registration order (what "Did you mean this?" walks). */
export function rootCommands(): string[] {
  const out: string[] = []
  for (const m of (TEXTS[''] ?? '').matchAll(/^ {2}([\w-]+) {2,}/gm)) out.push(m[1])
  return out
}

/** Maps a cobra alias (`config use`, `top pods`, `create deploy`) to its sub-command name. */
export function resolveAlias(parent: string, word: string): string {
  for (const sub of subcommandsOf(parent)) {
    const m = /\nAliases:\n([^\n]*)\n/.exec(TEXTS[`${parent} ${sub}`] ?? '')
    if (m && m[1].split(', ').includes(word)) return sub
  }
  return word
}
