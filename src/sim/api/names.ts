/** Name and label syntax checks with apimachinery's exact messages. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/

export function dns1123Label(v: string): string[] {
  const errs: string[] = []
  if (v.length > 63) errs.push('must be no more than 63 characters')
  if (!DNS1123_LABEL.test(v)) {
    errs.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    )
  }
  return errs
}

export function dns1123Subdomain(v: string): string[] {
  const errs: string[] = []
  if (v.length > 253) errs.push('must be no more than 253 characters')
  if (!DNS1123_SUBDOMAIN.test(v)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    )
  }
  return errs
}

export function dns1035Label(v: string): string[] {
  const errs: string[] = []
  if (v.length > 63) errs.push('must be no more than 63 characters')
  if (!DNS1035_LABEL.test(v)) {
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    )
  }
  return errs
}

export function labelValue(v: string): string[] {
  const errs: string[] = []
  if (v.length > 63) errs.push('must be no more than 63 characters')
  if (!LABEL_VALUE.test(v)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    )
  }
  return errs
}

/** Label and annotation keys: an optional DNS subdomain prefix and a name part. */
export function qualifiedName(v: string): string[] {
  const parts = v.split('/')
  let name = v
  const errs: string[] = []
  if (parts.length === 2) {
    const [prefix, n] = parts
    name = n
    if (prefix.length === 0) errs.push('prefix part must be non-empty')
    else for (const e of dns1123Subdomain(prefix)) errs.push('prefix part ' + e)
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]
  }
  if (name.length === 0) errs.push('name part must be non-empty')
  else if (name.length > 63) errs.push('name part must be no more than 63 characters')
  if (name.length > 0 && !QUALIFIED_NAME_PART.test(name)) {
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    )
  }
  return errs
}

/** Which name rule a resource uses for metadata.name (ValidateObjectMeta's nameFn). */
/** path.ValidatePathSegmentName: RBAC objects may be named `system:kube-dns-autoscaler`. */
export function pathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`]
  const errs: string[] = []
  for (const bad of ['/', '%']) if (v.includes(bad)) errs.push(`may not contain '${bad}'`)
  return errs
}

export function nameRuleFor(resourceId: string): (v: string) => string[] {
  switch (resourceId) {
    case 'namespaces':
      return dns1123Label
    case 'services':
      return dns1035Label
    case 'roles.rbac.authorization.k8s.io':
    case 'clusterroles.rbac.authorization.k8s.io':
    case 'rolebindings.rbac.authorization.k8s.io':
    case 'clusterrolebindings.rbac.authorization.k8s.io':
    case 'certificatesigningrequests.certificates.k8s.io':
      return pathSegmentName
    default:
      return dns1123Subdomain
  }
}
