import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { flat } from '../apiserver/jsonData.ts'
import { milliValue, quantityValue } from '../registry/quantity.ts'

/** A missing ConfigMap, Secret or key: the container stays in CreateContainerConfigError. */
export class ConfigError extends Error {}

type Spec = Record<string, any>

function decode(b64: string): string {
  try {
    const bin = atob(b64)
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0))
    return new TextDecoder().decode(bytes)
  } catch {
    return ''
  }
}

function source(
  api: ApiServer,
  kind: 'ConfigMap' | 'Secret',
  ns: string,
  name: string,
  optional: boolean,
): Record<string, string> | undefined {
  const obj = api.tryGet(kind === 'ConfigMap' ? 'configmaps' : 'secrets', ns, name)
  if (!obj) {
    if (optional) return undefined
    throw new ConfigError(`${kind.toLowerCase()} "${name}" not found`)
  }
  if (kind === 'ConfigMap') return { ...(obj.data ?? {}) }
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries<string>(obj.data ?? {})) out[k] = decode(v)
  return out
}

function keyRef(
  api: ApiServer,
  kind: 'ConfigMap' | 'Secret',
  ns: string,
  ref: Spec,
): string | undefined {
  const data = source(api, kind, ns, ref.name ?? '', ref.optional === true)
  if (!data) return undefined
  if (!(ref.key in data)) {
    if (ref.optional === true) return undefined
    throw new ConfigError(`couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`)
  }
  return data[ref.key]
}

/** Downward API field values (fieldRef paths the kubelet supports). */
export function fieldValue(
  pod: KObject,
  path: string,
  ip: string | undefined,
  hostIP: string,
): string {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path)
  if (m) return (pod.metadata[m[1]] as Record<string, string> | undefined)?.[m[2]] ?? ''
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? ''
    case 'metadata.namespace':
      return pod.metadata.namespace ?? ''
    case 'metadata.uid':
      return pod.metadata.uid ?? ''
    case 'metadata.labels':
      return Object.entries(pod.metadata.labels ?? {})
        .map(([k, v]) => `${k}="${v}"`)
        .join('\n')
    case 'metadata.annotations':
      return Object.entries(pod.metadata.annotations ?? {})
        .map(([k, v]) => `${k}="${v}"`)
        .join('\n')
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? ''
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? ''
    case 'status.hostIP':
    case 'status.hostIPs':
      return hostIP
    case 'status.podIP':
    case 'status.podIPs':
      return ip ?? ''
    default:
      return ''
  }
}

/** resourceFieldRef: limits fall back to the node's allocatable, values round up to the divisor. */
export function resourceValue(
  container: Spec,
  ref: Spec,
  node: { cpu: string; memory: string },
): string {
  const [kind, res] = String(ref.resource ?? '').split('.')
  const set = container.resources?.[kind]?.[res] ?? container.resources?.limits?.[res]
  const value = set ?? (res === 'cpu' ? node.cpu : res === 'memory' ? node.memory : '0')
  const divisor = ref.divisor !== undefined ? quantityValue(ref.divisor) : 1
  if (res === 'cpu') return String(Math.ceil(milliValue(value) / (divisor * 1000)))
  return String(Math.ceil(quantityValue(value) / (divisor || 1)))
}

