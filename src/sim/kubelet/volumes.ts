import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { ImageDef } from '../images/types.ts'
import { createFs, type MemFs } from '../../shell/fs.ts'
import type { FileSystem } from '../../shell/types.ts'
import { fieldValue } from './env.ts'
import { LazyFileOp, LazyText, textOf, type FileText } from './lazyText.ts'

type Spec = Record<string, any>

function decode(b64: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))
  } catch {
    return ''
  }
}

function sourceObject(
  api: ApiServer,
  kind: 'configmap' | 'secret',
  ns: string,
  name: string,
): KObject | undefined {
  return api.tryGet(kind === 'configmap' ? 'configmaps' : 'secrets', ns, name)
}

function data(
  api: ApiServer,
  kind: 'configmap' | 'secret',
  ns: string,
  name: string,
): Record<string, string> | undefined {
  const obj = sourceObject(api, kind, ns, name)
  if (!obj) return undefined
  if (kind === 'configmap') return { ...(obj.data ?? {}) }
  return Object.fromEntries(Object.entries<string>(obj.data ?? {}).map(([k, v]) => [k, decode(v)]))
}

/** A configMap or secret a volume (or one of its projected sources) takes keys from. */
interface KeySource {
  kind: 'configmap' | 'secret'
  name: string
  items: Spec[] | undefined
  optional: boolean
}

/** The configMap or secret `s` names, if any: a volume names its secret by `secretName`. */
function keySource(s: Spec, projected: boolean): KeySource | undefined {
  if (s.configMap) {
    const c = s.configMap
    return { kind: 'configmap', name: c.name, items: c.items, optional: c.optional === true }
  }
  if (s.secret) {
    const c = s.secret
    const name = projected ? c.name : c.secretName
    return { kind: 'secret', name, items: c.items, optional: c.optional === true }
  }
  return undefined
}

function notFound(src: KeySource): string {
  return `${src.kind} "${src.name}" not found`
}

function missingKey(kind: KeySource['kind'], key: string): string {
  return `${kind} references non-existent ${kind === 'configmap' ? 'config' : 'secret'} key: ${key}`
}

/** Files of a configMap/secret source: every key, or the listed items. */
function projectKeys(
  kind: 'configmap' | 'secret',
  values: Record<string, string>,
  items: Spec[] | undefined,
  optional: boolean,
): { files: Record<string, string>; error?: string } {
  if (!items?.length) return { files: { ...values } }
  const files: Record<string, string> = {}
  for (const it of items) {
    if (!(it.key in values)) {
      if (optional) continue
      return { files, error: missingKey(kind, it.key) }
    }
    files[it.path] = values[it.key]
  }
  return { files }
}

/** One configMap or secret source's files (a plain function: every container start asks). */
function single(
  api: ApiServer,
  ns: string,
  src: KeySource,
): { files: Record<string, string>; error?: string } {
  const values = data(api, src.kind, ns, src.name)
  if (!values) return src.optional ? { files: {} } : { files: {}, error: notFound(src) }
  return projectKeys(src.kind, values, src.items, src.optional)
}

/** The files a volume shows to containers, or the MountVolume.SetUp error. */
export function volumeFiles(
  api: ApiServer,
  pod: KObject,
  vol: Spec,
  ip: string | undefined,
  hostIP: string,
): { files: Record<string, FileText>; error?: string } {
  const ns = pod.metadata.namespace ?? 'default'
  const own = keySource(vol, false)
  if (own) return single(api, ns, own)
  if (vol.downwardAPI) {
    const files: Record<string, string> = {}
    for (const it of vol.downwardAPI.items ?? [])
      if (it.fieldRef) files[it.path] = fieldValue(pod, it.fieldRef.fieldPath, ip, hostIP)
    return { files }
  }
  if (vol.projected) {
    const files: Record<string, FileText> = {}
    for (const src of vol.projected.sources ?? []) {
      let part: { files: Record<string, FileText>; error?: string } = { files: {} }
      const keys = keySource(src, true)
      if (keys) part = single(api, ns, keys)
      else if (src.downwardAPI) {
        for (const it of src.downwardAPI.items ?? [])
          if (it.fieldRef) part.files[it.path] = fieldValue(pod, it.fieldRef.fieldPath, ip, hostIP)
      } else if (src.serviceAccountToken) {
        part.files[src.serviceAccountToken.path ?? 'token'] = makeToken(pod)
      }
      if (part.error) return part
      Object.assign(files, part.files)
    }
    return { files }
  }
  return { files: {} }
}

