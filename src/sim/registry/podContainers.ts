import type { StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { dns1123Label } from '../api/names.ts'
import { isQuantity, quantityValue, formatQuantity, parseQuantity } from './quantity.ts'

type Spec = Record<string, any>

const VOLUME_TYPES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
]
const PULL = ['Always', 'IfNotPresent', 'Never']
const PROTOCOLS = ['SCTP', 'TCP', 'UDP']
const MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive'
const PORT_RANGE = 'must be between 1 and 65535, inclusive'
const ENV_NAME_MSG =
  "a valid environment variable name must consist only of printable ASCII characters other than '='"

/** ValidateVolumes: returns the volume names for the mount checks. */
export function validateVolumes(list: unknown, path: string, errs: StatusCause[]): Set<string> {
  const names = new Set<string>()
  if (!Array.isArray(list)) return names
  list.forEach((v: Spec, i) => {
    const p = `${path}[${i}]`
    if (!v?.name) errs.push(fieldErr.required(`${p}.name`))
    else {
      for (const m of dns1123Label(v.name)) errs.push(fieldErr.invalid(`${p}.name`, v.name, m))
      if (names.has(v.name)) errs.push(fieldErr.duplicate(`${p}.name`, v.name))
      names.add(v.name)
    }
    const types = VOLUME_TYPES.filter((t) => v?.[t] !== undefined && v?.[t] !== null)
    if (types.length === 0) {
      errs.push(fieldErr.required(p, 'must specify a volume type'))
      return
    }
    if (types.length > 1)
      errs.push(fieldErr.forbidden(`${p}.${types[1]}`, 'may not specify more than 1 volume type'))
    const src = v[types[0]]
    const sp = `${p}.${types[0]}`
    switch (types[0]) {
      case 'configMap':
        if (!src.name) errs.push(fieldErr.required(`${sp}.name`))
        checkMode(src.defaultMode, `${sp}.defaultMode`, errs)
        checkItems(src.items, `${sp}.items`, errs)
        break
      case 'secret':
        if (!src.secretName) errs.push(fieldErr.required(`${sp}.secretName`))
        checkMode(src.defaultMode, `${sp}.defaultMode`, errs)
        checkItems(src.items, `${sp}.items`, errs)
        break
      case 'persistentVolumeClaim':
        if (!src.claimName) errs.push(fieldErr.required(`${sp}.claimName`))
        break
      case 'hostPath':
        if (!src.path) errs.push(fieldErr.required(`${sp}.path`))
        break
      case 'emptyDir':
        if (src.sizeLimit !== undefined && quantityValue(src.sizeLimit) < 0)
          errs.push(
            fieldErr.forbidden(
              `${sp}.sizeLimit`,
              'SizeLimit field must be a valid resource quantity',
            ),
          )
        break
    }
  })
  return names
}

function checkMode(mode: unknown, path: string, errs: StatusCause[]): void {
  if (mode === undefined) return
  if (typeof mode !== 'number' || mode < 0 || mode > 0o777)
    errs.push(fieldErr.invalid(path, mode, MODE_MSG))
}

function checkItems(items: unknown, path: string, errs: StatusCause[]): void {
  if (!Array.isArray(items)) return
  items.forEach((it: Spec, i) => {
    if (!it?.key) errs.push(fieldErr.required(`${path}[${i}].key`))
    if (!it?.path) errs.push(fieldErr.required(`${path}[${i}].path`))
    else if (String(it.path).startsWith('/'))
      errs.push(fieldErr.invalid(`${path}[${i}].path`, it.path, 'must be a relative path'))
    else if (String(it.path).split('/').includes('..'))
      errs.push(fieldErr.invalid(`${path}[${i}].path`, it.path, "must not contain '..'"))
    checkMode(it?.mode, `${path}[${i}].mode`, errs)
  })
}

