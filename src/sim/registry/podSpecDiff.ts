/**
 * The diff ValidatePodUpdate appends to its Forbidden message: go-cmp's report on the internal
 * core.PodSpec. go-cmp deliberately mixes spaces and non-breaking spaces so nobody parses its
 * output; we keep its shape in plain spaces: Go field names in declaration order, zero values,
 * two identical fields of context around a change, `... // N identical fields`, aligned values.
 */

type Json = unknown
type Obj = Record<string, Json>

/** Enough of the Go types to print fields in order with their zero values. */
type GoType =
  | { k: 'struct'; name: string; fields: [string, GoType][] }
  | { k: 'slice'; elem: GoType }
  | { k: 'ptr'; elem: GoType }
  | { k: 'map' }
  | { k: 'string' }
  | { k: 'int' }
  | { k: 'bool' }
  | { k: 'any' }

const S: GoType = { k: 'string' }
const I: GoType = { k: 'int' }
const B: GoType = { k: 'bool' }
const ANY: GoType = { k: 'any' }
const MAP: GoType = { k: 'map' }
const ptr = (elem: GoType): GoType => ({ k: 'ptr', elem })
const slice = (elem: GoType): GoType => ({ k: 'slice', elem })
const struct = (name: string, fields: [string, GoType][]): GoType => ({ k: 'struct', name, fields })

const CONTAINER_PORT = struct('core.ContainerPort', [
  ['name', S],
  ['hostPort', I],
  ['containerPort', I],
  ['protocol', S],
  ['hostIP', S],
])
const ENV_VAR = struct('core.EnvVar', [
  ['name', S],
  ['value', S],
  ['valueFrom', ptr(ANY)],
])
const VOLUME_MOUNT = struct('core.VolumeMount', [
  ['name', S],
  ['readOnly', B],
  ['recursiveReadOnly', ptr(S)],
  ['mountPath', S],
  ['subPath', S],
  ['mountPropagation', ptr(S)],
  ['subPathExpr', S],
])
const RESOURCES = struct('core.ResourceRequirements', [
  ['limits', MAP],
  ['requests', MAP],
  ['claims', slice(ANY)],
])
const CONTAINER = struct('core.Container', [
  ['name', S],
  ['image', S],
  ['command', slice(S)],
  ['args', slice(S)],
  ['workingDir', S],
  ['ports', slice(CONTAINER_PORT)],
  ['envFrom', slice(ANY)],
  ['env', slice(ENV_VAR)],
  ['resources', RESOURCES],
  ['resizePolicy', slice(ANY)],
  ['restartPolicy', ptr(S)],
  ['volumeMounts', slice(VOLUME_MOUNT)],
  ['volumeDevices', slice(ANY)],
  ['livenessProbe', ptr(ANY)],
  ['readinessProbe', ptr(ANY)],
  ['startupProbe', ptr(ANY)],
  ['lifecycle', ptr(ANY)],
  ['terminationMessagePath', S],
  ['terminationMessagePolicy', S],
  ['imagePullPolicy', S],
  ['securityContext', ptr(ANY)],
  ['stdin', B],
  ['stdinOnce', B],
  ['tty', B],
])
const POD_SPEC = struct('core.PodSpec', [
  ['volumes', slice(ANY)],
  ['initContainers', slice(CONTAINER)],
  ['containers', slice(CONTAINER)],
  ['ephemeralContainers', slice(ANY)],
  ['restartPolicy', S],
  ['terminationGracePeriodSeconds', ptr(I)],
  ['activeDeadlineSeconds', ptr(I)],
  ['dnsPolicy', S],
  ['nodeSelector', MAP],
  ['serviceAccountName', S],
  ['automountServiceAccountToken', ptr(B)],
  ['nodeName', S],
  ['securityContext', ptr(ANY)],
  ['imagePullSecrets', slice(ANY)],
  ['hostname', S],
  ['subdomain', S],
  ['setHostnameAsFQDN', ptr(B)],
  ['affinity', ptr(ANY)],
  ['schedulerName', S],
  ['tolerations', slice(ANY)],
  ['hostAliases', slice(ANY)],
  ['priorityClassName', S],
  ['priority', ptr(I)],
  ['preemptionPolicy', ptr(S)],
  ['dnsConfig', ptr(ANY)],
  ['readinessGates', slice(ANY)],
  ['runtimeClassName', ptr(S)],
  ['overhead', MAP],
  ['enableServiceLinks', ptr(B)],
  ['topologySpreadConstraints', slice(ANY)],
  ['os', ptr(ANY)],
  ['schedulingGates', slice(ANY)],
  ['resourceClaims', slice(ANY)],
  ['resources', ptr(ANY)],
  ['hostUsers', ptr(B)],
])

const GO_NAMES: Record<string, string> = {
  dnsPolicy: 'DNSPolicy',
  dnsConfig: 'DNSConfig',
  tty: 'TTY',
  os: 'OS',
  setHostnameAsFQDN: 'SetHostnameAsFQDN',
  hostIP: 'HostIP',
  podIP: 'PodIP',
  fieldRef: 'FieldRef',
  apiVersion: 'APIVersion',
}

function goName(k: string): string {
  return GO_NAMES[k] ?? k[0].toUpperCase() + k.slice(1)
}

