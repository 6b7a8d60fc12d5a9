import type { Effect, Proc } from '../../shell/types.ts'
import { normalize, type Stat } from '../../shell/fs.ts'
import type { KObject } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { badRequest, isStatusError } from '../../sim/api/errors.ts'
import {
  archiveEnded,
  entryOf,
  readArchive,
  utf8Length,
  writeArchive,
  type TarEntry,
} from '../../shell/utils/tarFormat.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { execRefusal } from './exec.ts'
import { pickContainer, runtimeOf } from './pods.ts'
import {
  BAD_SPEC,
  base,
  clean,
  dir,
  extractFileSpec,
  goQuote,
  isRelative,
  join,
  stripPathShortcuts,
  stripTrailingSlash,
  type FileSpec,
} from './cpPaths.ts'

type Remote = FileSpec & { pod: string }

interface Streams {
  stdin: string
  out: (t: string) => void
  err: (t: string) => void
}

function allContainers(pod: KObject): string[] {
  const spec = pod.spec ?? {}
  return [spec.containers, spec.initContainers, spec.ephemeralContainers]
    .flatMap((list: { name: string }[] | undefined) => list ?? [])
    .map((c) => c.name)
}

/**
 * One exec of kubectl cp's: the pod looked up, its container chosen and the command run as
 * `kubectl exec` runs it; failures are thrown in the words the real kubectl prints them.
 */
function* execFor(inv: Invocation, spec: Remote, argv: string[], io: Streams): Proc {
  const ns = spec.namespace || inv.namespace()
  const pod: KObject = inv.api.get('pods', ns, spec.pod)
  // exec's "Defaulted container" notice goes to that exec's error stream.
  const quiet = { ...inv, io: { ...inv.io, err: io.err } }
  const named = inv.flags.str('container')
  // A named container is not checked here: the API server refuses one the pod lacks.
  if (named && !allContainers(pod).includes(named))
    throw badRequest(`container ${named} is not valid for pod ${spec.pod}`)
  const container = pickContainer(quiet, pod, named)
  const refusal = execRefusal(pod, container)
  if (refusal) throw new CliError(refusal)
  try {
    return yield* runtimeOf(inv).exec(pod, container, argv, {
      ...inv.ctx,
      io: { ...io, interrupted: () => inv.io.interrupted(), isTTY: false },
    })
  } catch (e) {
    if (isStatusError(e) && e.reason === 'InternalError')
      throw new CliError(`Internal error occurred: ${e.message}`)
    throw e
  }
}

/** A local path as the kubectl process sees it, from its working directory. */
function local(inv: Invocation, path: string): string {
  return normalize(inv.ctx.resolve(path))
}

type LocalFs = Invocation['ctx']['fs'] & { stat?(p: string): Stat | undefined }

/** The archive kubectl's makeTar writes: `src` under the name `dest`, directories recursed. */
function localEntries(inv: Invocation, src: string, name: string, out: TarEntry[]): void {
  const fs = inv.ctx.fs as LocalFs
  const path = local(inv, src)
  if (!fs.isDir(path)) {
    out.push(entryOf(fs, path, name, 'file', inv.ctx.now()))
    return
  }
  const children = fs.list(path) ?? []
  // Only an empty directory gets an entry of its own; others are recreated from their files.
  if (!children.length) out.push(entryOf(fs, path, name, 'dir', inv.ctx.now()))
  for (const child of children) localEntries(inv, join(src, child), join(name, child), out)
}

function* copyToPod(inv: Invocation, src: FileSpec, dest: Remote): Proc {
  if (!inv.ctx.fs.exists(local(inv, src.file)))
    throw new CliError(`${src.file} doesn't exist in local filesystem`)
  let destFile = dest.file
  // kubectl asks the container whether the destination is a directory; any failure means no.
  let isDir: boolean
  try {
    const sink = (): void => {}
    isDir =
      (yield* execFor(inv, dest, ['test', '-d', dest.file], {
        stdin: '',
        out: sink,
        err: sink,
      })) === 0
  } catch {
    isDir = false
  }
  if (isDir) destFile = stripTrailingSlash(join(destFile, base(clean(src.file))))
  const srcPath = clean(src.file)
  const destPath = clean(destFile)
  const entries: TarEntry[] = []
  localEntries(inv, srcPath, base(destPath), entries)
  const argv = inv.flags.bool('no-preserve')
    ? ['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-']
    : ['tar', '-xmf', '-']
  argv.push('-C', dir(destFile))
  const code = yield* execFor(inv, dest, argv, {
    stdin: writeArchive(entries, 'busybox'),
    out: (t) => inv.io.out(t),
    err: (t) => inv.io.err(t),
  })
  if (code !== 0) inv.io.err(`command terminated with exit code ${code}\n`)
  return code
}

/** What one `tar cf` exec delivered before kubectl stopped reading. */
interface Delivery {
  archive: string
  complete: boolean
  code: number
}

function* tarFromPod(
  inv: Invocation,
  src: Remote,
  argv: string[],
  sofar: string,
): Generator<Effect, Delivery, void> {
  // kubectl unpacks while tar is still writing and is done as soon as the archive ends: what
  // tar says after that (its final failure line, its exit status) never reaches the user.
  let archive = sofar
  let complete = false
  const code = yield* execFor(inv, src, argv, {
    stdin: '',
    out: (t) => {
      if (complete) return
      archive += t
      complete = archiveEnded(archive)
    },
    // tar's own complaints reach kubectl's standard output: kubectl wires them there.
    err: (t) => {
      if (!complete) inv.io.out(t)
    },
  })
  return { archive, complete, code }
}

