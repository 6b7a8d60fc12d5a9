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

async function main(): Promise<void> {
  const fallback = readFallbackDocs()
  const available = new Set(
    readdirSync(modelsDir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => f.slice(0, -3)),
  )
  const kinds: Record<string, string> = {}
  const queue: string[] = []
  for (const info of RESOURCES) {
    for (const v of info.versions) {
      const cls = classFor(info, v)
      if (!available.has(cls)) continue
      kinds[`${info.group ? info.group + '/' : ''}${v}/${info.kind}`] = cls
      queue.push(cls)
    }
  }
  const types: Record<string, { d: string; f: [string, TypeExpr, number, string][] }> = {}
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
    types[cls] = { d: docs.description, f: fields }
    for (const r of refs) queue.push(r)
  }
  mkdirSync(dirname(outFile), { recursive: true })
  writeFileSync(
    outFile,
    JSON.stringify({ source: 'v1.32.0', kinds, types, scalars: readScalarDocs() }),
  )
  console.log(
    `openapi: ${Object.keys(kinds).length} kinds, ${Object.keys(types).length} types → ${outFile}`,
  )
}

await main()