/** IANA_SVC_NAME checks for named ports. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = []
  if (name.length > 15) errs.push('must be no more than 15 characters')
  if (!/^[-a-z0-9]+$/.test(name))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  if (name.includes('--')) errs.push('must not contain consecutive hyphens')
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)')
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen')
  return errs
}

function validPort(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535
}

/** Containers and init containers: names, images, ports, env, mounts, resources, probes. */
export function validateContainers(
  spec: Spec,
  path: string,
  volumes: Set<string>,
  errs: StatusCause[],
  forPod: boolean,
): void {
  const containers = spec.containers
  if (!Array.isArray(containers) || containers.length === 0) {
    errs.push(fieldErr.required(`${path}.containers`))
  }
  const seen = new Set<string>()
  const lists: [string, unknown][] = [
    ['containers', containers],
    ['initContainers', spec.initContainers],
  ]
  for (const [list, items] of lists) {
    if (!Array.isArray(items)) continue
    items.forEach((c: Spec, i) => {
      const p = `${path}.${list}[${i}]`
      if (!c || typeof c !== 'object') return
      if (!c.name) errs.push(fieldErr.required(`${p}.name`))
      else {
        for (const m of dns1123Label(c.name)) errs.push(fieldErr.invalid(`${p}.name`, c.name, m))
        if (seen.has(c.name)) errs.push(fieldErr.duplicate(`${p}.name`, c.name))
        seen.add(c.name)
      }
      if (forPod && !c.image) errs.push(fieldErr.required(`${p}.image`))
      if (forPod && c.image && String(c.image).trim() !== c.image)
        errs.push(
          fieldErr.invalid(`${p}.image`, c.image, 'must not have leading or trailing whitespace'),
        )
      if (c.imagePullPolicy !== undefined && !PULL.includes(c.imagePullPolicy))
        errs.push(fieldErr.notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, PULL))
      validatePorts(c.ports, `${p}.ports`, errs)
      validateEnv(c.env, `${p}.env`, errs)
      validateMounts(c.volumeMounts, `${p}.volumeMounts`, volumes, errs)
      validateResources(c.resources, `${p}.resources`, errs)
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
        validateProbe(c[probe], `${p}.${probe}`, probe !== 'readinessProbe', errs)
    })
  }
}

function validatePorts(ports: unknown, path: string, errs: StatusCause[]): void {
  if (!Array.isArray(ports)) return
  const names = new Set<string>()
  ports.forEach((port: Spec, i) => {
    const p = `${path}[${i}]`
    if (port.name) {
      for (const m of portNameErrors(port.name))
        errs.push(fieldErr.invalid(`${p}.name`, port.name, m))
      if (names.has(port.name)) errs.push(fieldErr.duplicate(`${p}.name`, port.name))
      names.add(port.name)
    }
    if (port.containerPort === undefined) errs.push(fieldErr.required(`${p}.containerPort`))
    else if (!validPort(port.containerPort))
      errs.push(fieldErr.invalid(`${p}.containerPort`, port.containerPort, PORT_RANGE))
    if (port.hostPort !== undefined && port.hostPort !== 0 && !validPort(port.hostPort))
      errs.push(fieldErr.invalid(`${p}.hostPort`, port.hostPort, PORT_RANGE))
    if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol))
      errs.push(fieldErr.notSupported(`${p}.protocol`, port.protocol, PROTOCOLS))
  })
}

function validateEnv(env: unknown, path: string, errs: StatusCause[]): void {
  if (!Array.isArray(env)) return
  env.forEach((e: Spec, i) => {
    const p = `${path}[${i}]`
    if (!e?.name) errs.push(fieldErr.required(`${p}.name`))
    else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(e.name))
      errs.push(fieldErr.invalid(`${p}.name`, e.name, ENV_NAME_MSG))
    const from = e?.valueFrom
    if (!from) return
    const kinds = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter(
      (k) => from[k] !== undefined,
    )
    if (e.value) {
      errs.push(
        fieldErr.invalid(`${p}.valueFrom`, '', 'may not be specified when `value` is not empty'),
      )
    }
    if (kinds.length === 0)
      errs.push(
        fieldErr.invalid(
          `${p}.valueFrom`,
          '',
          'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        ),
      )
    else if (kinds.length > 1)
      errs.push(
        fieldErr.invalid(
          `${p}.valueFrom`,
          '',
          'may not have more than one field specified at a time',
        ),
      )
    for (const k of ['configMapKeyRef', 'secretKeyRef']) {
      if (!from[k]) continue
      if (!from[k].name) errs.push(fieldErr.required(`${p}.valueFrom.${k}.name`))
      if (!from[k].key) errs.push(fieldErr.required(`${p}.valueFrom.${k}.key`))
    }
    if (from.fieldRef && !from.fieldRef.fieldPath)
      errs.push(fieldErr.required(`${p}.valueFrom.fieldRef.fieldPath`))
    if (from.resourceFieldRef && !from.resourceFieldRef.resource)
      errs.push(fieldErr.required(`${p}.valueFrom.resourceFieldRef.resource`))
  })
}