function serviceVars(svc: KObject): [string, string][] {
  const ip = svc.spec?.clusterIP
  if (!ip || ip === 'None') return []
  const ports: Spec[] = svc.spec?.ports ?? []
  if (!ports.length) return []
  const base = svc.metadata.name!.toUpperCase().replace(/-/g, '_')
  const out: [string, string][] = [
    [`${base}_SERVICE_HOST`, ip],
    [`${base}_SERVICE_PORT`, String(ports[0].port)],
  ]
  for (const p of ports)
    if (p.name)
      out.push([`${base}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port)])
  const proto0 = (ports[0].protocol ?? 'TCP').toLowerCase()
  out.push([`${base}_PORT`, `${proto0}://${ip}:${ports[0].port}`])
  for (const p of ports) {
    const proto = (p.protocol ?? 'TCP').toUpperCase()
    const prefix = `${base}_PORT_${p.port}_${proto}`
    out.push([prefix, `${proto.toLowerCase()}://${ip}:${p.port}`])
    out.push([`${prefix}_PROTO`, proto.toLowerCase()])
    out.push([`${prefix}_PORT`, String(p.port)])
    out.push([`${prefix}_ADDR`, ip])
  }
  return out
}

/**
 * A Service's variables, made once per stored version of it: every container of every pod
 * carries them, and thousands of containers holding their own copies of the same text added up.
 */
const serviceVarsOf = new WeakMap<object, [string, string][]>()

function sharedServiceVars(svc: KObject): [string, string][] {
  let vars = serviceVarsOf.get(svc)
  if (!vars) {
    vars = serviceVars(svc).map(([k, v]) => [flat(k), flat(v)])
    serviceVarsOf.set(svc, vars)
  }
  return vars
}

/**
 * The last service variables worked out, with the Service objects they came from: every pod of a
 * scale-up asks for the same ones, and stored objects are replaced, never changed, so the same
 * objects mean the same variables.
 */
let lastServiceEnv:
  | { ns: string; links: boolean; from: (KObject | undefined)[]; vars: [string, string][] }
  | undefined

/** The Service variables of a namespace, sorted by name (the master Service's always). */
function serviceEnv(api: ApiServer, ns: string, links: boolean): [string, string][] {
  const from: (KObject | undefined)[] = [api.tryGet('services', 'default', 'kubernetes')]
  if (links) api.store.forEachInNamespace('services', ns, (svc) => from.push(svc))
  const last = lastServiceEnv
  if (
    last?.ns === ns &&
    last.links === links &&
    last.from.length === from.length &&
    last.from.every((o, i) => o === from[i])
  )
    return last.vars
  const vars: [string, string][] = []
  if (from[0]) vars.push(...sharedServiceVars(from[0]))
  for (let i = 1; i < from.length; i++) {
    const svc = from[i]!
    if (ns === 'default' && svc.metadata.name === 'kubernetes') continue
    vars.push(...sharedServiceVars(svc))
  }
  vars.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  lastServiceEnv = { ns, links, from, vars }
  return vars
}

/** `$(VAR)` references to earlier variables; `$$(VAR)` escapes. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$'
    return name !== undefined && name in env ? env[name] : m
  })
}

export interface EnvInput {
  api: ApiServer
  pod: KObject
  container: Spec
  ip?: string
  hostIP: string
  node: { cpu: string; memory: string }
  imageEnv: Record<string, string>
}

/** The container's environment (makeEnvironmentVariables); throws ConfigError when a source is missing. */
export function containerEnv(input: EnvInput): Record<string, string> {
  const { api, pod, container } = input
  const ns = pod.metadata.namespace ?? 'default'
  const own: Record<string, string> = {}
  for (const from of container.envFrom ?? []) {
    const kind = from.configMapRef ? 'ConfigMap' : from.secretRef ? 'Secret' : undefined
    if (!kind) continue
    const ref = from.configMapRef ?? from.secretRef
    const data = source(api, kind, ns, ref.name ?? '', ref.optional === true)
    for (const [k, v] of Object.entries(data ?? {})) own[(from.prefix ?? '') + k] = v
  }
  for (const e of container.env ?? []) {
    const vf = e.valueFrom
    let v: string | undefined
    if (!vf) v = expand(String(e.value ?? ''), { ...own })
    else if (vf.configMapKeyRef) v = keyRef(api, 'ConfigMap', ns, vf.configMapKeyRef)
    else if (vf.secretKeyRef) v = keyRef(api, 'Secret', ns, vf.secretKeyRef)
    else if (vf.fieldRef) v = fieldValue(pod, vf.fieldRef.fieldPath, input.ip, input.hostIP)
    else if (vf.resourceFieldRef) v = resourceValue(container, vf.resourceFieldRef, input.node)
    if (v !== undefined) own[e.name] = v
  }
  const services = serviceEnv(api, ns, pod.spec?.enableServiceLinks !== false)
  const env: Record<string, string> = {
    PATH: input.imageEnv.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.spec?.hostname ?? pod.metadata.name!,
  }
  for (const [k, v] of Object.entries(input.imageEnv)) env[k] = v
  for (const [k, v] of Object.entries(own)) env[k] = v
  for (const [k, v] of services) if (!(k in own)) env[k] = v
  env.HOME ??= '/root'
  return env
}
