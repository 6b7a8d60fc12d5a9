import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { assertNoPollution, assertNormalResult, freshSession, runLineSync } from './fixture.ts'

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n'
const JSON_CM = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"x":'

/** A billion-laughs document: nine aliases per level, nine levels. */
function aliasBomb(prefix = ''): string {
  const lines = [`${prefix}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`]
  let prev = 'a'
  for (const c of 'bcdefghi') {
    lines.push(
      `${prefix}${c}: &${c} [${Array(9)
        .fill('*' + prev)
        .join(',')}]`,
    )
    prev = c
  }
  return lines.join('\n') + '\n'
}

const open = fc.constantFrom('[', '{a: ', '{"a":')
const close: Record<string, string> = { '[': ']', '{a: ': '}', '{"a":': '}' }
/** Nested flow collections of mixed kinds, as deep as `depth`. */
const nestArb = fc
  .tuple(fc.integer({ min: 1, max: 12_000 }), fc.array(open, { minLength: 1, maxLength: 3 }))
  .map(([depth, kinds]) => {
    const opens = Array.from({ length: depth }, (_, i) => kinds[i % kinds.length])
    return (
      opens.join('') +
      '1' +
      [...opens]
        .reverse()
        .map((o) => close[o])
        .join('')
    )
  })

describe('kubectl decoders under deep nesting', () => {
  it('ends every deep manifest, patch, template and selector in output or a kubectl error', () => {
    const s = freshSession(3)
    runLineSync(s, 'kubectl create configmap deep')
    const target: fc.Arbitrary<{ line: string; stdin?: string }> = fc.oneof(
      nestArb.map((n) => ({
        line: 'kubectl apply --dry-run=client -f -',
        stdin: `${CM}x: ${n}\n`,
      })),
      nestArb.map((n) => ({
        line: 'kubectl create --dry-run=client -f -',
        stdin: `${JSON_CM}${n.replace(/\{a: /g, '{"a":')}}`,
      })),
      nestArb.map((n) => ({ line: `kubectl patch configmap deep --type=merge -p 'x: ${n}'` })),
      nestArb.map((n) => ({
        line: `kubectl patch configmap deep -p '{"data":{"k":"v"},"x":${n.replace(/\{a: /g, '{"a":')}}'`,
      })),
      fc.integer({ min: 1, max: 3000 }).map((d) => ({
        line: `kubectl get cm deep -o go-template='${'{{if 1}}'.repeat(d)}x${'{{end}}'.repeat(d)}'`,
      })),
      fc.integer({ min: 1, max: 3000 }).map((d) => ({
        line: `kubectl get cm deep -o go-template='{{${'('.repeat(d)}1${')'.repeat(d)}}}'`,
      })),
      fc.integer({ min: 1, max: 3000 }).map((d) => ({
        line: `kubectl get cm -o jsonpath='${'{range .items[*]}'.repeat(d)}{.metadata.name}${'{end}'.repeat(d)}'`,
      })),
      fc.integer({ min: 1, max: 3000 }).map((d) => ({
        line: `kubectl get cm -o jsonpath='{${'('.repeat(d)}.items${')'.repeat(d)}}'`,
      })),
      fc.integer({ min: 1, max: 3000 }).map((d) => ({
        line: `kubectl get cm -l '${'a in ('.repeat(d)}b${')'.repeat(d)}'`,
      })),
    )
    fc.assert(
      fc.property(target, ({ line, stdin }) => {
        const t0 = performance.now()
        const r = runLineSync(s, line, { stdin, maxCommandMs: 60_000 })
        expect(performance.now() - t0, line.slice(0, 60)).toBeLessThan(5_000)
        assertNormalResult(r)
        assertNoPollution()
      }),
      { numRuns: 120, seed: 23 },
    )
    expect(runLineSync(s, 'kubectl get cm deep -o name').stdout).toBe('configmap/deep\n')
  }, 180_000)

  it('refuses alias bombs in patches and kubeconfig files as kubectl does', () => {
    const s = freshSession(3)
    runLineSync(s, 'kubectl create configmap deep')
    fc.assert(
      fc.property(fc.constantFrom('', 'x', 'zz_'), fc.nat({ max: 3 }), (prefix, extra) => {
        const bomb =
          aliasBomb(prefix) + Array.from({ length: extra }, (_, i) => `k${i}: v\n`).join('')
        s.fs.write('/root/bomb.yaml', bomb)
        const p = runLineSync(s, 'kubectl patch configmap deep -p "$(cat bomb.yaml)"')
        expect(p.exitCode).toBe(1)
        expect(p.stderr).toMatch(
          /^error: unable to parse ".*": yaml: document contains excessive aliasing\n$/s,
        )
        s.fs.write('/root/kc', s.fs.read('/root/.kube/config') + aliasBomb('x' + prefix))
        const c = runLineSync(s, 'kubectl config view --kubeconfig /root/kc')
        expect(c).toEqual({
          stdout: '',
          stderr:
            'error: error loading config file "/root/kc": yaml: document contains excessive aliasing\n',
          exitCode: 1,
        })
      }),
      { numRuns: 12, seed: 5 },
    )
  }, 60_000)
})

