import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { commandArb, freshSession, list, overcommittedNodes, runLineSync } from './fixture.ts'
import type { Session } from '../session/session.ts'
import { matchesSelector } from './selectorMatch.ts'

type Any = Record<string, any>

const SETTLE_MS = 5 * 60_000

function orphans(s: Session): string[] {
  const uids = new Set<string>()
  for (const r of ['deployments.apps', 'replicasets.apps', 'pods'])
    for (const o of list(s, r)) uids.add(o.metadata.uid as string)
  const bad: string[] = []
  for (const r of ['replicasets.apps', 'pods'])
    for (const o of list(s, r) as Any[])
      for (const ref of o.metadata.ownerReferences ?? [])
        if (ref.controller && ['Deployment', 'ReplicaSet'].includes(ref.kind) && !uids.has(ref.uid))
          bad.push(`${r}/${o.metadata.name} owned by missing ${ref.kind}/${ref.name}`)
  return bad
}

function unconverged(s: Session): string[] {
  const bad: string[] = []
  for (const d of list(s, 'deployments.apps') as Any[]) {
    if (d.metadata.namespace !== 'default') continue
    const want = d.spec.replicas ?? 1
    const st = d.status ?? {}
    const got = [st.replicas ?? 0, st.updatedReplicas ?? 0, st.availableReplicas ?? 0]
    if (got.some((n) => n !== want) || st.observedGeneration !== d.metadata.generation)
      bad.push(`deployment ${d.metadata.name}: want ${want}, status ${JSON.stringify(st)}`)
  }
  for (const rs of list(s, 'replicasets.apps') as Any[]) {
    if (rs.metadata.namespace !== 'default') continue
    const pods = (list(s, 'pods') as Any[]).filter(
      (p) =>
        !p.metadata.deletionTimestamp &&
        p.metadata.ownerReferences?.some((r: Any) => r.uid === rs.metadata.uid),
    )
    if ((rs.status?.replicas ?? 0) !== rs.spec.replicas || pods.length !== rs.spec.replicas)
      bad.push(`replicaset ${rs.metadata.name}: spec ${rs.spec.replicas}, pods ${pods.length}`)
  }
  return bad
}

function endpointMismatches(s: Session): string[] {
  const bad: string[] = []
  const pods = list(s, 'pods') as Any[]
  for (const svc of list(s, 'services') as Any[]) {
    const sel = svc.spec.selector
    if (!sel || svc.metadata.namespace !== 'default') continue
    const want = pods
      .filter(
        (p) =>
          p.metadata.namespace === svc.metadata.namespace &&
          !p.metadata.deletionTimestamp &&
          p.status?.podIP &&
          matchesSelector(sel, p.metadata.labels) &&
          p.status?.conditions?.some((c: Any) => c.type === 'Ready' && c.status === 'True'),
      )
      .map((p) => p.status.podIP as string)
      .sort()
    const ep = s.sim.api.tryGet('endpoints', svc.metadata.namespace, svc.metadata.name) as Any
    const got = (ep?.subsets ?? [])
      .flatMap((ss: Any) => (ss.addresses ?? []).map((a: Any) => a.ip as string))
      .sort()
    if (JSON.stringify(got) !== JSON.stringify(want))
      bad.push(`service ${svc.metadata.name}: endpoints ${got} but ready pods ${want}`)
  }
  return bad
}

function run(s: Session, cmds: string[]): void {
  for (const c of cmds) {
    runLineSync(s, c)
    s.sim.advance(2_000)
  }
}

describe('a random cluster history keeps the invariants of a real cluster', () => {
  it('never overcommits a node, leaves no orphans, and Endpoints match ready pods', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 1, maxLength: 12 }), (cmds) => {
        const s = freshSession()
        run(s, cmds)
        s.sim.advance(SETTLE_MS)
        expect(overcommittedNodes(s)).toEqual([])
        expect(orphans(s)).toEqual([])
        expect(endpointMismatches(s)).toEqual([])
      }),
      { numRuns: 40, seed: 4242, endOnFailure: true },
    )
  }, 60_000)

  it('converges every Deployment and ReplicaSet to spec once left alone on schedulable nodes', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 1, maxLength: 12 }), (cmds) => {
        const s = freshSession()
        run(s, cmds)
        for (const n of ['control-plane', 'worker-1', 'worker-2'])
          runLineSync(s, `kubectl uncordon ${n}`)
        // Requests the learner set may not fit; drop them so "converges" is the only claim tested.
        for (const d of list(s, 'deployments.apps') as Any[])
          if (d.metadata.namespace === 'default')
            runLineSync(
              s,
              `kubectl set resources deployment ${d.metadata.name} --requests=cpu=0,memory=0`,
            )
        s.sim.advance(SETTLE_MS)
        expect(unconverged(s)).toEqual([])
      }),
      { numRuns: 40, seed: 777, endOnFailure: true },
    )
  }, 60_000)
})
