import type { CommandContext } from '../types.ts'

/**
 * The two userlands' ways with words. GNU tools quote file names with gnulib's quoting styles;
 * busybox applets print `applet: message` with names in plain single quotes, or none at all.
 */

export function isBusybox(ctx: CommandContext): boolean {
  return ctx.userland === 'busybox'
}

/**
 * gnulib's quote() (locale quoting): curly quotes in a UTF-8 locale (the node's C.UTF-8), plain
 * apostrophes in the C locale a container starts in when its image sets no LANG.
 */
export function gnuQuote(ctx: CommandContext, name: string): string {
  const locale = ctx.env.LC_ALL || ctx.env.LC_CTYPE || ctx.env.LANG || ''
  return /utf-?8/i.test(locale) ? `‘${name}’` : `'${name}'`
}

/** gnulib's quoteaf(): always in apostrophes, whatever the locale. */
export function quoteAlways(name: string): string {
  return name.includes("'") ? `'${name.replace(/'/g, `'\\''`)}'` : `'${name}'`
}

/** gnulib's quotef(): bare unless the name holds characters a shell would treat specially. */
export function quoteIfNeeded(name: string): string {
  return /^[\w@%+=:,./-]+$/.test(name) ? name : quoteAlways(name)
}

/** Why opening `path` for reading fails (it exists as a file otherwise). */
export function openFailure(ctx: CommandContext, path: string): string {
  return ctx.fs.isDir(path) ? 'Is a directory' : 'No such file or directory'
}
