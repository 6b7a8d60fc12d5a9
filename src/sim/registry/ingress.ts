import type { StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { dns1035Label, dns1123Subdomain } from '../api/names.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { isIPv4 } from '../network/ipam.ts'

type Spec = Record<string, any>

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix']

function validatePortName(v: string): string[] {
  if (v.length > 15) return ['must be no more than 15 characters']
  if (!/^[-a-z0-9]+$/.test(v))
    return ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']
  if (!/[a-z]/.test(v)) return ['must contain at least one letter (a-z)']
  return []
}

function validateBackend(b: Spec | undefined, path: string): StatusCause[] {
  const out: StatusCause[] = []
  const hasService = b?.service !== undefined
  const hasResource = b?.resource !== undefined
  if (hasService && hasResource)
    return [fieldErr.invalid(path, '', 'cannot set both resource and service backends')]
  if (hasResource) {
    if (!b!.resource.kind) out.push(fieldErr.required(`${path}.resource.kind`))
    if (!b!.resource.name) out.push(fieldErr.required(`${path}.resource.name`))
    return out
  }
  if (!hasService) return [fieldErr.invalid(path, '', 'resource or service backend is required')]
  const svc = b!.service
  if (!svc.name) out.push(fieldErr.required(`${path}.service.name`))
  else
    for (const m of dns1035Label(svc.name))
      out.push(fieldErr.invalid(`${path}.service.name`, svc.name, m))
  const name = svc.port?.name
  const number = svc.port?.number
  if (name && number)
    out.push(fieldErr.invalid(path, '', 'cannot set both port name & port number'))
  else if (name)
    for (const m of validatePortName(name))
      out.push(fieldErr.invalid(`${path}.service.port.name`, name, m))
  else if (number) {
    if (!(number >= 1 && number <= 65535))
      out.push(
        fieldErr.invalid(
          `${path}.service.port.number`,
          number,
          'must be between 1 and 65535, inclusive',
        ),
      )
  } else out.push(fieldErr.required(`${path}.service.port`, 'port name or number is required'))
  return out
}

function validateRule(rule: Spec, i: number): StatusCause[] {
  const path = `spec.rules[${i}]`
  const out: StatusCause[] = []
  const host: string | undefined = rule.host
  if (host) {
    if (isIPv4(host))
      out.push(fieldErr.invalid(`${path}.host`, host, 'must be a DNS name, not an IP address'))
    else {
      const name = host.startsWith('*.') ? host.slice(2) : host
      for (const m of dns1123Subdomain(name)) out.push(fieldErr.invalid(`${path}.host`, host, m))
    }
  }
  if (!rule.http) return out
  const paths: Spec[] = rule.http.paths ?? []
  if (paths.length === 0) out.push(fieldErr.required(`${path}.http.paths`))
  for (const [j, p] of paths.entries()) {
    const pp = `${path}.http.paths[${j}]`
    if (!p.pathType) {
      // Upstream stops checking a path that has no pathType.
      out.push(fieldErr.required(`${pp}.pathType`, 'pathType must be specified'))
      continue
    }
    if (!PATH_TYPES.includes(p.pathType))
      out.push(fieldErr.notSupported(`${pp}.pathType`, p.pathType, PATH_TYPES))
    else if (
      (p.pathType === 'Exact' || p.pathType === 'Prefix') &&
      !String(p.path ?? '').startsWith('/')
    )
      out.push(fieldErr.invalid(`${pp}.path`, p.path ?? '', 'must be an absolute path'))
    out.push(...validateBackend(p.backend, `${pp}.backend`))
  }
  return out
}

/**
 * Ingress (networking.k8s.io/v1). No ingress controller is installed in the simulated kubeadm
 * cluster, exactly as on a fresh kubeadm install: Ingress objects are stored and validated, but
 * nothing routes them and their ADDRESS stays empty.
 */
registerStrategy('ingresses.networking.k8s.io', {
  validate(obj) {
    const spec: Spec = obj.spec ?? {}
    const out: StatusCause[] = []
    if (!(spec.rules ?? []).length && !spec.defaultBackend)
      out.push({
        reason: 'FieldValueInvalid',
        field: 'spec',
        // field.Invalid prints the nil rules slice with Go's %#v.
        message:
          'Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
      })
    if (spec.defaultBackend)
      out.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'))
    ;(spec.rules ?? []).forEach((r: Spec, i: number) => out.push(...validateRule(r, i)))
    if (spec.ingressClassName)
      for (const m of dns1123Subdomain(spec.ingressClassName))
        out.push(fieldErr.invalid('spec.ingressClassName', spec.ingressClassName, m))
    ;(spec.tls ?? []).forEach((t: Spec, i: number) =>
      (t.hosts ?? []).forEach((h: string, j: number) => {
        for (const m of dns1123Subdomain(h.startsWith('*.') ? h.slice(2) : h))
          out.push(fieldErr.invalid(`spec.tls[${i}].hosts[${j}]`, h, m))
      }),
    )
    return out
  },
  prepareCreate(obj) {
    obj.status = { loadBalancer: {} }
  },
})
