import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { load } from 'js-yaml'
import type { SessionOptions } from '../session/session.ts'
import type { Scenario } from '../lessons/types.ts'
import { PRESET_NAMES, type PresetName } from '../sim/cluster/presets.ts'

/** Options shared by `run` and `sh`: which cluster, which seed, which files. */
export interface CommonOptions {
  session: SessionOptions
  scenario?: Scenario
  /** `--interrupt-after`: virtual time before commands that wait for Ctrl-C are interrupted. */
  interruptAfterMs?: number
  /** `--link`: start from the cluster a share link describes. */
  link?: string
  rest: string[]
}

export class UsageError extends Error {}

function parseMs(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s)
  if (!m) throw new UsageError(`invalid duration "${s}" (use e.g. 30s, 2m, 500ms)`)
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!
}

/** Reads a real directory into the session's home directory (relative paths kept). */
function readDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[relative(dir, p)] = readFileSync(p, 'utf8')
    }
  }
  walk(dir)
  return out
}

export function parseCommon(argv: string[]): CommonOptions {
  const session: SessionOptions = {}
  const rest: string[] = []
  let scenario: Scenario | undefined
  let interruptAfterMs: number | undefined
  let link: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const eq = a.indexOf('=')
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a
    const value = (): string => {
      const v = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : argv[++i]
      if (v === undefined) throw new UsageError(`${name} needs a value`)
      return v
    }
    switch (name) {
      case '--seed': {
        const v = value()
        if (!/^\d+$/.test(v)) throw new UsageError(`--seed must be a whole number, not "${v}"`)
        session.seed = Number(v)
        break
      }
      case '--cluster': {
        const v = value()
        if (!PRESET_NAMES.includes(v as PresetName))
          throw new UsageError(`unknown cluster "${v}" (one of: ${PRESET_NAMES.join(', ')})`)
        session.cluster = v as PresetName
        break
      }
      case '--profile': {
        const v = value()
        if (v !== 'realistic' && v !== 'fast')
          throw new UsageError(`unknown profile "${v}" (realistic or fast)`)
        session.profile = v
        break
      }
      case '--files':
        session.files = { ...session.files, ...readDir(value()) }
        break
      case '--scenario': {
        const path = value()
        scenario = load(readFileSync(path, 'utf8')) as Scenario
        break
      }
      case '--link':
        link = value()
        break
      case '--interrupt-after':
        interruptAfterMs = parseMs(value())
        break
      default:
        rest.push(a)
    }
  }
  if (scenario) {
    session.cluster ??= scenario.cluster
    session.seed ??= scenario.seed
    session.files = { ...scenario.files, ...session.files }
  }
  return { session, scenario, interruptAfterMs, link, rest }
}