/**
 * The error volumeFiles would give for a volume, without making its files: every pod's mount
 * check asked for its service account token and CA file only to find that nothing was missing.
 */
function volumeError(api: ApiServer, ns: string, vol: Spec): string | undefined {
  const own = keySource(vol, false)
  if (own) return sourceError(api, ns, own)
  for (const src of vol.projected?.sources ?? []) {
    const keys = keySource(src, true)
    const error = keys && sourceError(api, ns, keys)
    if (error) return error
  }
  return undefined
}

/** The error of one configMap or secret source, as volumeFiles words it. */
function sourceError(api: ApiServer, ns: string, src: KeySource): string | undefined {
  const obj = sourceObject(api, src.kind, ns, src.name)
  if (!obj) return src.optional ? undefined : notFound(src)
  if (!src.items?.length || src.optional) return undefined
  const values = obj.data ?? {}
  for (const it of src.items) if (!(it.key in values)) return missingKey(src.kind, it.key)
  return undefined
}

/** JWT segments are base64url without padding. */
function base64url(text: string): string {
  // One pass over the text, not three.
  return btoa(text).replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''))
}

/** The same for every token: made once. */
const TOKEN_HEADER = base64url(JSON.stringify({ alg: 'RS256', kid: 'kubeplay' }))

/** A JWT-shaped bound token; it authenticates nothing, but reads like the real one. */
function makeToken(pod: KObject): LazyText {
  const namespace = pod.metadata.namespace
  const name = pod.metadata.name
  const uid = pod.metadata.uid
  const account = pod.spec?.serviceAccountName ?? 'default'
  return new LazyText(() => {
    const body = base64url(
      JSON.stringify({
        aud: ['https://kubernetes.default.svc.cluster.local'],
        iss: 'https://kubernetes.default.svc.cluster.local',
        'kubernetes.io': {
          namespace,
          pod: { name, uid },
          serviceaccount: { name: account },
        },
        sub: `system:serviceaccount:${namespace}:${account}`,
      }),
    )
    // One flat string: a pod keeps its token for its lifetime.
    return [TOKEN_HEADER, body, 'c2lnbmF0dXJl'].join('.')
  })
}

/** MountVolume.SetUp failures for the pod's volumes (what keeps it in ContainerCreating). */
export function mountErrors(api: ApiServer, pod: KObject): string[] {
  const errs: string[] = []
  for (const vol of pod.spec?.volumes ?? []) {
    if (vol.persistentVolumeClaim) {
      const name = vol.persistentVolumeClaim.claimName
      const pvc = api.tryGet('persistentvolumeclaims', pod.metadata.namespace, name)
      if (!pvc)
        errs.push(
          `MountVolume.SetUp failed for volume "${vol.name}" : persistentvolumeclaim "${name}" not found`,
        )
      else if (pvc.status?.phase !== 'Bound')
        errs.push(
          `MountVolume.SetUp failed for volume "${vol.name}" : PVC ${pod.metadata.namespace}/${name} is not bound`,
        )
      continue
    }
    const error = volumeError(api, pod.metadata.namespace ?? 'default', vol)
    if (error) errs.push(`MountVolume.SetUp failed for volume "${vol.name}" : ${error}`)
  }
  return errs
}

export interface FsInput {
  api: ApiServer
  pod: KObject
  container: Spec
  image: ImageDef
  ip?: string
  hostIP: string
  dnsIP: string
  domain: string
}

/**
 * How to build a container's root file system: `mkdir -p` a path (a string) or write a file
 * ([path, content]), applied in order to a fresh root. Kept instead of the tree itself: most
 * containers never look at their files, and the tree is several times the size of its recipe.
 */
export type FsOp = string | [path: string, content: string] | LazyFileOp

/**
 * The image's part of a root's recipe, the same for every container of the image: made once and
 * shared (ops are never changed), not rebuilt with fresh strings for each of thousands of pods.
 */
const imageRecipes = new WeakMap<ImageDef, readonly FsOp[]>()

function imageOps(image: ImageDef): readonly FsOp[] {
  let ops = imageRecipes.get(image)
  if (!ops) {
    const made: FsOp[] = []
    for (const [path, content] of Object.entries(image.files ?? {})) {
      made.push(path.slice(0, path.lastIndexOf('/')) || '/')
      made.push([path, content])
    }
    ops = made
    imageRecipes.set(image, ops)
  }
  return ops
}

