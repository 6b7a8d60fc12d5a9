/**
 * Builds src/generated/openapi.json, the v1.32 field schema of every served kind (types, required
 * fields, descriptions), from the models of the Kubernetes JavaScript client generated from the
 * v1.32.0 OpenAPI document. The API server uses it for unknown-field and type checks, kubectl for
 * `explain`, and the editor for validation and hover docs. Runs on install (`prepare`).
 */
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { RESOURCES, type ResourceInfo } from '../src/sim/api/resources.ts'
import { DEFINITION_NAMES, FIELD_FACTS, OPAQUE_DEFINITIONS, TYPE_FACTS } from './openapiV2Facts.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const modelsDir = join(root, 'node_modules/@kubernetes/client-node/dist/gen/models')
const outFile = join(root, 'src/generated/openapi.json')
// The client models drop the descriptions of fields that reference another type; kubernetes-types
// keeps them (v1.30 text, which has not changed for those fields), so they fill the gaps.
const typesDir = join(root, 'node_modules/kubernetes-types')

interface Attr {
  name: string
  baseName: string
  type: string
  format: string
}

/** Fields whose OpenAPI type is resource.Quantity, which the client models flatten to string. */
const QUANTITY_FIELDS = new Set([
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1EmptyDirVolumeSource.sizeLimit',
  'V1NodeStatus.capacity',
  'V1NodeStatus.allocatable',
  'V1ResourceQuotaSpec.hard',
  'V1ResourceQuotaStatus.hard',
  'V1ResourceQuotaStatus.used',
  'V1LimitRangeItem.max',
  'V1LimitRangeItem.min',
  'V1LimitRangeItem._default',
  'V1LimitRangeItem.defaultRequest',
  'V1LimitRangeItem.maxLimitRequestRatio',
  'V1PersistentVolumeSpec.capacity',
  'V1PersistentVolumeClaimStatus.capacity',
  'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1PodSpec.overhead',
  'V1Overhead.podFixed',
  'V1ContainerStatus.allocatedResources',
  'V1ResourceFieldSelector.divisor',
  'V2MetricTarget.averageValue',
  'V2MetricTarget.value',
  'V2MetricValueStatus.averageValue',
  'V2MetricValueStatus.value',
  'V1CSIStorageCapacity.capacity',
  'V1CSIStorageCapacity.maximumVolumeSize',
])

function classFor(info: ResourceInfo, version: string): string {
  if (info.kind === 'Event') return info.group === '' ? 'CoreV1Event' : 'EventsV1Event'
  return 'V' + version.slice(1).replace(/^(\d+)/, '$1') + info.kind
}

