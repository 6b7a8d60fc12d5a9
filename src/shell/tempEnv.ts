import type { Effect } from './types.ts'
import type { ShellState } from './state.ts'

type Gen<T> = Generator<Effect, T, void>

/** Sets `NAME=value` prefixes for the duration of a builtin or function, exported like bash does. */
export function* withVars(
  state: ShellState,
  vars: Record<string, string>,
  body: () => Gen<number>,
): Gen<number> {
  const keys = Object.keys(vars)
  if (!keys.length) return yield* body()
  const saved = keys.map((k) => [k, state.vars[k], state.exported.includes(k)] as const)
  Object.assign(state.vars, vars)
  for (const k of keys) if (!state.exported.includes(k)) state.exported.push(k)
  try {
    return yield* body()
  } finally {
    for (const [k, v, wasExported] of saved) {
      if (v === undefined) delete state.vars[k]
      else state.vars[k] = v
      if (!wasExported) state.exported = state.exported.filter((e) => e !== k)
    }
  }
}
