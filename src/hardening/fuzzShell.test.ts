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
      'echo ' + '$('.repeat(300) + 'echo x' + ')'.repeat(300),
      'echo ' + '"$('.repeat(300) + 'echo x' + ')"'.repeat(300),
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

/** Openers and closers of every construct that nests: the parser and the runner recurse on each. */
const nesters: [string, string][] = [
  ['$(', ')'],
  ['"$(', ')"'],
  ['`echo \\`', '\\``'],
  ['( ', ')'],
  ['{ ', '; }'],
  ['for i in 1; do ', '; done'],
  ['while false; do :; done; until true; do ', '; done'],
  ['if true; then ', '; fi'],
  ['case x in x) ', ';; esac'],
  ['${x:-', '}'],
  ['$((1+', '))'],
  ['[[ -n ', ' ]]'],
  ['f(){ ', '; }; f'],
  ["eval '", "'"],
  ['echo $(( (', ') ))'],
]

describe('shell nesting under fuzzing', () => {
  it('ends any mix of nested constructs, up to 400 deep, in output or a bash error', () => {
    const s = freshSession(5)
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...nesters), { minLength: 1, maxLength: 400 }),
        fc.constantFrom('echo x', 'x', 'kubectl get ns -o name', '1'),
        (stack, inner) => {
          const line =
            stack.map(([open]) => open).join('') +
            inner +
            stack
              .map(([, close]) => close)
              .reverse()
              .join('')
          const t0 = performance.now()
          const r = runLineSync(s, line, { maxCommandMs: 60_000 })
          expect(performance.now() - t0).toBeLessThan(5_000)
          assertNormalResult(r)
        },
      ),
      { numRuns: 300, seed: 7 },
    )
    expect(runLineSync(s, 'echo ok').stdout).toBe('ok\n')
  }, 120_000)

  it('stops runaway recursion through functions, eval, source and child shells', () => {
    const s = freshSession(5)
    // Each body recurses once per call; two calls per level would be an exponential program.
    const bodies = [
      'f',
      'echo "$(f)"',
      'f | cat',
      '(f)',
      'x=$(( $(f) + 1 ))',
      "eval 'f'",
      'source /tmp/rec.sh',
      'bash /tmp/rec.sh',
      'sh -c "$FN; f"',
      '{ for i in 1; do if true; then case a in a) ( f );; esac; fi; done; }',
    ]
    const before = ['', 'kubectl get pods >/dev/null', 'local v=1', 'echo $v >/dev/null', 'true']
    fc.assert(
      fc.property(fc.constantFrom(...before), fc.constantFrom(...bodies), (pre, rec) => {
        const body = pre ? `${pre}; ${rec}` : rec
        const line = `echo 'eval "$FN"; f' > /tmp/rec.sh; export FN='f(){ ${body.replace(/'/g, "'\\''")}; }'; f(){ ${body}; }; f; echo after`
        const t0 = performance.now()
        const r = runLineSync(s, line, { maxCommandMs: 60_000 })
        expect(performance.now() - t0).toBeLessThan(5_000)
        assertNormalResult(r)
        expect(r.stderr).toMatch(
          /maximum (function|eval|source) nesting level exceeded \(\d+\)|fork: Resource temporarily unavailable/,
        )
      }),
      { numRuns: 50, seed: 11 },
    )
    expect(runLineSync(s, 'echo ok').stdout).toBe('ok\n')
  }, 120_000)
})

describe('shell regressions', () => {
  // Found by fuzzing: 300 nested command substitutions overflowed the JavaScript stack.
  it('answers unreasonable nesting as bash does, and keeps running', () => {
    const s = freshSession(5)
    const deep = (open: string, close: string, n: number): string =>
      open.repeat(n) + 'echo x' + close.repeat(n)
    expect(runLineSync(s, 'echo ' + deep('$(', ')', 300))).toEqual({
      stdout: '',
      stderr: "bash: syntax error near unexpected token `$('\n",
      exitCode: 2,
    })
    expect(runLineSync(s, deep('( ', ')', 3000)).stderr).toBe(
      "bash: syntax error near unexpected token `('\n",
    )
    expect(runLineSync(s, deep('for i in 1; do ', '; done', 1200)).stderr).toBe(
      "bash: syntax error near unexpected token `for'\n",
    )
    expect(runLineSync(s, deep('( ', ')', 60)).stdout).toBe('x\n')
    expect(runLineSync(s, 'f(){ f; }; f; echo after')).toEqual({
      stdout: '',
      stderr: 'bash: f: maximum function nesting level exceeded (60)\n',
      exitCode: 1,
    })
    // bash's own FUNCNEST: the message names the limit, the line is abandoned, a subshell ends 1.
    expect(
      runLineSync(s, 'FUNCNEST=5; g(){ echo in; g; }; x=$(g); echo "[${#x}]" $?; unset FUNCNEST'),
    ).toEqual({
      stdout: '[14] 1\n',
      stderr: 'bash: g: maximum function nesting level exceeded (5)\n',
      exitCode: 0,
    })
    expect(runLineSync(s, 'e=\'eval "$e"\'; eval "$e"').stderr).toBe(
      'bash: eval: maximum eval nesting level exceeded (120)\n',
    )
    expect(runLineSync(s, 'a=b; b=a; echo $((a))').stderr).toBe(
      'bash: b: expression recursion level exceeded (error token is "b")\n',
    )
    expect(runLineSync(s, 'x="1 + y"; y="x * 2"; echo $((x))').stderr).toBe(
      'bash: 1 + y: expression recursion level exceeded (error token is "y")\n',
    )
    expect(runLineSync(s, 'echo ok').stdout).toBe('ok\n')
  })

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