describe('kubectl nesting regressions (texts from kubectl v1.32)', () => {
  const s = freshSession(3)
  const deep = (o: string, c: string, n: number): string => o.repeat(n) + c.repeat(n)

  it('answers go-yaml and encoding/json depth errors byte for byte', () => {
    s.fs.write('/root/y.yaml', `${CM}x: ${deep('[', ']', 10_001)}\n`)
    expect(runLineSync(s, 'kubectl create -f y.yaml --dry-run=client')).toEqual({
      stdout: '',
      stderr:
        'error: error parsing y.yaml: error converting YAML to JSON: yaml: line 5: exceeded max depth of 10000\n',
      exitCode: 1,
    })
    expect(
      runLineSync(s, 'kubectl apply -f -', {
        stdin: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"},"data":{"k":"v"},"x":${deep('[', ']', 10_001)}}`,
      }).stderr,
    ).toBe(
      "error: error parsing STDIN: json: offset 10083: invalid character '[' exceeded max depth\n",
    )
    const p = runLineSync(s, `kubectl patch configmap deep -p 'x: ${deep('[', ']', 10_001)}'`)
    expect(p.stderr.endsWith(']]": yaml: exceeded max depth of 10000\n')).toBe(true)
    s.fs.write('/root/deepkc', `x: ${deep('[', ']', 10_001)}\n` + s.fs.read('/root/.kube/config'))
    expect(runLineSync(s, 'kubectl config view --kubeconfig /root/deepkc').stderr).toBe(
      'error: error loading config file "/root/deepkc": yaml: exceeded max depth of 10000\n',
    )
  })

  it('reads a leading bracket as YAML, as kubectl does', () => {
    expect(
      runLineSync(s, 'kubectl create -f - --dry-run=client', { stdin: deep('[', ']', 10_001) }),
    ).toEqual({
      stdout: '',
      stderr:
        'error: error parsing STDIN: error converting YAML to JSON: yaml: exceeded max depth of 10000\n',
      exitCode: 1,
    })
  })

  it('says plainly when a document is deeper than this simulator decodes', () => {
    const r = runLineSync(s, 'kubectl apply -f -', { stdin: `${CM}x: ${deep('[', ']', 1001)}\n` })
    expect(r).toEqual({
      stdout: '',
      stderr:
        "error: error parsing STDIN: line 5: this simulator decodes documents nested at most 1000 levels deep (kubectl's own limit is 10000)\n",
      exitCode: 1,
    })
    expect(
      runLineSync(s, 'kubectl apply --dry-run=client -f -', {
        stdin: `${CM}x: ${deep('[', ']', 900)}\n`,
      }).stdout,
    ).toBe('configmap/deep created (dry run)\n')
  })

  it('quotes the patch text as kubectl does (Go %q)', () => {
    expect(runLineSync(s, `kubectl patch configmap deep -p $'a: [\\n\\t"'`).stderr).toMatch(
      /^error: unable to parse "a: \[\\n\\t\\"": yaml: /,
    )
  })
})
