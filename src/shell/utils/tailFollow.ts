import type { CommandContext } from '../types.ts'
import type { Gen } from './common.ts'

/** Whose `tail`: GNU coreutils (Debian, Ubuntu, the node) or busybox (busybox, alpine). */
export type TailFlavour = 'gnu' | 'busybox'

export interface FollowOptions {
  flavour: TailFlavour
  /** Re-open by name: the file may be missing, removed or recreated (-F, --follow=name). */
  byName: boolean
  /** Keep trying files that cannot be opened (-F, --retry). */
  retry: boolean
}

/** How each tail words a file it cannot open. */
export function openFailure(flavour: TailFlavour, file: string, reason: string): string {
  return flavour === 'busybox'
    ? `tail: can't open '${file}': ${reason}`
    : `tail: cannot open '${file}' for reading: ${reason}`
}

interface Followed {
  name: string
  path: string
  /** Bytes already shown; undefined while the file is not open. */
  size?: number
}

/** GNU quotes names in its follow messages as the shell would (quoteaf). */
function quoted(name: string): string {
  return /^[\w@%+=:,./-]+$/.test(name) ? `'${name}'` : `'${name.replace(/'/g, `'\\''`)}'`
}

/**
 * `tail -f`/`-F` after the first output: polls the files (a container's process once a second,
 * busybox's sleep period and GNU's default -s) and prints what was appended, with each tail's messages when a file appears,
 * vanishes or is truncated. Ends only when interrupted.
 */
export function* followFiles(names: string[], ctx: CommandContext, o: FollowOptions): Gen {
  const gnu = o.flavour === 'gnu'
  const all: Followed[] = names.map((name) => {
    const path = ctx.resolve(name)
    return { name, path, size: ctx.fs.read(path)?.length }
  })
  const files = o.retry ? all : all.filter((f) => f.size !== undefined)
  if (!files.length) {
    ctx.io.err(gnu ? 'tail: no files remaining\n' : 'tail: no files\n')
    return 1
  }
  let last: Followed | undefined = files.findLast((f) => f.size !== undefined)
  // In a container a wait polls each second; a terminal re-checks whenever the cluster changes.
  const changed = (): boolean => files.some((f) => ctx.fs.read(f.path)?.length !== f.size)
  for (;;) {
    yield { type: 'wait', until: () => ctx.io.interrupted() || changed(), maxMs: Infinity }
    if (ctx.io.interrupted()) return 130
    for (const f of files) {
      const text = ctx.fs.read(f.path)
      if (text === undefined) {
        // Following a descriptor keeps the removed file's data; by name, the file is gone.
        if (f.size !== undefined && o.byName) {
          const what = gnu ? quoted(f.name) : f.name
          ctx.io.err(`tail: ${what} has become inaccessible: No such file or directory\n`)
          f.size = undefined
        }
        continue
      }
      if (f.size === undefined) {
        ctx.io.err(
          gnu
            ? `tail: ${quoted(f.name)} has appeared;  following new file\n`
            : `tail: ${f.name} has appeared; following end of new file\n`,
        )
        f.size = 0
      }
      if (text.length < f.size) {
        if (gnu) ctx.io.err(`tail: ${f.name}: file truncated\n`)
        f.size = 0
      }
      if (text.length === f.size) continue
      if (files.length > 1 && last !== f) ctx.io.out(`\n==> ${f.name} <==\n`)
      ctx.io.out(text.slice(f.size))
      f.size = text.length
      last = f
    }
  }
}
