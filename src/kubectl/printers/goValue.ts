/** Go's fmt %v of a decoded JSON value: `map[a:b c:d]`, `[x y]`, `<nil>`; maps print sorted. */
export function goPrint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`
  if (typeof v === 'object')
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goPrint((v as any)[k])}`)
      .join(' ')}]`
  return String(v)
}
