/**
 * The diff ValidatePodUpdate appends to its Forbidden message: go-cmp's report of the internal
 * core.PodSpec. go-cmp itself randomises spaces and non-breaking spaces so nobody parses it; we
 * keep its shape (Go field names and order, `... // N identical fields`, -/+ lines) in plain spaces.
 */

type Json = unknown

/** Field order of core.PodSpec and core.Container, as the Go structs declare them. */
const ORDER: Record<string, string[]> = {
  'core.PodSpec': [
    'volumes',
    'initContainers',
    'containers',
    'ephemeralContainers',
    'restartPolicy',
    'terminationGracePeriodSeconds',
    'activeDeadlineSeconds',
    'dnsPolicy',
    'nodeSelector',
    'serviceAccountName',
    'automountServiceAccountToken',
    'nodeName',
    'securityContext',
    'imagePullSecrets',
    'hostname',
    'subdomain',
    'setHostnameAsFQDN',
    'affinity',
    'schedulerName',
    'tolerations',
    'hostAliases',
    'priorityClassName',
    'priority',
    'preemptionPolicy',
    'dnsConfig',
    'readinessGates',
    'runtimeClassName',
    'overhead',
    'enableServiceLinks',
    'topologySpreadConstraints',
    'os',
    'schedulingGates',
    'resourceClaims',
    'resources',
    'hostUsers',
  ],
  'core.Container': [
    'name',
    'image',
    'command',
    'args',
    'workingDir',
    'ports',
    'envFrom',
    'env',
    'resources',
    'resizePolicy',
    'restartPolicy',
    'volumeMounts',
    'volumeDevices',
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
    'lifecycle',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'imagePullPolicy',
    'securityContext',
    'stdin',
    'stdinOnce',
    'tty',
  ],
}

const GO_NAMES: Record<string, string> = {
  dnsPolicy: 'DNSPolicy',
  dnsConfig: 'DNSConfig',
  tty: 'TTY',
  os: 'OS',
  setHostnameAsFQDN: 'SetHostnameAsFQDN',
  hostIP: 'HostIP',
  podIP: 'PodIP',
}

function goName(k: string): string {
  return GO_NAMES[k] ?? k[0].toUpperCase() + k.slice(1)
}

/** How go-cmp prints a leaf or a collapsed value (%#v-like, abbreviated). */
function goValue(v: Json): string {
  if (v === undefined || v === null) return 'nil'
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return `{${v.map(goValue).join(', ')}}`
  const entries = Object.entries(v as Record<string, Json>)
  return `{${entries.map(([k, x]) => `${goName(k)}: ${goValue(x)}`).join(', ')}}`
}

function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, Json>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`
  }
  return JSON.stringify(v)
}

function same(a: Json, b: Json): boolean {
  return canonical(a) === canonical(b)
}

function keysOf(type: string, a: Record<string, Json>, b: Record<string, Json>): string[] {
  const order = ORDER[type]
  const all = new Set([...Object.keys(a), ...Object.keys(b)])
  if (!order) return [...all].sort()
  return [...order, ...[...all].filter((k) => !order.includes(k)).sort()]
}

function typeOfField(parent: string, key: string): string {
  if (parent === 'core.PodSpec' && ['containers', 'initContainers'].includes(key))
    return 'core.Container'
  return ''
}

function structLines(
  type: string,
  a: Record<string, Json>,
  b: Record<string, Json>,
  depth: number,
): string[] {
  const out: string[] = []
  const ind = '\t'.repeat(depth)
  let identical = 0
  const flush = (): void => {
    if (identical > 0)
      out.push(`  ${ind}... // ${identical} identical field${identical > 1 ? 's' : ''}`)
    identical = 0
  }
  for (const k of keysOf(type, a, b)) {
    const x = a[k]
    const y = b[k]
    if (same(x, y)) {
      identical++
      continue
    }
    flush()
    const childType = typeOfField(type, k)
    if (childType && Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      out.push(`  ${ind}${goName(k)}: []${childType}{`)
      x.forEach((item, i) => {
        if (same(item, y[i])) {
          out.push(`  ${ind}\t{...},`)
          return
        }
        out.push(`  ${ind}\t{`)
        out.push(...structLines(childType, item as never, y[i] as never, depth + 2))
        out.push(`  ${ind}\t},`)
      })
      out.push(`  ${ind}},`)
      continue
    }
    if (x !== undefined) out.push(`- ${ind}${goName(k)}: ${goValue(x)},`)
    if (y !== undefined) out.push(`+ ${ind}${goName(k)}: ${goValue(y)},`)
    if (x === undefined && y === undefined) identical++
  }
  flush()
  return out
}

/** The report for two pod specs, or undefined when they are equal. */
export function podSpecDiff(
  oldSpec: Record<string, Json>,
  newSpec: Record<string, Json>,
): string | undefined {
  if (same(oldSpec, newSpec)) return undefined
  return ['  core.PodSpec{', ...structLines('core.PodSpec', oldSpec, newSpec, 1), '  }', ''].join(
    '\n',
  )
}
