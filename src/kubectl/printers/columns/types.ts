import type { KObject } from '../../../sim/api/types.ts'

/** A server-side Table column (pkg/printers/internalversion): Priority 1 columns show with -o wide. */
export interface ColumnDef {
  name: string
  priority?: number
}

export type Cell = string | number | boolean

export interface RowContext {
  /** Virtual time in ms, for AGE-like cells. */
  now: number
  wide: boolean
}

/** What the API server's TableConvertor computes for one kind. */
export interface KindTable {
  columns: ColumnDef[]
  row(obj: KObject, ctx: RowContext): Cell[]
}
