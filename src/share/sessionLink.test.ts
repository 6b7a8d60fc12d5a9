import { describe, expect, it } from 'vitest'
import { createSession, runLineSync, type Session } from '../session/session.ts'
import { loadLessonsFromDisk } from '../lessons/catalog.node.ts'
import { encodePayload } from './codec.ts'
import { linkForScenario, sessionFromLink, shareScenarioFor } from './sessionLink.ts'

const snap = (s: Session): string => JSON.stringify(s.snapshot())

/** How the lesson player builds a start state: set-up lines, then settle time. */
function lessonStart(
  sc: ReturnType<typeof loadLessonsFromDisk>['lessons'][0]['scenario'],
): Session {
  const session = createSession({
    seed: sc.seed ?? 1,
    cluster: sc.cluster ?? 'kubeadm',
    files: sc.files,
  })
  for (const line of sc.setup ?? []) runLineSync(session, line, { record: false, isTTY: false })
  if (sc.settleSeconds) session.sim.advance(sc.settleSeconds * 1000)
  return session
}

/** A small deterministic generator for the randomised clusters (no Math.random in tests either). */
function lcg(seed: number): () => number {
  let x = seed >>> 0
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

describe('share link round trip', () => {
  const { lessons } = loadLessonsFromDisk('lessons')

  it('finds the lessons', () => {
    expect(lessons.length).toBeGreaterThan(5)
  })

  for (const lesson of loadLessonsFromDisk('lessons').lessons) {
    it(`recreates the start of lesson ${lesson.id} exactly from its compact link`, () => {
      const original = lessonStart(lesson.scenario)
      const link = linkForScenario('https://kubeplay.example/', shareScenarioFor(lesson.scenario), {
        lesson: { id: lesson.id },
      })
      const opened = sessionFromLink(link)
      if (!opened.ok) throw new Error(opened.error)
      expect(snap(opened.session)).toBe(snap(original))
    }, 60_000)
  }

  it('recreates randomised clusters exactly, from a compact link and from a snapshot link', () => {
    const commands = [
      (r: () => number) =>
        `kubectl create deployment d${Math.floor(r() * 5)} --image=nginx --replicas=${1 + Math.floor(r() * 3)}`,
      (r: () => number) =>
        `kubectl create configmap c${Math.floor(r() * 5)} --from-literal=k=${Math.floor(r() * 100)}`,
      (r: () => number) =>
        `kubectl scale deployment d${Math.floor(r() * 5)} --replicas=${Math.floor(r() * 4)}`,
      (r: () => number) => `sleep ${1 + Math.floor(r() * 30)}`,
      (r: () => number) => `kubectl run p${Math.floor(r() * 5)} --image=busybox -- sleep 3600`,
      (r: () => number) => `kubectl delete pod p${Math.floor(r() * 5)} --wait=false`,
    ]
    for (const seed of [3, 17, 4242]) {
      const r = lcg(seed)
      const script = Array.from({ length: 12 }, () =>
        commands[Math.floor(r() * commands.length)](r),
      )
      const cluster = seed % 2 ? 'kubeadm' : 'minikube'
      const original = createSession({ seed, cluster })
      for (const line of script) runLineSync(original, line, { record: false, isTTY: false })
      const compact = sessionFromLink(linkForScenario('http://x/', { seed, cluster, script }))
      if (!compact.ok) throw new Error(compact.error)
      expect(snap(compact.session)).toBe(snap(original))
      const exact = sessionFromLink('#' + encodePayload({ v: 2, snapshot: original.snapshot() }))
      if (!exact.ok) throw new Error(exact.error)
      expect(snap(exact.session)).toBe(snap(original))
    }
  }, 180_000)

  it('says why a link cannot be opened', () => {
    expect(sessionFromLink('http://x/#s=1.AAAA')).toMatchObject({ ok: false })
    expect(sessionFromLink('#' + encodePayload({ v: 2, snapshot: { version: 99 } }))).toEqual({
      ok: false,
      error:
        'the cluster in the link could not be restored: unsupported session snapshot version 99',
    })
  })
})
