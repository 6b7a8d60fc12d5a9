import type { KObject } from '../../../sim/api/types.ts'
import { since } from '../age.ts'
import { canonicalQuantity } from '../quantity.ts'
import type { KindTable, RowContext } from './types.ts'

const age = (o: KObject, ctx: RowContext) => since(o.metadata.creationTimestamp, ctx.now)
const count = (m: unknown) => Object.keys((m as object) ?? {}).length

export const configMapTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Data' }, { name: 'Age' }],
  row: (o, ctx) => [o.metadata.name ?? '', count(o.data) + count(o.binaryData), age(o, ctx)],
}

export const secretTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Type' }, { name: 'Data' }, { name: 'Age' }],
  row: (o, ctx) => [o.metadata.name ?? '', o.type ?? '', count(o.data), age(o, ctx)],
}

export const serviceAccountTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Secrets' }, { name: 'Age' }],
  row: (o, ctx) => [o.metadata.name ?? '', (o.secrets ?? []).length, age(o, ctx)],
}

/** printResourceQuota: `used/hard` per resource, `limits.*` in the LIMIT column. */
export const resourceQuotaTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Request' }, { name: 'Limit' }, { name: 'Age' }],
  row(o, ctx) {
    const hard: Record<string, string> = o.status?.hard ?? {}
    const used: Record<string, string> = o.status?.used ?? {}
    const req: string[] = []
    const lim: string[] = []
    for (const r of Object.keys(hard).sort()) {
      const text = `${r}: ${canonicalQuantity(used[r] ?? '0')}/${canonicalQuantity(hard[r])}`
      const pieces = r.split('.')
      if (pieces.length > 1 && pieces[0] === 'limits') lim.push(text)
      else req.push(text)
    }
    return [o.metadata.name ?? '', req.join(', '), lim.join(', '), age(o, ctx)]
  },
}
