import fc from 'fast-check'
import { createSession, restoreSession, runLineSync, type Session } from '../session/session.ts'
import type { SessionSnapshot } from '../session/session.ts'
import type { KObject } from '../sim/api/types.ts'
import { milliValue } from '../sim/registry/quantity.ts'

/** Building a settled cluster costs seconds; properties restore one snapshot per run instead. */
const baseSnapshots = new Map<string, SessionSnapshot>()

export function freshSession(seed = 1): Session {
  const key = String(seed)
  let snap = baseSnapshots.get(key)
  if (!snap) {
    snap = createSession({ seed }).snapshot()
    baseSnapshots.set(key, snap)
  }
  return restoreSession(snap)
}

export { runLineSync }

/** Names a learner might type: short DNS labels, so several commands hit the same object. */
export const nameArb = fc.constantFrom('web', 'api', 'db', 'cache', 'x1')
/** Images the simulated registry serves whose default command keeps running (busybox exits; httpd is not in the catalogue), so "left alone" means "converges". */
export const goodImageArb = fc.constantFrom(
  'nginx',
  'nginx:1.25',
  'nginx:1.27',
  'nginx:alpine',
  'redis',
)
export const nodeArb = fc.constantFrom('worker-1', 'worker-2', 'control-plane')

/** One kubectl command a learner would type against deployments and nodes. */
export const commandArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(nameArb, goodImageArb, fc.integer({ min: 0, max: 6 }))
    .map(([n, i, r]) => `kubectl create deployment ${n} --image=${i} --replicas=${r}`),
  fc
    .tuple(nameArb, fc.integer({ min: 0, max: 8 }))
    .map(([n, r]) => `kubectl scale deployment ${n} --replicas=${r}`),
  fc
    .tuple(nameArb, fc.constantFrom('background', 'foreground', 'orphan'))
    .map(([n, p]) => `kubectl delete deployment ${n} --cascade=${p} --wait=false`),
  nodeArb.map((n) => `kubectl cordon ${n}`),
  nodeArb.map((n) => `kubectl uncordon ${n}`),
  fc.tuple(nameArb, goodImageArb).map(([n, i]) => `kubectl set image deployment/${n} '*=${i}'`),
  nameArb.map((n) => `kubectl rollout undo deployment/${n}`),
  fc
    .tuple(
      nameArb,
      fc.constantFrom('10m', '100m', '500m', '900m'),
      fc.constantFrom('16Mi', '256Mi'),
    )
    .map(([n, c, m]) => `kubectl set resources deployment ${n} --requests=cpu=${c},memory=${m}`),
  fc
    .tuple(nameArb, fc.integer({ min: 80, max: 90 }))
    .map(([n, p]) => `kubectl expose deployment ${n} --port=${p}`),
  nameArb.map((n) => `kubectl delete service ${n}`),
)

export function list(s: Session, resource: string): KObject[] {
  return s.sim.api.list(resource).items
}

type Any = Record<string, any>

/** Requests of every pod bound to a node that still holds resources (not Succeeded/Failed). */
export function overcommittedNodes(s: Session): string[] {
  const bad: string[] = []
  const pods = list(s, 'pods') as Any[]
  for (const node of list(s, 'nodes') as Any[]) {
    const alloc = node.status?.allocatable ?? {}
    const sum = { cpu: 0, memory: 0, pods: 0 }
    for (const p of pods) {
      if (p.spec?.nodeName !== node.metadata.name) continue
      if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue
      sum.pods++
      for (const c of p.spec.containers ?? []) {
        sum.cpu += milliValue(c.resources?.requests?.cpu ?? 0)
        sum.memory += milliValue(c.resources?.requests?.memory ?? 0)
      }
    }
    if (
      sum.cpu > milliValue(alloc.cpu ?? 0) ||
      sum.memory > milliValue(alloc.memory ?? 0) ||
      sum.pods > milliValue(alloc.pods ?? 0) / 1000
    )
      bad.push(`${node.metadata.name}: ${JSON.stringify(sum)} > ${JSON.stringify(alloc)}`)
  }
  return bad
}

/** Prototype pollution leaves a mark on every plain object; a fuzz run must leave none. */
export function assertNoPollution(): void {
  const probe = {} as Any
  if (probe.polluted !== undefined) throw new Error('Object.prototype.polluted was set')
  const own = Object.getOwnPropertyNames(Object.prototype).sort().join(',')
  if (own !== PROTO_KEYS) throw new Error(`Object.prototype changed: ${own}`)
  if (Object.getOwnPropertyNames(Array.prototype).sort().join(',') !== ARRAY_KEYS)
    throw new Error('Array.prototype changed')
}
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',')
const ARRAY_KEYS = Object.getOwnPropertyNames(Array.prototype).sort().join(',')

/** A kubectl or shell result is "normal": an exit code, strings, and no JavaScript stack trace. */
export function assertNormalResult(r: { stdout: string; stderr: string; exitCode: number }): void {
  if (!Number.isInteger(r.exitCode) || r.exitCode < 0 || r.exitCode > 255)
    throw new Error(`bad exit code ${r.exitCode}`)
  if (
    /\bat \S+ \(.*:\d+:\d+\)|TypeError|ReferenceError|RangeError|undefined is not|Cannot read prop/.test(
      r.stderr + r.stdout,
    )
  )
    throw new Error(`internal error leaked: ${(r.stderr + r.stdout).slice(0, 500)}`)
}