/** The recipe of the container's root: the image's files, kubelet-managed /etc files and mounts. */
export function containerFsOps(input: FsInput): FsOp[] {
  const { pod, container, image } = input
  const ops = imageOps(image).slice()
  const ns = pod.metadata.namespace ?? 'default'
  const hostname = pod.spec?.hostname ?? pod.metadata.name!
  ops.push(['/etc/hostname', hostname + '\n'])
  const fqdn = pod.spec?.subdomain
    ? `${hostname}.${pod.spec.subdomain}.${ns}.svc.${input.domain}\t${hostname}`
    : hostname
  const ip = input.ip ?? input.hostIP
  ops.push(
    new LazyFileOp(
      '/etc/hosts',
      new LazyText(
        () =>
          `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${ip}\t${fqdn}\n`,
      ),
    ),
  )
  const d = input.domain
  const dnsIP = input.dnsIP
  ops.push(
    new LazyFileOp(
      '/etc/resolv.conf',
      new LazyText(
        () => `search ${ns}.svc.${d} svc.${d} ${d}\nnameserver ${dnsIP}\noptions ndots:5\n`,
      ),
    ),
  )
  if (image.workdir) ops.push(image.workdir)
  for (const m of container.volumeMounts ?? []) {
    const vol = (pod.spec?.volumes ?? []).find((v: Spec) => v.name === m.name)
    if (!m.subPath) ops.push(m.mountPath)
    else ops.push(m.mountPath.slice(0, m.mountPath.lastIndexOf('/')) || '/')
    if (!vol) continue
    const { files } = volumeFiles(input.api, pod, vol, input.ip, input.hostIP)
    for (const [rel, content] of Object.entries(files)) {
      if (m.subPath) {
        if (rel === m.subPath) ops.push(fileOp(m.mountPath, content))
        continue
      }
      const abs = `${m.mountPath.replace(/\/$/, '')}/${rel}`
      ops.push(abs.slice(0, abs.lastIndexOf('/')))
      ops.push(fileOp(abs, content))
    }
  }
  return ops
}

function fileOp(path: string, content: FileText): FsOp {
  return typeof content === 'string' ? [path, content] : new LazyFileOp(path, content)
}

/** A recipe as snapshots hold it: every file's text made. */
export function savedOps(ops: readonly FsOp[]): FsOp[] {
  return ops.map((op) => (op instanceof LazyFileOp ? op.toJSON() : op))
}

/** Builds a root from its recipe (modification times 0, as for every freshly made root). */
export function buildFs(ops: readonly FsOp[]): MemFs {
  const fs = createFs()
  for (const op of ops) {
    if (typeof op === 'string') fs.mkdir(op)
    else if (op instanceof LazyFileOp) fs.write(op.path, op.content.text)
    else fs.write(op[0], op[1])
  }
  return fs
}

/**
 * Re-projects ConfigMap, Secret and downward API volumes into a running container's files (the
 * kubelet's periodic volume sync). subPath mounts never update, as on a real node. Returns
 * whether anything differs from what the container sees.
 */
export function syncVolumeFiles(
  input: Omit<FsInput, 'image' | 'dnsIP' | 'domain'>,
  fs: FileSystem,
  apply: boolean,
): boolean {
  let differs = false
  for (const m of input.container.volumeMounts ?? []) {
    if (m.subPath) continue
    const vol = (input.pod.spec?.volumes ?? []).find((v: Spec) => v.name === m.name)
    if (!vol || !(vol.configMap || vol.secret || vol.downwardAPI)) continue
    const { files, error } = volumeFiles(input.api, input.pod, vol, input.ip, input.hostIP)
    if (error) continue
    const dir = String(m.mountPath).replace(/\/$/, '')
    const current = fs.list(dir) ?? []
    const stale = current.filter((f) => !(f in files))
    const changed = Object.entries(files).filter(([k, v]) => fs.read(`${dir}/${k}`) !== textOf(v))
    if (!stale.length && !changed.length) continue
    differs = true
    if (!apply) continue
    for (const f of stale) fs.remove(`${dir}/${f}`)
    for (const [k, v] of changed) {
      const abs = `${dir}/${k}`
      fs.mkdir(abs.slice(0, abs.lastIndexOf('/')))
      fs.write(abs, textOf(v))
    }
  }
  return differs
}
