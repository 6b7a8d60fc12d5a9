import type { Proc } from '../../shell/types.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { execRefusal } from './exec.ts'
import { pickContainer, runtimeOf } from './pods.ts'

interface Spec {
  pod?: string
  namespace?: string
  path: string
}

/** `[namespace/]pod:path` or a local path (kubectl's extractFileSpec). */
function parseSpec(arg: string): Spec {
  const i = arg.indexOf(':')
  if (i <= 0) return { path: arg }
  const podPart = arg.slice(0, i)
  const path = arg.slice(i + 1)
  const slash = podPart.indexOf('/')
  if (slash >= 0) return { namespace: podPart.slice(0, slash), pod: podPart.slice(slash + 1), path }
  return { pod: podPart, path }
}

function basename(p: string): string {
  return p.replace(/\/+$/, '').split('/').pop() ?? p
}

/**
 * `kubectl cp` streams files through programs inside the container (kubectl uses tar; here a file
 * is read with `cat` and written with `sh -c 'cat > FILE'`), so it works where those tools exist.
 */
function* cp(inv: Invocation): Proc {
  if (inv.args.length !== 2) throw new CliError('source and destination are required')
  const src = parseSpec(inv.args[0])
  const dst = parseSpec(inv.args[1])
  if (src.pod && dst.pod)
    throw new CliError('one of src or dest must be a local file specification')
  if (!src.pod && !dst.pod)
    throw new CliError('one of src or dest must be a remote file specification')
  if (!src.path || !dst.path) throw new CliError('filepath can not be empty')
  inv.connect()
  const remote = (src.pod ? src : dst) as Required<Pick<Spec, 'pod'>> & Spec
  const ns = remote.namespace ?? inv.namespace()
  const pod = inv.api.get('pods', ns, remote.pod)
  const container = pickContainer(inv, pod, inv.flags.str('container'))
  const refusal = execRefusal(pod, container)
  if (refusal) throw new CliError(refusal)
  const rt = runtimeOf(inv)
  let out = ''
  let err = ''
  const io = (stdin: string) => ({
    stdin,
    out: (t: string) => (out += t),
    err: (t: string) => (err += t),
    interrupted: () => inv.io.interrupted(),
    isTTY: false,
  })
  if (src.pod) {
    const code = yield* rt.exec(pod, container, ['cat', src.path], { ...inv.ctx, io: io('') })
    if (code !== 0) {
      inv.io.err(err)
      throw new CliError(`command terminated with exit code ${code}`)
    }
    if (src.path.startsWith('/')) inv.io.err("tar: Removing leading `/' from member names\n")
    const local = inv.ctx.resolve(dst.path)
    const target = inv.ctx.fs.isDir(local)
      ? `${local.replace(/\/+$/, '')}/${basename(src.path)}`
      : local
    inv.ctx.fs.write(target, out)
    return 0
  }
  const local = inv.ctx.resolve(src.path)
  if (inv.ctx.fs.isDir(local))
    throw new CliError(
      'copying directories is not available in this simulated cluster; copy the files one by one',
    )
  const content = inv.ctx.fs.read(local)
  if (content === undefined) throw new CliError(`${src.path} doesn't exist in local filesystem`)
  const target = dst.path.endsWith('/') ? `${dst.path}${basename(src.path)}` : dst.path
  const quoted = `'${target.replace(/'/g, `'\\''`)}'`
  const code = yield* rt.exec(pod, container, ['sh', '-c', `cat > ${quoted}`], {
    ...inv.ctx,
    io: io(content),
  })
  if (code !== 0) {
    inv.io.err(err)
    throw new CliError(`command terminated with exit code ${code}`)
  }
  return 0
}

registerCommand('cp', cp)
