import type { CommandTable } from './state.ts'
import { BASIC } from './utils/basic.ts'
import { FILES } from './utils/files.ts'
import { TEXT } from './utils/text.ts'
import { grep } from './utils/grep.ts'
import { sed } from './utils/sed.ts'
import { awk } from './utils/awk.ts'
import { SYSTEM } from './utils/system.ts'
import { tar } from './utils/tar.ts'

/**
 * The programs every shell here has (the node, and containers whose images ship a shell). Shell
 * builtins (cd, export, read, xargs, timeout, watch, …) live in the interpreter itself.
 */
export const coreUtils: CommandTable = {
  ...BASIC,
  ...FILES,
  ...TEXT,
  ...SYSTEM,
  grep: (args, ctx) => grep(args, ctx),
  egrep: (args, ctx) => grep(args, ctx, 'egrep'),
  fgrep: (args, ctx) => grep(args, ctx, 'fgrep'),
  sed,
  awk,
  tar,
}
