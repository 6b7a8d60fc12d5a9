import type { KObject } from '../../sim/api/types.ts'
import {
  describeEvents,
  printAnnotationsMultiline,
  printLabelsMultiline,
  searchEvents,
  type DescribeContext,
} from './common.ts'
import { tabbed } from './writer.ts'

// Go ranges over the data maps in random order; sorted keys keep our output stable.
const keys = (m: unknown) => Object.keys((m as object) ?? {}).sort()

export function describeConfigMap(cm: KObject, ctx: DescribeContext): string {
  const ev = ctx.showEvents === false ? undefined : searchEvents(cm, ctx)
  return tabbed((w) => {
    w.write(0, `Name:\t${cm.metadata.name}\n`)
    w.write(0, `Namespace:\t${cm.metadata.namespace}\n`)
    printLabelsMultiline(w, 'Labels', cm.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations)
    w.write(0, '\nData\n====\n')
    for (const k of keys(cm.data)) {
      w.write(0, `${k}:\n----\n`)
      w.write(0, `${cm.data[k]}\n`)
      w.write(0, '\n')
    }
    w.write(0, '\nBinaryData\n====\n')
    for (const k of keys(cm.binaryData))
      w.write(0, `${k}: ${atob(cm.binaryData[k]).length} bytes\n`)
    w.write(0, '\n')
    describeEvents(ev, w, ctx.now)
  })
}

function decodeBase64(v: unknown): string {
  try {
    return atob(String(v))
  } catch {
    return String(v)
  }
}

export function describeSecret(s: KObject): string {
  return tabbed((w) => {
    w.write(0, `Name:\t${s.metadata.name}\n`)
    w.write(0, `Namespace:\t${s.metadata.namespace}\n`)
    printLabelsMultiline(w, 'Labels', s.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', s.metadata.annotations)
    w.write(0, `\nType:\t${s.type ?? ''}\n`)
    w.write(0, '\nData\n====\n')
    for (const k of keys(s.data)) {
      const raw = decodeBase64(s.data[k])
      if (k === 'token' && s.type === 'kubernetes.io/service-account-token')
        w.write(
          0,
          `${k}:\t${new TextDecoder().decode(Uint8Array.from(raw, (c) => c.charCodeAt(0)))}\n`,
        )
      else w.write(0, `${k}:\t${raw.length} bytes\n`)
    }
  })
}

export function describeServiceAccount(sa: KObject, ctx: DescribeContext): string {
  const secrets = ctx.api.list('secrets', { namespace: sa.metadata.namespace }).items
  const existing = new Set(secrets.map((s) => s.metadata.name))
  const tokens = secrets
    .filter(
      (s) =>
        s.type === 'kubernetes.io/service-account-token' &&
        s.metadata.annotations?.['kubernetes.io/service-account.name'] === sa.metadata.name &&
        s.metadata.annotations?.['kubernetes.io/service-account.uid'] === sa.metadata.uid,
    )
    .map((s) => s.metadata.name ?? '')
  const ev = ctx.showEvents === false ? undefined : searchEvents(sa, ctx)
  const groups: [string, string[]][] = [
    ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: any) => s.name)],
    ['Mountable secrets: ', (sa.secrets ?? []).map((s: any) => s.name)],
    ['Tokens:            ', tokens],
  ]
  return tabbed((w) => {
    w.write(0, `Name:\t${sa.metadata.name}\n`)
    w.write(0, `Namespace:\t${sa.metadata.namespace}\n`)
    printLabelsMultiline(w, 'Labels', sa.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations)
    for (const [header, names] of groups) {
      if (names.length === 0) {
        w.write(0, `${header}\t<none>\n`)
        continue
      }
      let prefix = header
      for (const n of names) {
        const missing = !header.startsWith('Tokens') && !existing.has(n)
        w.write(0, `${prefix}\t${n}${missing ? ' (not found)' : ''}\n`)
        prefix = '                   '
      }
    }
    describeEvents(ev, w, ctx.now)
  })
}
