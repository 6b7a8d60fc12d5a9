import type { KObject } from '../../sim/api/types.ts'
import { since } from '../printers/age.ts'
import { canonicalQuantity, parseQuantity } from '../printers/quantity.ts'
import {
  controllerRef,
  describeEvents,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerations,
  rfc1123z,
  searchEvents,
  stringOrNone,
  formatLabelSelector,
  type DescribeContext,
} from './common.ts'
import { tabbed, type PrefixWriter } from './writer.ts'

function qosClass(pod: KObject): string {
  if (pod.status?.qosClass) return pod.status.qosClass
  const cs: any[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]
  const has = (m: any) => m && (m.cpu !== undefined || m.memory !== undefined)
  if (!cs.some((c) => has(c.resources?.requests) || has(c.resources?.limits))) return 'BestEffort'
  const guaranteed = cs.every((c) => {
    const l = c.resources?.limits ?? {}
    const r = c.resources?.requests ?? {}
    if (l.cpu === undefined || l.memory === undefined) return false
    return ['cpu', 'memory'].every(
      (k) => r[k] === undefined || canonicalQuantity(r[k]) === canonicalQuantity(l[k]),
    )
  })
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

function portString(ports: any[] | undefined, key: 'containerPort' | 'hostPort'): string {
  return (ports ?? []).map((p) => `${p[key] ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')
}

function intOrString(v: unknown): string {
  return v === undefined || v === null ? '' : String(v)
}

/** DescribeProbe: `http-get http://:80/healthz delay=3s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`
  if (p.httpGet) {
    const port = intOrString(p.httpGet.port)
    const host = p.httpGet.host ?? ''
    const hostPort = port ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host
    return `http-get ${String(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${hostPort}${p.httpGet.path ?? ''} ${attrs}`
  }
  if (p.tcpSocket)
    return `tcp-socket ${p.tcpSocket.host ?? ''}:${intOrString(p.tcpSocket.port)} ${attrs}`
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`
  return `unknown ${attrs}`
}

export function describeResources(res: any, w: PrefixWriter, level: number): void {
  if (!res) return
  for (const [title, m] of [
    ['Limits', res.limits],
    ['Requests', res.requests],
  ] as const) {
    const keys = Object.keys(m ?? {}).sort()
    if (keys.length > 0) w.write(level, `${title}:\n`)
    for (const k of keys) w.write(level + 1, `${k}:\t${canonicalQuantity(m[k])}\n`)
  }
}

function describeState(name: string, state: any, w: PrefixWriter): void {
  if (state?.running) {
    w.write(2, `${name}:\tRunning\n`)
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`)
  } else if (state?.waiting) {
    w.write(2, `${name}:\tWaiting\n`)
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`)
  } else if (state?.terminated) {
    const t = state.terminated
    w.write(2, `${name}:\tTerminated\n`)
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`)
    if (t.message) w.write(3, `Message:\t${t.message}\n`)
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`)
    if (t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`)
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`)
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`)
  } else w.write(2, `${name}:\tWaiting\n`)
}

function fieldRefValue(pod: KObject | undefined, path: string): string {
  if (!pod) return ''
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path)
  if (m) return (pod.metadata as any)[m[1]]?.[m[2]] ?? ''
  let cur: any = pod
  for (const p of path.split('.')) cur = cur?.[p]
  return typeof cur === 'string' ? cur : cur === undefined ? '' : String(cur)
}

/** ExtractContainerResourceValue: cpu rounds up to whole divisors, memory and storage are bytes. */
function resourceFieldValue(c: any, resource: string, divisor: unknown): string {
  const [kind, name] = resource.split('.')
  const q = parseQuantity(c.resources?.[kind]?.[name] ?? '0')
  const d = parseQuantity(divisor ?? '1')
  if (d.milli === 0n) return '0'
  if (name === 'cpu') return String((q.milli + d.milli - 1n) / d.milli)
  return String(q.milli / d.milli)
}