function unescapeDoc(s: string): string {
  return s.replace(/\\(["'\\])/g, '$1').replace(/\*\\\//g, '*/')
}

/** Reads class and property docs from a generated .d.ts file. */
function readDocs(className: string): {
  description: string
  fields: Map<string, string>
  optional: Set<string>
} {
  const text = readFileSync(join(modelsDir, `${className}.d.ts`), 'utf8')
  const fields = new Map<string, string>()
  const optional = new Set<string>()
  const classDoc = text.match(/\/\*\*\n\* ([\s\S]*?)\n\*\/\nexport declare class/)
  const propRe = /(?:\/\*\*\n\s+\* ([\s\S]*?)\n\s+\*\/\n)?\s+'([^']+)'(\?)?: /g
  const body = text.slice(text.indexOf('export declare class'))
  for (let m = propRe.exec(body); m; m = propRe.exec(body)) {
    if (m[1] !== undefined) fields.set(m[2], unescapeDoc(m[1].replace(/\n\s+\* ?/g, '\n')))
    if (m[3]) optional.add(m[2])
  }
  return {
    description: classDoc ? unescapeDoc(classDoc[1].replace(/\n\* ?/g, '\n')) : '',
    fields,
    optional,
  }
}

type TypeExpr = string

function typeExpr(owner: string, attr: Attr, refs: Set<string>): TypeExpr {
  const t = attr.type
  if (QUANTITY_FIELDS.has(`${owner}.${attr.name}`))
    return t.startsWith('{') ? 'map[string]Quantity' : 'Quantity'
  const conv = (x: string): TypeExpr => {
    x = x.trim()
    if (x.startsWith('Array<')) return '[]' + conv(x.slice(6, -1))
    const map = x.match(/^\{ \[key: string\]: (.*); \}$/)
    if (map) return 'map[string]' + conv(map[1])
    if (x === 'string') return attr.format === 'int-or-string' ? 'IntOrString' : 'string'
    if (x === 'number')
      return attr.format === 'double'
        ? 'number'
        : attr.format === 'int64'
          ? 'integer:int64'
          : 'integer'
    if (x === 'boolean') return 'boolean'
    if (x === 'Date') return attr.format === 'date-time-micro' ? 'MicroTime' : 'Time'
    if (x === 'IntOrString') return 'IntOrString'
    if (x === 'any' || x === 'object') return 'Object'
    refs.add(x)
    return '#' + x
  }
  return conv(t)
}

/** Interface name → candidate field-doc maps from kubernetes-types, one per group/version file. */
function readFallbackDocs(): Map<string, Map<string, string>[]> {
  const out = new Map<string, Map<string, string>[]>()
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.d.ts')) {
        const text = readFileSync(p, 'utf8')
        const ifaceRe = /export interface (\w+) \{([\s\S]*?)\n\}/g
        for (let m = ifaceRe.exec(text); m; m = ifaceRe.exec(text)) {
          const fields = new Map<string, string>()
          const fieldRe = /\/\*\*([\s\S]*?)\*\/\n\s+(?:readonly )?"?([\w$-]+)"?\??: /g
          for (let f = fieldRe.exec(m[2]); f; f = fieldRe.exec(m[2])) {
            const doc = f[1]
              .split('\n')
              .map((l) => l.replace(/^\s*\* ?/, ''))
              .join('\n')
              .trim()
            fields.set(f[2], doc)
          }
          const list = out.get(m[1]) ?? []
          list.push(fields)
          out.set(m[1], list)
        }
      }
    }
  }
  walk(typesDir)
  return out
}

function fallbackFor(
  fallback: Map<string, Map<string, string>[]>,
  cls: string,
  fieldNames: string[],
): Map<string, string> | undefined {
  const name = cls.replace(/^(CoreV1|EventsV1|V\d+(?:alpha\d+|beta\d+)?)/, '')
  const candidates = fallback.get(name) ?? []
  let best: Map<string, string> | undefined
  let bestScore = 0
  for (const c of candidates) {
    const score = fieldNames.filter((f) => c.has(f)).length
    if (score > bestScore) {
      best = c
      bestScore = score
    }
  }
  return best
}

