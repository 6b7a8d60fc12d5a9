import { CORE_V1 } from './tables/core.ts'
import { META_V1 } from './tables/meta.ts'
import {
  APPS_V1,
  AUTHENTICATION_V1,
  AUTOSCALING_V1,
  AUTOSCALING_V2,
  BATCH_V1,
  CERTIFICATES_V1,
  NETWORKING_V1,
  POLICY_V1,
  RBAC_V1,
  SCHEDULING_V1,
} from './tables/groups.ts'

/**
 * One message per entry: space-separated fields `json=number:type` with optional flags.
 * type: a scalar (string bool int32 int64 uint32 uint64 double float bytes), a message
 * `package.Name`, or a well-known type (Time MicroTime Duration FieldsV1 IntOrString Quantity
 * RawExtension StringList); `[]` before it = repeated, `{}` = map with string keys.
 * flags: `*` the Go field is a pointer (present zero values are kept), `!` the JSON tag has no
 * omitempty (zero values are written), `^` the Go struct is embedded inline (its fields join ours).
 */
export type MessageTable = Record<string, string>

export type WellKnown =
  | 'Time'
  | 'MicroTime'
  | 'Duration'
  | 'FieldsV1'
  | 'IntOrString'
  | 'Quantity'
  | 'RawExtension'
  | 'StringList'

export type Scalar =
  'string' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'double' | 'float' | 'bytes'

export type FieldType =
  | { kind: 'scalar'; scalar: Scalar }
  | { kind: 'wellKnown'; name: WellKnown }
  | { kind: 'message'; name: string }

export interface FieldSpec {
  json: string
  number: number
  type: FieldType
  repeated: boolean
  map: boolean
  pointer: boolean
  keepZero: boolean
  inline: boolean
}

export interface MessageSpec {
  /** `core.PodSpec` */
  name: string
  fields: FieldSpec[]
  byNumber: Map<number, FieldSpec>
}

/** Table prefix → its messages. */
const PACKAGES: Record<string, MessageTable> = {
  core: CORE_V1,
  meta: META_V1,
  apps: APPS_V1,
  batch: BATCH_V1,
  rbac: RBAC_V1,
  policy: POLICY_V1,
  scheduling: SCHEDULING_V1,
  networking: NETWORKING_V1,
  authentication: AUTHENTICATION_V1,
  autoscalingV1: AUTOSCALING_V1,
  autoscalingV2: AUTOSCALING_V2,
  certificates: CERTIFICATES_V1,
}

/** apiVersion → table prefix: the group versions whose objects can be decoded. */
const GROUP_VERSIONS: Record<string, string> = {
  v1: 'core',
  'apps/v1': 'apps',
  'batch/v1': 'batch',
  'rbac.authorization.k8s.io/v1': 'rbac',
  'policy/v1': 'policy',
  'scheduling.k8s.io/v1': 'scheduling',
  'networking.k8s.io/v1': 'networking',
  'authentication.k8s.io/v1': 'authentication',
  'autoscaling/v1': 'autoscalingV1',
  'autoscaling/v2': 'autoscalingV2',
  'certificates.k8s.io/v1': 'certificates',
  'meta.k8s.io/v1': 'meta',
}

/** The proto package each table prefix stands for, for messages in errors. */
export function protoName(name: string): string {
  let full = protoNames.get(name)
  if (full === undefined) {
    const [pkg, msg] = name.split('.')
    full = `${PROTO_PACKAGES[pkg] ?? `k8s.io.api.${pkg}.v1`}.${msg}`
    protoNames.set(name, full)
  }
  return full
}

const protoNames = new Map<string, string>()

const PROTO_PACKAGES: Record<string, string> = {
  core: 'k8s.io.api.core.v1',
  meta: 'k8s.io.apimachinery.pkg.apis.meta.v1',
  autoscalingV1: 'k8s.io.api.autoscaling.v1',
  autoscalingV2: 'k8s.io.api.autoscaling.v2',
}

const WELL_KNOWN = new Set<string>([
  'Time',
  'MicroTime',
  'Duration',
  'FieldsV1',
  'IntOrString',
  'Quantity',
  'RawExtension',
  'StringList',
])
const SCALARS = new Set<string>([
  'string',
  'bool',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'double',
  'float',
  'bytes',
])

function parseField(text: string, owner: string): FieldSpec {
  const m = /^([\w$]+)=(\d+):(\[\]|\{\})?([\w.]+)([*!^]*)$/.exec(text)
  if (!m) throw new Error(`protobuf schema: cannot read field "${text}" of ${owner}`)
  const [, json, num, shape, typeName, flags] = m
  let type: FieldType
  if (SCALARS.has(typeName)) type = { kind: 'scalar', scalar: typeName as Scalar }
  else if (WELL_KNOWN.has(typeName)) type = { kind: 'wellKnown', name: typeName as WellKnown }
  else type = { kind: 'message', name: typeName }
  return {
    json,
    number: Number(num),
    type,
    repeated: shape === '[]',
    map: shape === '{}',
    pointer: flags.includes('*'),
    keepZero: flags.includes('!'),
    inline: flags.includes('^'),
  }
}

const cache = new Map<string, MessageSpec | null>()

/** The message `package.Name` (e.g. `apps.DeploymentSpec`), parsed on first use. */
export function messageSpec(name: string): MessageSpec | undefined {
  const hit = cache.get(name)
  if (hit !== undefined) return hit ?? undefined
  const [pkg, msg] = name.split('.')
  const table = PACKAGES[pkg]
  const text = table && Object.hasOwn(table, msg) ? table[msg] : undefined
  if (text === undefined) {
    cache.set(name, null)
    return undefined
  }
  const fields = text ? text.split(' ').map((f) => parseField(f, name)) : []
  const spec = { name, fields, byNumber: new Map(fields.map((f) => [f.number, f])) }
  cache.set(name, spec)
  return spec
}

/** The message an object of this apiVersion and kind is encoded as, if the tables hold it. */
export function messageForKind(apiVersion: string, kind: string): MessageSpec | undefined {
  // client-go encodes DeleteOptions under the group version of the request.
  if (kind === 'DeleteOptions') return messageSpec('meta.DeleteOptions')
  const pkg = Object.hasOwn(GROUP_VERSIONS, apiVersion) ? GROUP_VERSIONS[apiVersion] : undefined
  return pkg ? messageSpec(`${pkg}.${kind}`) : undefined
}

/** Every message name in the tables, for tests that walk them all. */
export function allMessageNames(): string[] {
  return Object.entries(PACKAGES).flatMap(([pkg, table]) =>
    Object.keys(table).map((m) => `${pkg}.${m}`),
  )
}