/**
 * With --retries, kubectl runs `tar cf - SRC | tail -c+N` through sh and, whenever the stream
 * ends before the archive does, starts again after the bytes it already has.
 */
function* withRetries(inv: Invocation, src: Remote, maxTries: number): Proc {
  let got: Delivery = { archive: '', complete: false, code: 0 }
  for (let tries = 0; ;) {
    const from = utf8Length(got.archive)
    const argv = ['sh', '-c', `tar cf - ${src.file} | tail -c+${from === 0 ? 0 : from + 1}`]
    got = yield* tarFromPod(inv, src, argv, got.archive)
    if (got.complete) break
    if (maxTries >= 0 && tries >= maxTries) {
      inv.io.out(`Dropping out copy after ${tries} retries\n`)
      break
    }
    tries++
    inv.io.out(`Resuming copy at ${utf8Length(got.archive)} bytes, retry ${tries}/${maxTries}\n`)
    if (inv.io.interrupted()) return 130
    yield { type: 'sleep', ms: RETRY_PAUSE_MS }
  }
  return untarInto(inv, src, got.archive, 0)
}

/** A real retry waits on a new exec stream; a little time passes so Ctrl-C can stop endless ones. */
const RETRY_PAUSE_MS = 100

function* copyFromPod(inv: Invocation, src: Remote): Proc {
  const maxTries = Number(inv.flags.str('retries') || '0')
  if (maxTries !== 0) return yield* withRetries(inv, src, maxTries)
  const got = yield* tarFromPod(inv, src, ['tar', 'cf', '-', src.file], '')
  return untarInto(inv, src, got.archive, got.complete ? 0 : got.code)
}

function untarInto(inv: Invocation, src: Remote, archive: string, code: number): number {
  const dest = extractFileSpec(inv.args[1])!.file
  const prefix = stripPathShortcuts(clean(src.file.replace(/^\/+/, '')))
  if (code === 0) {
    untarAll(inv, src, prefix, dest, archive)
    return 0
  }
  // The failed exec ends kubectl while it is still unpacking: what it unpacked stays, and the
  // exec's failure is what it reports, not whatever unpacking would have said next.
  try {
    untarAll(inv, src, prefix, dest, archive)
  } catch {
    // superseded by the exec's failure
  }
  inv.io.err(`command terminated with exit code ${code}\n`)
  return code
}

/** kubectl's untarAll: members under `prefix` land under `dest`, other paths refused. */
function untarAll(
  inv: Invocation,
  src: Remote,
  prefix: string,
  dest: string,
  archive: string,
): void {
  const fs = inv.ctx.fs
  const at = (p: string): string => local(inv, p)
  let symlinkWarned = false
  const read = readArchive(archive)
  for (const e of read.entries) {
    if (!e.name.startsWith(prefix)) throw new CliError('tar contents corrupted')
    const target = join(dest, stripTrailingSlash(e.name.slice(prefix.length)))
    if (!isRelative(dest, target)) {
      inv.io.err(`warning: file ${goQuote(target)} is outside target destination, skipping\n`)
      continue
    }
    mkdirAll(inv, dir(target))
    if (e.type === 'dir') {
      mkdirAll(inv, target)
      continue
    }
    if (e.type === 'symlink') {
      const hint = symlinkWarned
        ? ''
        : ` (consider using "kubectl exec -n ${goQuote(src.namespace || inv.namespace())} ${goQuote(src.pod)} -- tar cf - ${goQuote(src.file)} | tar xf -")`
      symlinkWarned = true
      inv.io.err(`warning: skipping symlink: ${goQuote(target)} -> ${goQuote(e.linkname)}${hint}\n`)
      continue
    }
    if (fs.isDir(at(target))) throw new CliError(`open ${target}: is a directory`)
    fs.write(at(target), e.data)
  }
  // Go's archive/tar: a stream cut inside a member, or bytes that are no header at all.
  if (!read.ok && read.error === 'eof') throw new CliError('unexpected EOF')
  if (!read.ok && archive !== '') throw new CliError('archive/tar: invalid tar header')
}

/** os.MkdirAll, failing as Go does where a file stands in the way. */
function mkdirAll(inv: Invocation, path: string): void {
  const abs = local(inv, path)
  let cur = ''
  for (const seg of abs.split('/').filter(Boolean)) {
    cur += `/${seg}`
    if (inv.ctx.fs.exists(cur) && !inv.ctx.fs.isDir(cur))
      throw new CliError(`mkdir ${path}: not a directory`)
  }
  inv.ctx.fs.mkdir(abs)
}

/** kubectl cp (kubectl 1.32): `tar` run in the container over exec, packed and unpacked here. */
function* cp(inv: Invocation): Proc {
  if (inv.args.length !== 2) throw new CliError('source and destination are required')
  inv.connect()
  const src = extractFileSpec(inv.args[0])
  const dest = extractFileSpec(inv.args[1])
  if (!src || !dest) throw new CliError(BAD_SPEC)
  if (src.pod && dest.pod)
    throw new CliError('one of src or dest must be a local file specification')
  if (!src.file || !dest.file) throw new CliError('filepath can not be empty')
  if (src.pod) return yield* copyFromPod(inv, src as Remote)
  if (dest.pod) return yield* copyToPod(inv, src, dest as Remote)
  throw new CliError('one of src or dest must be a remote file specification')
}

registerCommand('cp', cp)
