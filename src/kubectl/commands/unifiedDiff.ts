/** `diff -u` output for two texts (GNU diff's hunks with 3 lines of context). */
export function unifiedDiff(a: string, b: string, context = 3): string {
  const A = a === '' ? [] : a.replace(/\n$/, '').split('\n')
  const B = b === '' ? [] : b.replace(/\n$/, '').split('\n')
  // LCS table from the end, so the walk below is greedy from the start.
  const n = A.length
  const m = B.length
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = A[i] === B[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
  type Op = { t: ' ' | '-' | '+'; s: string; ai: number; bi: number }
  const ops: Op[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) ops.push({ t: ' ', s: A[i++], ai: i, bi: ++j })
    else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j]))
      ops.push({ t: '+', s: B[j++], ai: i, bi: j })
    else ops.push({ t: '-', s: A[i++], ai: i, bi: j })
  }
  // GNU diff prints each run of changes as its deletions, then its insertions.
  for (let x = 0; x < ops.length;) {
    if (ops[x].t === ' ') {
      x++
      continue
    }
    let y = x
    while (y < ops.length && ops[y].t !== ' ') y++
    const run = ops.slice(x, y)
    ops.splice(x, run.length, ...run.filter((o) => o.t === '-'), ...run.filter((o) => o.t === '+'))
    x = y
  }
  const changed = ops.map((o, k) => (o.t !== ' ' ? k : -1)).filter((k) => k >= 0)
  if (!changed.length) return ''
  let out = ''
  let k = 0
  while (k < changed.length) {
    const start = Math.max(0, changed[k] - context)
    let end = Math.min(ops.length, changed[k] + context + 1)
    while (k + 1 < changed.length && changed[k + 1] - context <= end) {
      k++
      end = Math.min(ops.length, changed[k] + context + 1)
    }
    k++
    const hunk = ops.slice(start, end)
    const aLines = hunk.filter((o) => o.t !== '+').length
    const bLines = hunk.filter((o) => o.t !== '-').length
    // Line numbers of the hunk's first line in each file (GNU: start-1 when the range is empty).
    let aStart = 0
    let bStart = 0
    for (let x = 0; x < start; x++) {
      if (ops[x].t !== '+') aStart++
      if (ops[x].t !== '-') bStart++
    }
    const range = (s: number, len: number): string =>
      len === 1 ? `${s + 1}` : `${len === 0 ? s : s + 1},${len}`
    out += `@@ -${range(aStart, aLines)} +${range(bStart, bLines)} @@\n`
    for (const o of hunk) out += `${o.t}${o.s}\n`
  }
  return out
}
