import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { stringify } from 'yaml'
import { assertNoPollution, assertNormalResult, freshSession, runLineSync } from './fixture.ts'
import type { Session } from '../session/session.ts'

function applyNormally(
  s: Session,
  stdin: string,
): { stdout: string; stderr: string; exitCode: number } {
  const t0 = performance.now()
  const r = runLineSync(s, 'kubectl apply -f -', { stdin, maxCommandMs: 60_000 })
  expect(performance.now() - t0).toBeLessThan(5_000)
  assertNormalResult(r)
  assertNoPollution()
  return r
}

const kinds = [
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['apps/v1', 'Deployment'],
  ['batch/v1', 'Job'],
  ['v1', 'Namespace'],
  ['bogus/v9', 'Thing'],
] as const
const nameArb = fc.oneof(
  fc.constantFrom('web', 'a', 'x'.repeat(253), 'x'.repeat(254), 'UPPER', '-bad', 'ok.dots', ''),
  fc.string({ maxLength: 20 }),
)
const hostileKeyArb = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'spec',
  'metadata',
  'toString',
)
const docArb = fc
  .tuple(
    fc.constantFrom(...kinds),
    nameArb,
    fc.dictionary(hostileKeyArb, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
    fc.jsonValue({ maxDepth: 4 }),
  )
  .map(([[apiVersion, kind], name, extra, spec]) =>
    // JSON.parse creates own "__proto__" keys, as a YAML parser sees them in the text.
    JSON.parse(
      JSON.stringify({ apiVersion, kind, metadata: { name, ...extra }, spec }).replace(
        /"prototype"/g,
        '"__proto__"',
      ),
    ),
  )

describe('kubectl apply -f - under fuzzing', () => {
  it('answers every generated manifest with a result or an error, and stays consistent', () => {
    const s = freshSession(7)
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 1, maxLength: 3 }), (docs) => {
        applyNormally(s, docs.map((d) => stringify(d)).join('---\n'))
      }),
      { numRuns: 250, seed: 51 },
    )
    expect(runLineSync(s, 'kubectl get all -A -o name').exitCode).toBe(0)
  }, 60_000)

  it('answers mutated and binary YAML', () => {
    const s = freshSession(7)
    const base = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: "1"\n'
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.string({ unit: 'binary', maxLength: 4 })),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (edits) => {
          let t = base
          for (const [at, len, str] of edits) {
            const i = at % (t.length + 1)
            t = t.slice(0, i) + str + t.slice(i + len)
          }
          applyNormally(s, t)
        },
      ),
      { numRuns: 300, seed: 52 },
    )
  }, 60_000)

  it('refuses hostile documents with an error and keeps working', () => {
    const s = freshSession(7)
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 10; i++)
      laughs.push(
        `l${i}: &l${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(',')}]`,
      )
    const cases = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n' +
        laughs.map((l) => 'x' + l).join('\n') +
        '\n',
      laughs.join('\n') +
        '\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb2\ndata:\n  k: *l9\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ' +
        '['.repeat(3000) +
        ']'.repeat(3000) +
        '\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep2\ndata:\n' +
        Array.from({ length: 400 }, (_, i) => ' '.repeat(2 * i + 2) + 'k:\n').join(''),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: ' +
        'x'.repeat(2_000_000) +
        '\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ' + 'n'.repeat(254) + '\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n  __proto__:\n    polluted: yes\n  labels:\n    __proto__: x\ndata:\n  constructor: "1"\n  __proto__: "2"\n',
      '\u0000\u0001\u00ff\ufffe\ud800',
      '%YAML 9.9\n---\n!!python/object:os.system ls\n',
    ]
    for (const c of cases) {
      const r = applyNormally(s, c)
      if (r.exitCode === 0) expect(r.stdout).toMatch(/created|configured|unchanged/)
    }
    const big = s.sim.api.tryGet('configmaps', 'default', 'big')
    if (big) expect(JSON.stringify(big).length).toBeLessThan(3_000_000)
    expect(runLineSync(s, 'kubectl create configmap after --from-literal=a=b').exitCode).toBe(0)
  }, 60_000)
})

describe('kubectl apply regressions', () => {
  // Found by fuzzing: a billion-laughs manifest hung the terminal while its aliases expanded.
  it('refuses an alias bomb the way kubectl does', () => {
    const s = freshSession(7)
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 10; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(',')}]`,
      )
    const stdin = levels.join('\n') + '\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n'
    expect(runLineSync(s, 'kubectl apply -f -', { stdin })).toEqual({
      stdout: '',
      stderr:
        'error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing\n',
      exitCode: 1,
    })
  }, 30_000)
})
