import type { ImageDef, ResolvedImage, TagInfo } from './types.ts'

/** Splits a reference into registry, repository path, tag and digest (docker's normaliser rules). */
export function parseImageRef(ref: string): {
  registry: string
  path: string
  tag?: string
  digest?: string
} {
  let rest = ref
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  const slash = rest.indexOf('/')
  const first = slash < 0 ? '' : rest.slice(0, slash)
  let registry = 'docker.io'
  let path = rest
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first
    path = rest.slice(slash + 1)
  }
  if (registry === 'docker.io' && !path.includes('/')) path = `library/${path}`
  return { registry, path, tag, digest }
}

interface ParsedRef {
  readonly repo: string
  readonly tag?: string
  readonly digest?: string
  readonly registry: string
  readonly norm: string
}

/**
 * References as parsed, by their text: every container start and pull check parses its image's
 * reference, and a workload's replicas all name the same few. Bounded, since learners type many.
 */
const parsedRefs = new Map<string, ParsedRef>()
const PARSED_REFS_MAX = 1024

function parsedRef(ref: string): ParsedRef {
  let hit = parsedRefs.get(ref)
  if (hit) return hit
  const p = parseImageRef(ref)
  const repo = `${p.registry}/${p.path}`
  const norm = p.digest ? `${repo}@${p.digest}` : `${repo}:${p.tag ?? 'latest'}`
  hit = { repo, tag: p.tag, digest: p.digest, registry: p.registry, norm }
  if (parsedRefs.size >= PARSED_REFS_MAX) parsedRefs.clear()
  parsedRefs.set(ref, hit)
  return hit
}

/** `nginx` → `docker.io/library/nginx:latest`. */
export function normaliseRef(ref: string): string {
  return parsedRef(ref).norm
}

const images = new Map<string, ImageDef>()
/** Old names that resolve to a catalogued repository (legacy registries). */
const aliases = new Map<string, string>()
/**
 * resolveImage's answers by reference, until the catalogue changes (a family registered, a tag
 * pushed): every container start, stop and exec resolves its image, and replicas share a few.
 */
const pulls = new Map<string, PullResult>()

/** Adds (or replaces) an image family; scenarios use it to declare their own images. */
export function registerImage(def: ImageDef): void {
  images.set(def.repository, def)
  pulls.clear()
}

export function registerAlias(from: string, to: string): void {
  aliases.set(from, to)
  pulls.clear()
}

export function imageRepository(repository: string): ImageDef | undefined {
  return images.get(aliases.get(repository) ?? repository)
}

/** Adds a tag to a catalogued repository (a `docker push` in a lesson). */
export function pushTag(ref: string, info: TagInfo): void {
  const p = parseImageRef(ref)
  const def = imageRepository(`${p.registry}/${p.path}`)
  if (!def) throw new Error(`no image family for ${ref}`)
  def.tags[p.tag ?? 'latest'] = info
  pulls.clear()
}

/** Stable fake sha256 for catalogue entries, so digests never depend on the run. */
export function digestOf(text: string): string {
  let out = ''
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let round = 0; out.length < 64; round++) {
    for (let i = 0; i < text.length; i++) {
      h1 = Math.imul(h1 ^ text.charCodeAt(i), 16777619) >>> 0
      h2 = Math.imul(h2 ^ (text.charCodeAt(i) + round), 2246822519) >>> 0
    }
    h1 = Math.imul(h1 ^ round, 3266489917) >>> 0
    out += ((h1 ^ h2) >>> 0).toString(16).padStart(8, '0')
  }
  return 'sha256:' + out.slice(0, 64)
}

/** Tags with catalogue digests and sizes. */
export function tagsOf(repository: string, size: number, names: string[]): Record<string, TagInfo> {
  const out: Record<string, TagInfo> = {}
  names.forEach((t, i) => {
    out[t] = { digest: digestOf(`${repository}:${t}`), size: size + ((i * 7919) % 100_000) }
  })
  return out
}

export type PullResult = { ok: true; image: ResolvedImage } | { ok: false; message: string }

/**
 * What a containerd pull would answer. A repository that is neither catalogued nor pushed is
 * indistinguishable from a private one, exactly as on a real registry.
 */
export function resolveImage(ref: string): PullResult {
  let hit = pulls.get(ref)
  if (!hit) {
    hit = Object.freeze(lookUp(ref))
    if (pulls.size >= PARSED_REFS_MAX) pulls.clear()
    pulls.set(ref, hit)
  }
  return hit
}

function lookUp(ref: string): PullResult {
  const p = parsedRef(ref)
  const norm = p.norm
  const known = imageRepository(p.repo)
  // A family with no pushed tags (an image learners build themselves) is not on the registry.
  const def = known && Object.keys(known.tags).length > 0 ? known : undefined
  const tag = p.tag ?? 'latest'
  if (def && p.digest) {
    const hit = Object.entries(def.tags).find(([, t]) => t.digest === p.digest)
    if (hit) return { ok: true, image: resolved(def, norm, hit[0], hit[1]) }
    return {
      ok: false,
      message: `rpc error: code = NotFound desc = failed to pull and unpack image "${norm}": failed to resolve reference "${norm}": ${norm}: not found`,
    }
  }
  if (def && def.tags[tag]) return { ok: true, image: resolved(def, norm, tag, def.tags[tag]) }
  if (def) {
    return {
      ok: false,
      message: `rpc error: code = NotFound desc = failed to pull and unpack image "${norm}": failed to resolve reference "${norm}": ${norm}: not found`,
    }
  }
  if (p.registry === 'docker.io') {
    return {
      ok: false,
      message: `rpc error: code = Unknown desc = failed to pull and unpack image "${norm}": failed to resolve reference "${norm}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    }
  }
  return {
    ok: false,
    message: `rpc error: code = NotFound desc = failed to pull and unpack image "${norm}": failed to resolve reference "${norm}": ${norm}: not found`,
  }
}

function resolved(def: ImageDef, ref: string, tag: string, info: TagInfo): ResolvedImage {
  return Object.freeze({
    def,
    ref,
    tag,
    digest: info.digest,
    size: info.size,
    imageID: `${def.repository}@${info.digest}`,
  })
}