function validateMounts(
  mounts: unknown,
  path: string,
  volumes: Set<string>,
  errs: StatusCause[],
): void {
  if (!Array.isArray(mounts)) return
  const paths = new Set<string>()
  mounts.forEach((m: Spec, i) => {
    const p = `${path}[${i}]`
    if (!m?.name) errs.push(fieldErr.required(`${p}.name`))
    else if (!volumes.has(m.name))
      errs.push({
        reason: 'FieldValueNotFound',
        field: `${p}.name`,
        message: `Not found: ${JSON.stringify(m.name)}`,
      })
    if (!m?.mountPath) errs.push(fieldErr.required(`${p}.mountPath`))
    else {
      if (paths.has(m.mountPath))
        errs.push(fieldErr.invalid(`${p}.mountPath`, m.mountPath, 'must be unique'))
      paths.add(m.mountPath)
    }
    if (m?.subPath && String(m.subPath).startsWith('/'))
      errs.push(fieldErr.invalid(`${p}.subPath`, m.subPath, 'must be a relative path'))
  })
}

function validateResources(res: unknown, path: string, errs: StatusCause[]): void {
  if (!res || typeof res !== 'object') return
  const r = res as Spec
  for (const kind of ['limits', 'requests']) {
    for (const [name, q] of Object.entries(r[kind] ?? {})) {
      if (isQuantity(q) && quantityValue(q) < 0)
        errs.push(
          fieldErr.invalid(`${path}.${kind}[${name}]`, q, 'must be greater than or equal to 0'),
        )
    }
  }
  for (const [name, q] of Object.entries(r.requests ?? {})) {
    const lim = r.limits?.[name]
    if (lim === undefined || !isQuantity(q) || !isQuantity(lim)) continue
    if (quantityValue(q) > quantityValue(lim)) {
      const shown = formatQuantity(quantityValue(q), parseQuantity(q as string).format)
      const limShown = formatQuantity(quantityValue(lim), parseQuantity(lim as string).format)
      errs.push(
        fieldErr.invalid(
          `${path}.requests[${name}]`,
          shown,
          `must be less than or equal to ${name} limit of ${limShown}`,
        ),
      )
    }
  }
}

function validateProbe(
  probe: unknown,
  path: string,
  successMustBeOne: boolean,
  errs: StatusCause[],
): void {
  if (!probe || typeof probe !== 'object') return
  const p = probe as Spec
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => p[h] !== undefined)
  if (handlers.length === 0) errs.push(fieldErr.required(path, 'must specify a handler type'))
  else if (handlers.length > 1)
    errs.push(
      fieldErr.forbidden(`${path}.${handlers[1]}`, 'may not specify more than 1 handler type'),
    )
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    if (typeof p[f] === 'number' && p[f] < 0)
      errs.push(fieldErr.invalid(`${path}.${f}`, p[f], 'must be greater than or equal to 0'))
  }
  if (successMustBeOne && p.successThreshold !== undefined && p.successThreshold !== 1)
    errs.push(fieldErr.invalid(`${path}.successThreshold`, p.successThreshold, 'must be 1'))
  for (const h of ['httpGet', 'tcpSocket']) {
    const port = p[h]?.port
    if (p[h] === undefined) continue
    if (port === undefined) errs.push(fieldErr.required(`${path}.${h}.port`))
    else if (typeof port === 'number' && !validPort(port))
      errs.push(fieldErr.invalid(`${path}.${h}.port`, port, PORT_RANGE))
    else if (typeof port === 'string')
      for (const m of portNameErrors(port))
        errs.push(fieldErr.invalid(`${path}.${h}.port`, port, m))
  }
  if (p.grpc !== undefined && !validPort(p.grpc.port))
    errs.push(fieldErr.invalid(`${path}.grpc.port`, p.grpc.port ?? 0, PORT_RANGE))
  if (p.exec !== undefined && (!Array.isArray(p.exec.command) || p.exec.command.length === 0))
    errs.push(fieldErr.required(`${path}.exec.command`))
}

/** First malformed quantity in a pod spec's resources, for the decode error the API server returns. */
export function findBadQuantity(spec: Spec | undefined): string | undefined {
  for (const list of ['containers', 'initContainers']) {
    for (const c of spec?.[list] ?? []) {
      for (const kind of ['limits', 'requests']) {
        for (const q of Object.values(c?.resources?.[kind] ?? {}))
          if (!isQuantity(q)) return String(q)
      }
    }
  }
  return undefined
}
