import { CURRENT_VERSION } from './payload.ts'

/**
 * Upgrades from each published format to the next. Index i turns version i+1 into i+2.
 * Entries are never removed: old links must keep opening. Each step only reshapes what it knows
 * and passes everything else through; the validator judges the result, so a hostile old link is
 * refused exactly like a hostile new one.
 */
const MIGRATIONS: ((old: Record<string, unknown>) => Record<string, unknown>)[] = [
  /**
   * 1 → 2. Format 1 listed editor tabs as `open: string[]` (saved files only) and could name a
   * course lesson but not carry one. Format 2 has `tabs: {path, content?}[]` (unsaved buffers
   * travel too) and `lesson.content` (a whole lesson from the scenario builder).
   */
  (old) => {
    const { open, ...rest } = old
    const next: Record<string, unknown> = { ...rest, v: 2 }
    if (open !== undefined)
      next.tabs = Array.isArray(open)
        ? open.map((path) => (typeof path === 'string' ? { path } : path))
        : open
    return next
  },
]

export function migrate(
  version: number,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; error: string } {
  let v = value
  for (let from = version; from < CURRENT_VERSION; from++) {
    const step = MIGRATIONS[from - 1]
    if (!step) return { ok: false, error: `no upgrade from link format ${from}` }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return { ok: false, error: "the link's content is not valid: expected an object" }
    v = step(v as Record<string, unknown>)
  }
  return { ok: true, value: v }
}
