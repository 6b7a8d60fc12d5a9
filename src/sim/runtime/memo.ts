/**
 * A pure function remembered for the arguments it saw last: at `limit` results it starts again
 * empty, so a stream of ever new arguments cannot grow it without bound. A cache only, never
 * state: snapshots do not hold it, and forgetting changes nothing but speed.
 */
export function boundedMemo<K, V>(limit: number, make: (key: K) => V): (key: K) => V {
  const seen = new Map<K, V>()
  return (key) => {
    let v = seen.get(key)
    if (v === undefined) {
      if (seen.size >= limit) seen.clear()
      v = make(key)
      seen.set(key, v)
    }
    return v
  }
}