/** The doc comment of a kubernetes-types declaration (`file` relative to the package). */
function declarationDoc(file: string, name: string): string {
  const text = readFileSync(join(typesDir, file), 'utf8')
  const re = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\nexport (?:type|interface) ${name}\\b`)
  const m = text.match(re)
  if (!m) throw new Error(`no doc for ${name} in kubernetes-types/${file}`)
  return m[1]
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim()
}

/** The definitions behind the fields typed `Object`: description and JSON type. */
function opaqueDefinitions(): Record<string, { d: string; t?: string }> {
  const out: Record<string, { d: string; t?: string }> = {}
  for (const [name, type] of Object.entries(OPAQUE_DEFINITIONS)) {
    const short = name.slice(name.lastIndexOf('.') + 1)
    const file = name.includes('.runtime.')
      ? 'runtime.d.ts'
      : `${name.includes('.meta.') ? 'meta' : 'apiextensions'}/v1.d.ts`
    out[name] = { d: declarationDoc(file, short), ...(type ? { t: type } : {}) }
  }
  return out
}

/** Descriptions of the scalar types the models flatten to strings (Time, Quantity, IntOrString). */
function readScalarDocs(): Record<string, string> {
  const out: Record<string, string> = {
    // kubernetes-types inlines IntOrString as `number | string`, so its doc is not in the package.
    IntOrString:
      'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
  }
  const files = ['meta/v1.d.ts', 'api/resource.d.ts']
  for (const f of files) {
    const text = readFileSync(join(typesDir, f), 'utf8')
    const re = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\nexport type (\w+) = /g
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out[m[2]] = m[1]
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, ''))
        .join('\n')
        .trim()
    }
  }
  return out
}

const scalarTexts = new Set(Object.values(readScalarDocs()))

/** The client models put the type's doc on IntOrString/Quantity/Time fields; the field's own doc wins. */
function pickDoc(own: string | undefined, fallback: string | undefined): string {
  if (own && !scalarTexts.has(own)) return own
  return fallback ?? own ?? ''
}

/** One type in the generated file: `n` and `v`/`x` feed the Swagger 2.0 document. */
interface GenType {
  d: string
  f: [string, TypeExpr, number, string][]
  /** Definition name, e.g. io.k8s.api.core.v1.PodSpec. */
  n: string
  /** Per field: what the v1.32 document says beyond the type (format, extensions, named refs). */
  v?: Record<string, Record<string, unknown>>
  /** Type-level extensions (x-kubernetes-map-type, x-kubernetes-unions). */
  x?: Record<string, unknown>
}

const API_PACKAGES: Record<string, string> = {
  meta: 'io.k8s.apimachinery.pkg.apis.meta',
  apiextensions: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  apiregistration: 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
}

/** The Go package of a group, as definition names spell it: `rbac.authorization.k8s.io` → rbac. */
function groupPackage(group: string, version: string): string {
  const word = group ? group.split('.')[0] : 'core'
  return `${API_PACKAGES[word] ?? `io.k8s.api.${word}`}.${version}`
}

/** `RbacV1Subject` → group rbac, version v1, name Subject; `V1Pod` has no group word. */
function splitClass(cls: string): { group?: string; version: string; name: string } {
  const m = cls.match(/^([A-Z][a-z]+)?V(\d+(?:alpha\d+|beta\d+)?)([A-Z].*)$/)
  if (!m) throw new Error(`unexpected model name ${cls}`)
  return { group: m[1]?.toLowerCase(), version: `v${m[2]}`, name: m[3] }
}

/** Interface name → the `group/version` files of kubernetes-types that declare it. */
function readTypePackages(): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const walk = (dir: string, rel: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`)
      else if (e.name.endsWith('.d.ts')) {
        const text = readFileSync(join(dir, e.name), 'utf8')
        const file = rel + e.name.slice(0, -'.d.ts'.length)
        for (const m of text.matchAll(/export interface (\w+) \{/g))
          out.set(m[1], [...(out.get(m[1]) ?? []), file])
      }
    }
  }
  walk(typesDir, '')
  return out
}

/**
 * The definition name of a client model: the client keeps the group word only where two packages
 * share a type name, so other names are looked up in kubernetes-types' per-package files.
 */
function definitionName(cls: string, packages: Map<string, string[]>): string | undefined {
  if (DEFINITION_NAMES[cls]) return DEFINITION_NAMES[cls]
  const { group, version, name } = splitClass(cls)
  if (group) return `${groupPackage(group, version)}.${name}`
  const files = (packages.get(name) ?? []).filter((f) => f.endsWith('/' + version))
  if (files.length !== 1) return undefined
  return `${groupPackage(files[0].split('/')[0], version)}.${name}`
}

