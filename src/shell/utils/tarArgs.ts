/**
 * `tar`'s command line as GNU tar and busybox read it: the old bundled first word (`tar xvf F`,
 * whose `f` and `C` take the following words in order), short clusters (`-xmf -`), long options,
 * and `-C DIR`, which for creation applies to the operands after it.
 */

export type Flavour = 'gnu' | 'busybox'

export interface TarArgs {
  mode?: 'c' | 'x' | 't'
  file?: string
  /** The last `-C` (where extraction writes). */
  dir?: string
  verbose: number
  gzip: boolean
  /** `-m`: extracted files get the extraction time, not the archive's. */
  touch: boolean
  toStdout: boolean
  samePermissions: boolean
  /** Operands with the `-C` directory in force where each appeared. */
  operands: { path: string; dir?: string }[]
}

export type Parsed = { ok: true; args: TarArgs } | { ok: false; message: string; code: number }

const LONG: Record<string, string> = {
  create: 'c',
  extract: 'x',
  get: 'x',
  list: 't',
  verbose: 'v',
  gzip: 'z',
  gunzip: 'z',
  touch: 'm',
  'to-stdout': 'O',
  'same-permissions': 'p',
  'preserve-permissions': 'p',
}
const LONG_VALUE: Record<string, string> = { file: 'f', directory: 'C' }
/** Accepted and without effect here: no owners are simulated. */
const LONG_IGNORED = new Set(['no-same-owner', 'same-owner', 'numeric-owner'])
const SHORT = 'cxtvzmOpof'

function gnuUsage(text: string, code: number): Parsed {
  return {
    ok: false,
    message: `tar: ${text}\nTry 'tar --help' or 'tar --usage' for more information.\n`,
    code,
  }
}

/**
 * busybox 1.36's usage (bb_show_usage), for the applets of the official image's configuration:
 * gzip, xz, bzip2 and lzma built in. Seamless compression is not simulated here, so `-z` and
 * its kin are left out, as in a busybox built without them, which then rejects them.
 */
const BUSYBOX_USAGE = [
  'BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.',
  '',
  'Usage: tar c|x|t [-hmvokO] [-f TARFILE] [-C DIR] [-T FILE] [-X FILE] [--exclude PATTERN]... [FILE]...',
  '',
  'Create, extract, or list files from a tar file',
  '',
  '\tc\tCreate',
  '\tx\tExtract',
  '\tt\tList',
  "\t-f FILE\tName of TARFILE ('-' for stdin/out)",
  '\t-C DIR\tChange to DIR before operation',
  '\t-v\tVerbose',
  '\t-O\tExtract to stdout',
  "\t-m\tDon't restore mtime",
  "\t-o\tDon't restore user:group",
  "\t-k\tDon't replace existing files",
  '\t-h\tFollow symlinks',
  '\t-T FILE\tFile with names to include',
  '\t-X FILE\tFile with glob patterns to exclude',
  '\t--exclude PATTERN\tGlob pattern to exclude',
  '',
].join('\n')

function busyboxUsage(text?: string): Parsed {
  return { ok: false, message: `${text ? `tar: ${text}\n` : ''}${BUSYBOX_USAGE}`, code: 1 }
}

function invalid(flavour: Flavour, text: string): Parsed {
  return flavour === 'gnu' ? gnuUsage(text, 64) : busyboxUsage(text)
}

export function parseTarArgs(argv: string[], flavour: Flavour): Parsed {
  const a: TarArgs = {
    verbose: 0,
    gzip: false,
    touch: false,
    toStdout: false,
    samePermissions: true,
    operands: [],
  }
  let modes = 0
  let noSamePermissions = false
  const set = (c: string, value?: string): Parsed | undefined => {
    if (c === 'c' || c === 'x' || c === 't') {
      if (a.mode !== c) modes++
      a.mode = c
    } else if (c === 'v') a.verbose++
    else if (c === 'z') {
      if (flavour === 'busybox') return invalid(flavour, `invalid option -- 'z'`)
      a.gzip = true
    } else if (c === 'm') a.touch = true
    else if (c === 'O') a.toStdout = true
    else if (c === 'f') a.file = value
    else if (c === 'C') a.dir = value
    else if (c !== 'p' && c !== 'o') return invalid(flavour, `invalid option -- '${c}'`)
    return undefined
  }
  const words = [...argv]
  // The old form: a first word without a dash is a bundle of letters.
  if (words.length && !words[0].startsWith('-')) {
    const bundle = words.shift()!
    for (const c of bundle) {
      if (c === 'f' || c === 'C') {
        const v = words.shift()
        if (v === undefined) {
          return flavour === 'gnu'
            ? gnuUsage(`Old option '${c}' requires an argument.`, 64)
            : invalid(flavour, `option requires an argument -- '${c}'`)
        }
        set(c, v)
        continue
      }
      const bad = set(c)
      if (bad) return bad
    }
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i]
    if (w === '--') {
      a.operands.push(...words.slice(i + 1).map((path) => ({ path, dir: a.dir })))
      break
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=')
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq)
      if (name === 'no-same-permissions') noSamePermissions = true
      else if (LONG_IGNORED.has(name)) continue
      else if (LONG[name] && !(flavour === 'busybox' && LONG[name] === 'z')) set(LONG[name])
      else if (LONG_VALUE[name]) {
        const v = eq >= 0 ? w.slice(eq + 1) : words[++i]
        if (v === undefined) return invalid(flavour, `option '--${name}' requires an argument`)
        set(LONG_VALUE[name], v)
      } else return invalid(flavour, `unrecognized option '${w}'`)
      continue
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const c = w[j]
        if (c === 'f' || c === 'C') {
          const v = j + 1 < w.length ? w.slice(j + 1) : words[++i]
          if (v === undefined) return invalid(flavour, `option requires an argument -- '${c}'`)
          set(c, v)
          break
        }
        if (!SHORT.includes(c)) return invalid(flavour, `invalid option -- '${c}'`)
        const bad = set(c)
        if (bad) return bad
      }
      continue
    }
    a.operands.push({ path: w, dir: a.dir })
  }
  if (noSamePermissions) a.samePermissions = false
  if (modes > 1) {
    return flavour === 'gnu'
      ? gnuUsage(
          "You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option",
          2,
        )
      : busyboxUsage()
  }
  if (!a.mode) {
    return flavour === 'gnu'
      ? gnuUsage("You must specify one of the '-Acdtrux', '--delete' or '--test-label' options", 2)
      : busyboxUsage()
  }
  return { ok: true, args: a }
}