function describeEnv(c: any, pod: KObject | undefined, w: PrefixWriter): void {
  if ((c.envFrom ?? []).length > 0) {
    w.write(2, 'Environment Variables from:\n')
    for (const e of c.envFrom) {
      const ref = e.configMapRef ?? e.secretRef ?? {}
      const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : ''
      const optional = ref.optional === true
      if (e.prefix)
        w.write(3, `${ref.name ?? ''}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`)
      else w.write(3, `${ref.name ?? ''}\t${from}\tOptional: ${optional}\n`)
    }
  }
  const env: any[] = c.env ?? []
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`)
  for (const e of env) {
    if (!e.valueFrom) {
      String(e.value ?? '')
        .split('\n')
        .forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`))
      continue
    }
    const vf = e.valueFrom
    if (vf.fieldRef)
      w.write(
        3,
        `${e.name}:\t${fieldRefValue(pod, vf.fieldRef.fieldPath)} (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})\n`,
      )
    else if (vf.resourceFieldRef) {
      const r: string = vf.resourceFieldRef.resource
      let v = resourceFieldValue(c, r, vf.resourceFieldRef.divisor)
      if (v === '0' && (r === 'limits.cpu' || r === 'limits.memory')) v = 'node allocatable'
      w.write(3, `${e.name}:\t${v} (${r})\n`)
    } else if (vf.secretKeyRef)
      w.write(
        3,
        `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${vf.secretKeyRef.optional === true}\n`,
      )
    else if (vf.configMapKeyRef)
      w.write(
        3,
        `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${vf.configMapKeyRef.optional === true}\n`,
      )
  }
}

/** describeContainers: `Containers:` (or Init Containers) with one block per container. */
export function describeContainers(
  label: string,
  containers: any[] | undefined,
  statuses: any[] | undefined,
  pod: KObject | undefined,
  w: PrefixWriter,
  space = '',
): void {
  const cs = containers ?? []
  const byName = new Map((statuses ?? []).map((s: any) => [s.name, s]))
  w.write(0, `${space}${label}:${cs.length === 0 ? ' <none>' : ''}\n`)
  for (const c of cs) {
    const st = byName.get(c.name)
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`)
    if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`)
    w.write(2, `Image:\t${c.image ?? ''}\n`)
    if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`)
    const ports = portString(c.ports, 'containerPort')
    w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${stringOrNone(ports)}\n`)
    const hostPorts = portString(c.ports, 'hostPort')
    w.write(
      2,
      hostPorts.includes(',')
        ? `Host Ports:\t${hostPorts}\n`
        : `Host Port:\t${stringOrNone(hostPorts)}\n`,
    )
    for (const [title, list] of [
      ['Command', c.command],
      ['Args', c.args],
    ] as const) {
      if ((list ?? []).length === 0) continue
      w.write(2, `${title}:\n`)
      for (const a of list) for (const s of String(a).split('\n')) w.write(3, `${s}\n`)
    }
    if (st) {
      describeState('State', st.state, w)
      if (st.lastState?.terminated) describeState('Last State', st.lastState, w)
      w.write(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`)
      w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`)
    }
    describeResources(c.resources, w, 2)
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`)
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`)
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`)
    describeEnv(c, pod, w)
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) =>
      a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
    )
    w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`)
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw']
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`)
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`)
    }
  }
}

const optionalPtr = (v: unknown) => (v === undefined || v === null ? '<nil>' : String(v))

export function describeVolumes(volumes: any[] | undefined, w: PrefixWriter, space = ''): void {
  const vs = volumes ?? []
  if (vs.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`)
    return
  }
  w.write(0, `${space}Volumes:\n`)
  for (const v of vs) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`)
    if (v.hostPath)
      w.write(
        2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`,
      )
    else if (v.emptyDir) {
      const size =
        v.emptyDir.sizeLimit && canonicalQuantity(v.emptyDir.sizeLimit) !== '0'
          ? canonicalQuantity(v.emptyDir.sizeLimit)
          : '<unset>'
      w.write(
        2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${size}\n`,
      )
    } else if (v.secret)
      w.write(
        2,
        `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${v.secret.optional === true}\n`,
      )
    else if (v.configMap)
      w.write(
        2,
        `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${v.configMap.optional === true}\n`,
      )
    else if (v.persistentVolumeClaim)
      w.write(
        2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
      )
    else if (v.downwardAPI) {
      w.write(
        2,
        'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n',
      )
      for (const it of v.downwardAPI.items ?? []) {
        if (it.fieldRef) w.write(3, `${it.fieldRef.fieldPath} -> ${it.path}\n`)
        if (it.resourceFieldRef) w.write(3, `${it.resourceFieldRef.resource} -> ${it.path}\n`)
      }
    } else if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n')
      for (const s of v.projected.sources ?? []) {
        if (s.secret)
          w.write(
            2,
            `SecretName:\t${s.secret.name}\n    SecretOptionalName:\t${optionalPtr(s.secret.optional)}\n`,
          )
        else if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n')
        else if (s.configMap)
          w.write(
            2,
            `ConfigMapName:\t${s.configMap.name}\n    ConfigMapOptional:\t${optionalPtr(s.configMap.optional)}\n`,
          )
        else if (s.serviceAccountToken)
          w.write(
            2,
            `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`,
          )
      }
    } else w.write(1, '<unknown>\n')
  }
}

