import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { assertNoPollution, assertNormalResult, freshSession, runLineSync } from './fixture.ts'

const seeds = [
  'echo "a b" \'c d\' $HOME ${HOME:-x} $((1+2))',
  'for i in $(seq 3); do echo $i; done | tr 1 X > /tmp/o; cat /tmp/o',
  'cat <<EOF | grep b\na\nb\nEOF',
  'kubectl get pods -o name | wc -l; echo $?',
  'x=$(echo $(echo nested)); echo "${x}" 2>&1 >/dev/null',
  'if [ -f /etc/hosts ]; then echo y; else echo n; fi && false || true',
  'f() { echo $1; return 3; }; f hi; echo $?',
  'while read l; do echo "<$l>"; done < /etc/hostname',
  'case x in x) echo X;; *) echo other;; esac',
  'echo 你好 🚀 | sed s/你/N/; printf "%s\\n" é',
  'arr=(a b c); echo ${arr[@]} ${#arr[@]}',
  'echo {1..3} ~ * ?',
]
const pieces = [
  '"',
  "'",
  '$(',
  ')',
  '`',
  '${',
  '}',
  '|',
  '||',
  '&&',
  ';',
  ';;',
  '&',
  '>',
  '>>',
  '<',
  '<<',
  '<<<',
  '2>&1',
  '\\',
  '\n',
  'EOF',
  '$((',
  '))',
  '[[',
  ']]',
  '!',
  '*',
  '{',
  '(',
  '#',
  '\u0000',
  '\u202e',
  '🚀',
  ' ',
  'do',
  'done',
  'fi',
  'then',
  'esac',
  '$?',
  '$@',
  '${x:?}',
]

const mutatedArb = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.constantFrom(...pieces)), {
      minLength: 1,
      maxLength: 5,
    }),
  )
  .map(([line, edits]) => {
    for (const [at, len, p] of edits) {
      const i = at % (line.length + 1)
      line = line.slice(0, i) + p + line.slice(i + len)
    }
    return line
  })
const generatedArb = fc
  .array(
    fc.oneof(fc.constantFrom(...pieces), fc.constantFrom('echo', 'cat', 'x', 'kubectl', 'ls')),
    {
      maxLength: 20,
    },
  )
  .map((ps) => ps.join(' '))

describe('shell under fuzzing', () => {
  it('ends every mutated or generated line in output or a shell error, quickly', () => {
    const s = freshSession(5)
    let slowest = 0
    fc.assert(
      fc.property(fc.oneof(mutatedArb, generatedArb, fc.string({ maxLength: 60 })), (line) => {
        const t0 = performance.now()
        const r = runLineSync(s, line, { interruptAfterMs: 5_000, maxCommandMs: 60_000 })
        slowest = Math.max(slowest, performance.now() - t0)
        assertNormalResult(r)
        assertNoPollution()
      }),
      { numRuns: 1200, seed: 41 },
    )
    expect(slowest).toBeLessThan(2_000)
    expect(runLineSync(s, 'cd /root; echo ok').stdout).toBe('ok\n')
  }, 60_000)

  it('copes with very long lines and deep nesting', () => {
    const s = freshSession(5)
    const long = 'echo ' + 'a'.repeat(200_000)
    expect(runLineSync(s, long).stdout.length).toBe(200_001)
    for (const line of [
      // Deeper command substitution (300 levels) overflows the stack: known, docs/hardening.md.
      'echo ' + '$('.repeat(40) + 'echo x' + ')'.repeat(40),
      'echo ' + '"$('.repeat(40) + 'echo x' + ')"'.repeat(40),
      '('.repeat(500) + 'echo x' + ')'.repeat(500),
      'x=' + '{'.repeat(2000),
      'echo $((' + '('.repeat(1000) + '1' + ')'.repeat(1000) + '))',
      Array(2000).fill('true').join(' | '),
      'cat <<A\n' + 'line\n'.repeat(50_000) + 'A',
    ]) {
      const t0 = performance.now()
      assertNormalResult(runLineSync(s, line, { maxCommandMs: 60_000 }))
      expect(performance.now() - t0, line.slice(0, 40)).toBeLessThan(5_000)
    }
    expect(runLineSync(s, 'echo ok').stdout).toBe('ok\n')
  }, 60_000)
})

describe('shell regressions', () => {
  // Found by fuzzing: names every JavaScript object inherits threw out of the shell.
  it('treats names of Object.prototype members as unknown names, as bash does', () => {
    const s = freshSession(5)
    expect(runLineSync(s, 'valueOf')).toEqual({
      stdout: '',
      stderr: 'bash: valueOf: command not found\n',
      exitCode: 127,
    })
    expect(runLineSync(s, 'echo "[$constructor]"').stdout).toBe('[]\n')
    expect(runLineSync(s, 'type toString').stderr).toBe('bash: type: toString: not found\n')
    expect(runLineSync(s, '(hasOwnProperty x)').exitCode).toBe(127)
    expect(runLineSync(s, 'kubectl valueOf').stderr).toBe(
      'error: unknown command "valueOf" for "kubectl"\n',
    )
  })
})
