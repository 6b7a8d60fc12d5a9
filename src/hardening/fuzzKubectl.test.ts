import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { assertNoPollution, assertNormalResult, freshSession, runLineSync } from './fixture.ts'

const verbs = [
  'get',
  'describe',
  'create',
  'delete',
  'apply',
  'run',
  'scale',
  'expose',
  'set',
  'rollout',
  'label',
  'annotate',
  'patch',
  'edit',
  'logs',
  'exec',
  'cordon',
  'drain',
  'taint',
  'explain',
  'config',
  'top',
  'wait',
  'api-resources',
  'version',
  'auth',
  'cp',
  'debug',
  'diff',
]
const words = [
  'pods',
  'pod',
  'po',
  'deploy',
  'deployment',
  'svc',
  'nodes',
  'all',
  'ns',
  'cm',
  'secret',
  'image',
  'history',
  'undo',
  'status',
  'restart',
  'web',
  'nginx',
  'x',
  '-',
  '--',
  'deployment/web',
  'pod/',
  '/',
  'a=b',
  'a-',
  'node-role.kubernetes.io/control-plane:NoSchedule',
]
const flags = [
  '-o',
  'yaml',
  'json',
  'wide',
  'name',
  'jsonpath={.items[*].metadata.name}',
  'jsonpath={{',
  'go-template={{.x}}',
  'custom-columns=N:.metadata.name',
  '-n',
  'kube-system',
  '-A',
  '-l',
  'app=web',
  'app in (a,b',
  '--replicas=-1',
  '--replicas=99999999999999999999',
  '--image=',
  '--image=nginx',
  '--dry-run=client',
  '--dry-run=bogus',
  '--force',
  '--grace-period=0',
  '--timeout=1s',
  '-w',
  '--sort-by=.metadata.name',
  '--sort-by={.',
  '--field-selector=status.phase!=x',
  '-p',
  '{"spec":{"replicas":2}}',
  '{"metadata":{"__proto__":{"polluted":1}}}',
  '--type=json',
  '[{"op":"remove","path":"/spec"}]',
  '--selector',
  '-f',
  '--all',
  '--to-revision=0',
  '--port=0',
  '--port=70000',
  '-c',
  '-it',
  '--',
  'sh',
  '-c',
  'exit 3',
  '--v=9',
  '--help',
  '-h',
]
const tokenArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...words, ...flags) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
)
const quote = (t: string): string => `'${t.replace(/'/g, `'\\''`)}'`
const argvArb = fc.tuple(fc.constantFrom(...verbs), fc.array(tokenArb, { maxLength: 7 }))

describe('kubectl argument parser under fuzzing', () => {
  it('ends every argv in output or a kubectl error, quickly, and leaves the cluster usable', () => {
    const s = freshSession(3)
    runLineSync(s, 'kubectl create deployment web --image=nginx --replicas=2')
    s.sim.advance(30_000)
    let slowest = 0
    fc.assert(
      fc.property(argvArb, ([verb, args]) => {
        const line = ['kubectl', verb, ...args.map(quote)].join(' ')
        const t0 = performance.now()
        const r = runLineSync(s, line, { interruptAfterMs: 5_000, maxCommandMs: 60_000 })
        slowest = Math.max(slowest, performance.now() - t0)
        assertNormalResult(r)
        if (r.exitCode !== 0) expect(r.stderr.length + r.stdout.length).toBeGreaterThan(0)
        assertNoPollution()
      }),
      { numRuns: 1500, seed: 31 },
    )
    expect(slowest).toBeLessThan(2_000)
    expect(runLineSync(s, 'kubectl get nodes -o name').exitCode).toBe(0)
    expect(runLineSync(s, 'kubectl create deployment after --image=nginx').exitCode).toBe(0)
  }, 60_000)
})
