import type { KObject } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { resolveTargets, splitPairs } from '../resolve/targets.ts'
import { dryRunOf, printWarnings } from './common.ts'
import { emitResult } from './output.ts'

/** Where each kind keeps its pod spec (polymorphichelpers.UpdatePodSpecForObject). */
export function podSpecPath(kind: string): string[] | undefined {
  switch (kind) {
    case 'Pod':
      return ['spec']
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicationController':
    case 'Job':
      return ['spec', 'template', 'spec']
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec']
  }
  return undefined
}

type Containers = { name: string; [k: string]: any }[]

/** Applies `edit` to a deep copy's pod spec; the copy is what gets sent. */
function withPodSpec(
  obj: KObject,
  edit: (spec: { containers: Containers; initContainers?: Containers }) => void,
): KObject {
  const path = podSpecPath(obj.kind)
  if (!path)
    throw new Error(`${obj.kind.toLowerCase()}/${obj.metadata.name} does not have a pod template`)
  const copy = JSON.parse(JSON.stringify(obj)) as KObject
  let cur: any = copy
  for (const p of path) cur = cur[p] ??= {}
  edit(cur)
  return copy
}

/** Shared flow of `set image|env|resources`: change the template, patch, print `<msg>` lines. */
function setFlow(
  inv: Invocation,
  resources: string[],
  msg: string,
  edit: (spec: { containers: Containers; initContainers?: Containers }, errors: Error[]) => void,
): number {
  const dry = dryRunOf(inv)
  inv.connect()
  const targets = resolveTargets(inv, resources)
  const errors: unknown[] = [...targets.errors]
  for (const t of targets.items) {
    const local: Error[] = []
    let next: KObject
    try {
      next = withPodSpec(t.obj, (spec) => edit(spec, local))
    } catch (e) {
      errors.push(new Error(`error: ${(e as Error).message}`))
      continue
    }
    errors.push(...local)
    if (JSON.stringify(next) === JSON.stringify(t.obj)) continue
    if (dry === 'client') {
      emitResult(inv, t.info, next, msg, dry)
      continue
    }
    try {
      const res = inv.api.update(t.info.id, next, { dryRun: dry === 'server' })
      printWarnings(inv.io, res.warnings)
      emitResult(inv, t.info, res.object, msg, dry)
    } catch (e) {
      errors.push(e)
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new MultiError(errors)
  return 0
}

function setImage(inv: Invocation): number {
  const { resources, pairs } = splitPairs(inv.args)
  if (!resources.length && !inv.flags.list('filename').length)
    throw new CliError(
      `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
    )
  if (!pairs.length) throw new CliError('at least one image update is required')
  const images = new Map<string, string>()
  for (const p of pairs) {
    const i = p.indexOf('=')
    if (i <= 0) throw new CliError(`invalid image format: ${p}`)
    images.set(p.slice(0, i), p.slice(i + 1))
  }
  if (images.size > 1 && images.has('*'))
    throw new CliError(
      'all containers are already specified by *, but saw more than one container_name=container_image pairs',
    )
  return setFlow(inv, resources, 'image updated', (spec, errors) => {
    for (const [name, image] of images) {
      let found = false
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
        if (c.name === name || name === '*') {
          c.image = image
          found = true
        }
      }
      if (!found) errors.push(new Error(`error: unable to find container named "${name}"`))
    }
  })
}

function setEnv(inv: Invocation): number {
  const { resources, pairs } = splitPairs(inv.args)
  const envFlags = inv.flags.list('env')
  const all = [...envFlags, ...pairs]
  const containerFilter = inv.flags.str('containers') || '*'
  if (!resources.length && !inv.flags.list('filename').length)
    throw new CliError(
      'one or more resources must be specified as <resource> <name> or <resource>/<name>',
    )
  if (inv.flags.bool('list'))
    throw new CliError(
      'set env --list is not available in this simulated cluster; use kubectl get -o yaml',
    )
  if (!all.length && !inv.flags.str('from'))
    throw new CliError('at least one environment variable must be provided')
  const set: { name: string; value: string }[] = []
  const remove: string[] = []
  for (const p of all) {
    const i = p.indexOf('=')
    if (i > 0) set.push({ name: p.slice(0, i), value: p.slice(i + 1) })
    else if (p.endsWith('-')) remove.push(p.slice(0, -1))
    else throw new CliError(`invalid environment variable: ${p}`)
  }
  const matches = (name: string): boolean =>
    containerFilter === '*' || containerFilter.split(',').includes(name)
  return setFlow(inv, resources, 'env updated', (spec) => {
    for (const c of spec.containers ?? []) {
      if (!matches(c.name)) continue
      let env: { name: string; value?: string }[] = c.env ?? []
      for (const s of set) {
        const existing = env.find((e) => e.name === s.name)
        if (existing) {
          existing.value = s.value
          delete (existing as any).valueFrom
        } else env.push({ ...s })
      }
      env = env.filter((e) => !remove.includes(e.name))
      if (env.length) c.env = env
      else delete c.env
    }
  })
}

function parseResourceList(spec: string): Record<string, string> | undefined {
  if (!spec) return undefined
  const out: Record<string, string> = {}
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=')
    if (!k || v === undefined)
      throw new CliError(`Invalid argument syntax ${part}, expected <resource>=<value>`)
    out[k] = v
  }
  return out
}

function setResources(inv: Invocation): number {
  const limits = parseResourceList(inv.flags.str('limits'))
  const requests = parseResourceList(inv.flags.str('requests'))
  if (!limits && !requests)
    throw new CliError(
      'you must specify an update to requests or limits (in the form of --requests/--limits)',
    )
  const containerFilter = inv.flags.str('containers') || '*'
  return setFlow(inv, inv.args, 'resource requirements updated', (spec) => {
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      if (containerFilter !== '*' && !containerFilter.split(',').includes(c.name)) continue
      const r = { ...(c.resources ?? {}) }
      if (limits) r.limits = { ...(r.limits ?? {}), ...limits }
      if (requests) r.requests = { ...(r.requests ?? {}), ...requests }
      c.resources = r
    }
  })
}

function setServiceAccount(inv: Invocation): number {
  const files = inv.flags.list('filename')
  const args = [...inv.args]
  const name = args.pop()
  if (!name || (!args.length && !files.length)) throw new CliError('serviceaccount is required')
  return setFlow(inv, args, 'serviceaccount updated', (spec) => {
    const s = spec as { serviceAccountName?: string; serviceAccount?: string }
    s.serviceAccountName = name
    if (s.serviceAccount !== undefined) s.serviceAccount = name
  })
}

registerCommand('set image', setImage)
registerCommand('set serviceaccount', setServiceAccount)
registerCommand('set env', setEnv)
registerCommand('set resources', setResources)
