/**
 * Command-line parsing with pflag's rules (what cobra gives kubectl): interspersed flags, `--x=v`,
 * `--x v`, `-xv`, `-x=v`, grouped boolean shorthands (`-it`), `--` ends flags, and the same error
 * texts pflag produces.
 */
export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'stringSlice' | 'duration'

export interface FlagDef {
  name: string
  short?: string
  type: FlagType
  /** Value used when the flag is given without `=value` (pflag NoOptDefVal), e.g. --dry-run. */
  noOptDefault?: string
}

export class FlagError extends Error {}

export interface ParsedArgs {
  /** Positional arguments, including those after `--`. */
  args: string[]
  /** Index in `args` where `--` appeared, or -1 (cobra's ArgsLenAtDash). */
  dashAt: number
  values: Map<string, string[]>
}

export function parseArgs(argv: string[], defs: FlagDef[]): ParsedArgs {
  // Command flags come first and shadow global ones of the same name (`create rolebinding --user`).
  const byName = new Map<string, FlagDef>()
  const byShort = new Map<string, FlagDef>()
  for (const d of defs) {
    if (!byName.has(d.name)) byName.set(d.name, d)
    if (d.short && !byShort.has(d.short)) byShort.set(d.short, d)
  }
  const out: ParsedArgs = { args: [], dashAt: -1, values: new Map() }
  const set = (d: FlagDef, v: string): void => {
    checkValue(d, v)
    const list = out.values.get(d.name) ?? []
    if (d.type === 'stringSlice') list.push(...(v === '' ? [] : v.split(',')))
    else list.push(v)
    out.values.set(d.name, list)
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      out.dashAt = out.args.length
      out.args.push(...argv.slice(i + 1))
      break
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=')
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq)
      const d = byName.get(name)
      if (!d) throw new FlagError(`unknown flag: --${name}`)
      if (eq >= 0) set(d, a.slice(eq + 1))
      else if (d.type === 'bool') set(d, 'true')
      else if (d.noOptDefault !== undefined) set(d, d.noOptDefault)
      else if (i + 1 < argv.length) set(d, argv[++i])
      else throw new FlagError(`flag needs an argument: --${name}`)
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      let rest = a.slice(1)
      while (rest.length) {
        const c = rest[0]
        const d = byShort.get(c)
        if (!d) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`)
        if (rest.length > 2 && rest[1] === '=') {
          set(d, rest.slice(2))
          break
        }
        if (d.type === 'bool') {
          set(d, 'true')
          rest = rest.slice(1)
          continue
        }
        if (d.noOptDefault !== undefined) {
          set(d, rest.length > 1 ? rest.slice(1) : d.noOptDefault)
          break
        }
        if (rest.length > 1) set(d, rest.slice(1))
        else if (i + 1 < argv.length) set(d, argv[++i])
        else throw new FlagError(`flag needs an argument: '${c}' in ${a}`)
        break
      }
      continue
    }
    out.args.push(a)
  }
  return out
}

function checkValue(d: FlagDef, v: string): void {
  const flag = `"--${d.name}"`
  if (d.type === 'bool' && !/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(v))
    throw new FlagError(
      `invalid argument "${v}" for ${d.short ? `"-${d.short}, --${d.name}"` : flag} flag: strconv.ParseBool: parsing "${v}": invalid syntax`,
    )
  if (d.type === 'int' && !/^[+-]?\d+$/.test(v))
    throw new FlagError(
      `invalid argument "${v}" for ${d.short ? `"-${d.short}, --${d.name}"` : flag} flag: strconv.ParseInt: parsing "${v}": invalid syntax`,
    )
  if (d.type === 'duration' && parseDuration(v) === undefined)
    throw new FlagError(
      `invalid argument "${v}" for ${d.short ? `"-${d.short}, --${d.name}"` : flag} flag: time: invalid duration "${v}"`,
    )
}

/** Go's time.ParseDuration (ms); undefined when invalid. */
export function parseDuration(s: string): number | undefined {
  if (s === '0') return 0
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(s)
  if (!m) return undefined
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  }
  let total = 0
  for (const part of s.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g))
    total += Number(part[1]) * units[part[2]]
  return m[1] === '-' ? -total : total
}

/** Typed access to parsed flags. */
export class Flags {
  constructor(
    readonly parsed: ParsedArgs,
    private readonly defs: FlagDef[],
  ) {}

  get args(): string[] {
    return this.parsed.args
  }

  has(name: string): boolean {
    return this.parsed.values.has(name)
  }

  str(name: string, def = ''): string {
    const v = this.parsed.values.get(name)
    return v ? v[v.length - 1] : def
  }

  bool(name: string, def = false): boolean {
    const v = this.parsed.values.get(name)
    if (!v) return def
    return /^(1|t|T|TRUE|true|True)$/.test(v[v.length - 1])
  }

  int(name: string, def: number): number {
    const v = this.parsed.values.get(name)
    return v ? parseInt(v[v.length - 1], 10) : def
  }

  list(name: string): string[] {
    return this.parsed.values.get(name) ?? []
  }

  /** Duration flag in ms; a bare integer counts as seconds where kubectl allows it. */
  duration(name: string, def: number): number {
    const v = this.parsed.values.get(name)
    return v ? (parseDuration(v[v.length - 1]) ?? def) : def
  }

  knows(name: string): boolean {
    return this.defs.some((d) => d.name === name)
  }
}