function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Obj)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`
  }
  return JSON.stringify(v)
}

function same(a: Json, b: Json): boolean {
  return canonical(a) === canonical(b)
}

/** A value on one line, as go-cmp prints it (%#v without type names for nested values). */
function inline(v: Json, t: GoType): string {
  if (t.k === 'ptr') return v === undefined || v === null ? 'nil' : '&' + inline(v, t.elem)
  if (v === undefined || v === null) {
    if (t.k === 'string') return '""'
    if (t.k === 'int') return '0'
    if (t.k === 'bool') return 'false'
    if (t.k === 'struct') return '{}'
    return 'nil'
  }
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  const elem = t.k === 'slice' ? t.elem : ANY
  if (Array.isArray(v)) return `{${v.map((x) => inline(x, elem)).join(', ')}}`
  const o = v as Obj
  if (t.k === 'map') {
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}: ${inline(o[k], ANY)}`)
      .join(', ')}}`
  }
  const fields: [string, GoType][] =
    t.k === 'struct' ? t.fields : Object.keys(o).map((k) => [k, ANY] as [string, GoType])
  // Inline structs leave out their zero fields.
  const parts = fields
    .filter(([k]) => o[k] !== undefined && o[k] !== null && o[k] !== '' && o[k] !== false)
    .map(([k, ft]) => `${goName(k)}: ${inline(o[k], ft)}`)
  return `{${parts.join(', ')}}`
}

interface Entry {
  /** Lines of this field; single-line entries get their names aligned. */
  lines: { mark: ' ' | '-' | '+' | 'raw'; name?: string; text: string }[]
  differs: boolean
}

function structEntries(
  t: Extract<GoType, { k: 'struct' }>,
  a: Obj,
  b: Obj,
  depth: number,
): string[] {
  const entries: Entry[] = t.fields.map(([k, ft]) => fieldEntry(k, ft, a[k], b[k], depth))
  return renderEntries(entries, depth, 'fields')
}

function fieldEntry(k: string, t: GoType, x: Json, y: Json, depth: number): Entry {
  const name = goName(k)
  if (same(x, y)) return { lines: [{ mark: ' ', name, text: inline(x, t) + ',' }], differs: false }
  const ind = '\t'.repeat(depth)
  if (t.k === 'struct' && x && y) {
    return {
      differs: true,
      lines: [
        { mark: ' ', text: `${ind}${name}: ${t.name}{` },
        ...structEntries(t, x as Obj, y as Obj, depth + 1).map((text) => ({
          mark: 'raw' as const,
          text,
        })),
        { mark: ' ', text: `${ind}},` },
      ],
    }
  }
  if (
    t.k === 'slice' &&
    t.elem.k === 'struct' &&
    Array.isArray(x) &&
    Array.isArray(y) &&
    x.length === y.length
  ) {
    const elem = t.elem
    const lines: Entry['lines'] = [{ mark: ' ', text: `${ind}${name}: []${elem.name}{` }]
    const items: Entry[] = x.map((item, i) => {
      if (same(item, y[i]))
        return { lines: [{ mark: ' ', text: `${ind}\t{...},` }], differs: false }
      return {
        differs: true,
        lines: [
          { mark: ' ', text: `${ind}\t{` },
          ...structEntries(elem, item as Obj, y[i] as Obj, depth + 2).map((text) => ({
            mark: 'raw' as const,
            text,
          })),
          { mark: ' ', text: `${ind}\t},` },
        ],
      }
    })
    for (const l of renderEntries(items, depth + 1, 'elements'))
      lines.push({ mark: 'raw', text: l })
    lines.push({ mark: ' ', text: `${ind}},` })
    return { lines, differs: true }
  }
  return {
    differs: true,
    lines: [
      { mark: '-', name, text: inline(x, t) + ',' },
      { mark: '+', name, text: inline(y, t) + ',' },
    ],
  }
}

/** Keeps two entries of context around changes and aligns runs of one-line fields. */
function renderEntries(entries: Entry[], depth: number, unit: 'fields' | 'elements'): string[] {
  const keep = entries.map((_, i) =>
    entries.slice(Math.max(0, i - 2), i + 3).some((e) => e.differs),
  )
  const out: string[] = []
  const ind = '\t'.repeat(depth)
  let run: { mark: string; name: string; text: string }[] = []
  const flushRun = (): void => {
    const width = Math.max(0, ...run.map((r) => r.name.length))
    for (const r of run) out.push(`${r.mark} ${ind}${(r.name + ':').padEnd(width + 1)} ${r.text}`)
    run = []
  }
  let skipped = 0
  const flushSkip = (): void => {
    if (skipped)
      out.push(`  ${ind}... // ${skipped} identical ${skipped === 1 ? unit.slice(0, -1) : unit}`)
    skipped = 0
  }
  entries.forEach((e, i) => {
    if (!keep[i]) {
      flushRun()
      skipped++
      return
    }
    flushSkip()
    for (const l of e.lines) {
      if (l.name !== undefined) run.push({ mark: l.mark, name: l.name, text: l.text })
      else {
        flushRun()
        out.push(l.mark === 'raw' ? l.text : `${l.mark} ${l.text}`)
      }
    }
  })
  flushRun()
  flushSkip()
  return out
}

/** The report for two pod specs, or undefined when they are equal. */
export function podSpecDiff(oldSpec: Obj, newSpec: Obj): string | undefined {
  if (same(oldSpec, newSpec)) return undefined
  const body = structEntries(POD_SPEC as Extract<GoType, { k: 'struct' }>, oldSpec, newSpec, 1)
  return ['  core.PodSpec{', ...body, '  }', ''].join('\n')
}
