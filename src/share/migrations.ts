import { CURRENT_VERSION } from './payload.ts'

/**
 * Upgrades from each published format to the next. Index i turns version i+1 into i+2.
 * Entries are never removed: old links must keep opening.
 */
const MIGRATIONS: ((old: any) => any)[] = []

export function migrate(
  version: number,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; error: string } {
  let v = value
  for (let from = version; from < CURRENT_VERSION; from++) {
    const step = MIGRATIONS[from - 1]
    if (!step) return { ok: false, error: `no upgrade from link format ${from}` }
    v = step(v)
  }
  return { ok: true, value: v }
}
