/**
 * What `kubectl describe csr` reads from spec.request: the PKCS#10 request's subject and its
 * subject alternative names, decoded as Go's x509.ParseCertificateRequest and pkix.Name do.
 * Only the DER structure is read; the signature is not checked (describe does not check it either).
 */

export interface CsrSubject {
  commonName: string
  serialNumber: string
  organization: string[]
  organizationalUnit: string[]
  country: string[]
  locality: string[]
  province: string[]
  streetAddress: string[]
  postalCode: string[]
}

export interface ParsedCsr {
  subject: CsrSubject
  dnsNames: string[]
  emailAddresses: string[]
  uris: string[]
  ipAddresses: string[]
}

interface Tlv {
  tag: number
  body: Uint8Array
  /** Offset just past this element in the input. */
  end: number
}

class DerError extends Error {}

function readTlv(b: Uint8Array, at: number): Tlv {
  if (at + 2 > b.length) throw new DerError('asn1: syntax error: data truncated')
  const tag = b[at]
  let len = b[at + 1]
  let off = at + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4) throw new DerError('asn1: structure error: length too large')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + b[off + i]
    off += n
  }
  if (off + len > b.length) throw new DerError('asn1: syntax error: data truncated')
  return { tag, body: b.subarray(off, off + len), end: off + len }
}

function children(body: Uint8Array): Tlv[] {
  const out: Tlv[] = []
  for (let at = 0; at < body.length;) {
    const t = readTlv(body, at)
    out.push(t)
    at = t.end
  }
  return out
}

function oid(body: Uint8Array): string {
  const parts = [Math.floor(body[0] / 40), body[0] % 40]
  let v = 0
  for (let i = 1; i < body.length; i++) {
    v = v * 128 + (body[i] & 0x7f)
    if (!(body[i] & 0x80)) {
      parts.push(v)
      v = 0
    }
  }
  return parts.join('.')
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b)

/** The `-----BEGIN CERTIFICATE REQUEST-----` block of the PEM text, as DER bytes. */
export function csrDer(pem: Uint8Array): Uint8Array | undefined {
  const m = text(pem).match(
    /-----BEGIN CERTIFICATE REQUEST-----\r?\n([\s\S]*?)-----END CERTIFICATE REQUEST-----/,
  )
  if (!m) return undefined
  const bin = atob(m[1].replace(/\s+/g, ''))
  return Uint8Array.from(bin, (c) => c.charCodeAt(0))
}

const NAME_FIELDS: Record<string, keyof CsrSubject> = {
  '2.5.4.3': 'commonName',
  '2.5.4.5': 'serialNumber',
  '2.5.4.10': 'organization',
  '2.5.4.11': 'organizationalUnit',
  '2.5.4.6': 'country',
  '2.5.4.7': 'locality',
  '2.5.4.8': 'province',
  '2.5.4.9': 'streetAddress',
  '2.5.4.17': 'postalCode',
}

function subjectOf(name: Tlv): CsrSubject {
  const s: CsrSubject = {
    commonName: '',
    serialNumber: '',
    organization: [],
    organizationalUnit: [],
    country: [],
    locality: [],
    province: [],
    streetAddress: [],
    postalCode: [],
  }
  for (const rdn of children(name.body))
    for (const atv of children(rdn.body)) {
      const [type, value] = children(atv.body)
      const field = NAME_FIELDS[oid(type.body)]
      if (!field) continue
      const v = text(value.body)
      // FillFromRDNSequence: single-valued fields keep the last value, lists gather them all.
      const cur = s[field]
      if (Array.isArray(cur)) cur.push(v)
      else (s[field] as string) = v
    }
  return s
}

function ipString(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.')
  if (b.length !== 16) return '?' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push(b[i] * 256 + b[i + 1])
  // Go's net.IP.String: the longest run of two or more zero groups becomes "::".
  let best = -1
  let bestLen = 1
  for (let i = 0; i < 8;) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen) {
      best = i
      bestLen = j - i
    }
    i = j === i ? i + 1 : j
  }
  const hex = groups.map((g) => g.toString(16))
  if (best < 0) return hex.join(':')
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`
}

/** Parses the request; throws with a message when its DER cannot be read. */
export function parseCsr(pem: Uint8Array): ParsedCsr {
  const der = csrDer(pem)
  if (!der) throw new DerError('PEM block type must be CERTIFICATE REQUEST')
  const [info] = children(readTlv(der, 0).body)
  const parts = children(info.body)
  // version, subject, subjectPKInfo, [0] attributes
  const out: ParsedCsr = {
    subject: subjectOf(parts[1]),
    dnsNames: [],
    emailAddresses: [],
    uris: [],
    ipAddresses: [],
  }
  const attrs = parts.find((p) => p.tag === 0xa0)
  for (const attr of attrs ? children(attrs.body) : []) {
    const [type, values] = children(attr.body)
    if (oid(type.body) !== '1.2.840.113549.1.9.14') continue
    for (const exts of children(values.body))
      for (const ext of children(exts.body)) {
        const fields = children(ext.body)
        if (oid(fields[0].body) !== '2.5.29.17') continue
        const value = fields[fields.length - 1]
        for (const gn of children(readTlv(value.body, 0).body)) {
          if (gn.tag === 0x82) out.dnsNames.push(text(gn.body))
          else if (gn.tag === 0x81) out.emailAddresses.push(text(gn.body))
          else if (gn.tag === 0x86) out.uris.push(text(gn.body))
          else if (gn.tag === 0x87) out.ipAddresses.push(ipString(gn.body))
        }
      }
  }
  return out
}