/** The facts a Swagger 2.0 definition has beyond the v3 field schema. */
function v2Facts(name: string, attrs: Attr[]): Pick<GenType, 'v' | 'x'> {
  const v: Record<string, Record<string, unknown>> = {}
  for (const a of attrs) {
    const facts = { ...FIELD_FACTS[`${name}.${a.baseName}`] }
    if (a.format === 'byte') facts.format = 'byte'
    if (Object.keys(facts).length) v[a.baseName] = facts
  }
  const x = TYPE_FACTS[name]
  return { ...(Object.keys(v).length ? { v } : {}), ...(x ? { x } : {}) }
}

async function main(): Promise<void> {
  const fallback = readFallbackDocs()
  const typePackages = readTypePackages()
  const available = new Set(
    readdirSync(modelsDir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => f.slice(0, -3)),
  )
  const kinds: Record<string, string> = {}
  const lists: Record<string, string> = {}
  const queue: string[] = []
  // Definition name of each type (io.k8s.api.core.v1.Pod), for the Swagger 2.0 document.
  const definitions = new Map<string, string>()
  for (const info of RESOURCES) {
    for (const v of info.versions) {
      const cls = classFor(info, v)
      if (!available.has(cls)) continue
      const gv = `${info.group ? info.group + '/' : ''}${v}`
      kinds[`${gv}/${info.kind}`] = cls
      definitions.set(cls, `${groupPackage(info.group, v)}.${info.kind}`)
      queue.push(cls)
      if (available.has(cls + 'List')) {
        lists[`${gv}/${info.kind}List`] = cls + 'List'
        definitions.set(cls + 'List', `${groupPackage(info.group, v)}.${info.kind}List`)
        queue.push(cls + 'List')
      }
    }
  }
  // What the paths of the Swagger 2.0 document answer with besides the kinds themselves.
  for (const cls of [
    'V1DeleteOptions',
    'V1Status',
    'V1WatchEvent',
    'V1Scale',
    'V1Eviction',
    'AuthenticationV1TokenRequest',
    'V1APIResourceList',
    'V1APIGroup',
    'V1APIGroupList',
    'V1APIVersions',
    'VersionInfo',
  ]) {
    definitions.set(cls, definitionName(cls, typePackages)!)
    queue.push(cls)
  }
  const types: Record<string, GenType> = {}
  while (queue.length) {
    const cls = queue.shift()!
    if (types[cls] || !available.has(cls)) continue
    const mod = await import(pathToFileURL(join(modelsDir, `${cls}.js`)).href)
    const klass = mod[cls]
    const attrs: Attr[] = klass?.attributeTypeMap ?? []
    const docs = readDocs(cls)
    const refs = new Set<string>()
    const extra = fallbackFor(
      fallback,
      cls,
      attrs.map((a) => a.baseName),
    )
    const fields: [string, TypeExpr, number, string][] = attrs.map((a) => [
      a.baseName,
      typeExpr(cls, a, refs),
      docs.optional.has(a.name) ? 0 : 1,
      pickDoc(docs.fields.get(a.name), extra?.get(a.baseName)),
    ])
    fields.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    const name = definitions.get(cls)!
    types[cls] = { d: docs.description, f: fields, n: name, ...v2Facts(name, attrs) }
    for (const r of refs) {
      // A type newer than kubernetes-types' layout lives in the package of the type using it.
      if (!definitions.has(r))
        definitions.set(
          r,
          definitionName(r, typePackages) ??
            `${name.slice(0, name.lastIndexOf('.'))}.${splitClass(r).name}`,
        )
      queue.push(r)
    }
  }
  mkdirSync(dirname(outFile), { recursive: true })
  writeFileSync(
    outFile,
    JSON.stringify({
      source: 'v1.32.0',
      kinds,
      lists,
      types,
      scalars: readScalarDocs(),
      opaque: opaqueDefinitions(),
    }),
  )
  console.log(
    `openapi: ${Object.keys(kinds).length} kinds, ${Object.keys(types).length} types → ${outFile}`,
  )
}

await main()