/** DescribePodTemplate: the `Pod Template:` block of workload describers. */
export function describePodTemplate(template: any, w: PrefixWriter): void {
  w.write(0, 'Pod Template:\n')
  if (!template) {
    w.write(1, '<unset>')
    return
  }
  printLabelsMultiline(w, '  Labels', template.metadata?.labels)
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0)
    printAnnotationsMultiline(w, '  Annotations', template.metadata.annotations)
  const spec = template.spec ?? {}
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`)
  if ((spec.initContainers ?? []).length > 0)
    describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ')
  describeContainers('Containers', spec.containers, undefined, undefined, w, '  ')
  describeVolumes(spec.volumes, w, '  ')
  describeTopologySpread(spec.topologySpreadConstraints, w, '  ')
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`)
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector)
  printTolerations(w, '  Tolerations', spec.tolerations)
}

function describeTopologySpread(list: any[] | undefined, w: PrefixWriter, space: string): void {
  const tscs = [...(list ?? [])].sort((a, b) =>
    a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0,
  )
  if (tscs.length === 0) return
  w.write(0, `${space}Topology Spread Constraints:\t`)
  tscs.forEach((t, i) => {
    if (i !== 0) w.write(0, `${space}\t`)
    let s = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`
    if (t.labelSelector) s += ` for selector ${formatLabelSelector(t.labelSelector)}`
    w.write(0, s + '\n')
  })
}

export function describePod(pod: KObject, ctx: DescribeContext): string {
  const events = ctx.showEvents === false ? undefined : searchEvents(pod, ctx, { anyKind: true })
  const spec = pod.spec ?? {}
  const status = pod.status ?? {}
  return tabbed((w) => {
    w.write(0, `Name:\t${pod.metadata.name}\n`)
    w.write(0, `Namespace:\t${pod.metadata.namespace}\n`)
    if (spec.priority !== undefined && spec.priority !== null)
      w.write(0, `Priority:\t${spec.priority}\n`)
    if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`)
    if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`)
    if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`)
    w.write(
      0,
      spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n',
    )
    if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`)
    printLabelsMultiline(w, 'Labels', pod.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations)
    if (
      pod.metadata.deletionTimestamp &&
      status.phase !== 'Failed' &&
      status.phase !== 'Succeeded'
    ) {
      w.write(0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, ctx.now)})\n`)
      w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`)
    } else w.write(0, `Status:\t${status.phase ?? ''}\n`)
    if (status.reason) w.write(0, `Reason:\t${status.reason}\n`)
    if (status.message) w.write(0, `Message:\t${status.message}\n`)
    if (spec.securityContext?.seccompProfile)
      w.write(0, `SeccompProfile:\t${spec.securityContext.seccompProfile.type}\n`)
    w.write(0, `IP:\t${status.podIP ?? ''}\n`)
    const ips: any[] = status.podIPs ?? []
    if (ips.length === 0) w.write(0, 'IPs:\t<none>\n')
    else {
      w.write(0, 'IPs:\n')
      for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`)
    }
    const ctl = controllerRef(pod)
    if (ctl) w.write(0, `Controlled By:\t${ctl}\n`)
    if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`)
    if ((spec.initContainers ?? []).length > 0)
      describeContainers(
        'Init Containers',
        spec.initContainers,
        status.initContainerStatuses,
        pod,
        w,
      )
    describeContainers('Containers', spec.containers, status.containerStatuses, pod, w)
    if ((spec.readinessGates ?? []).length > 0) {
      w.write(0, 'Readiness Gates:\n  Type\tStatus\n')
      for (const g of spec.readinessGates) {
        const c = (status.conditions ?? []).find((x: any) => x.type === g.conditionType)
        w.write(1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`)
      }
    }
    if ((status.conditions ?? []).length > 0) {
      w.write(0, 'Conditions:\n  Type\tStatus\n')
      for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`)
    }
    describeVolumes(spec.volumes, w)
    w.write(0, `QoS Class:\t${qosClass(pod)}\n`)
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector)
    printTolerations(w, 'Tolerations', spec.tolerations)
    describeTopologySpread(spec.topologySpreadConstraints, w, '')
    describeEvents(events, w, ctx.now)
  })
}
