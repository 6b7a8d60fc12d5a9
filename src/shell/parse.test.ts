import { describe, expect, it } from 'vitest'
import { parse, ParseError } from './parse.ts'
import type { Command, Word } from './ast.ts'

const first = (src: string): Command => parse(src)[0].first.cmds[0]
const words = (src: string): Word[] => {
  const c = first(src)
  if (c.t !== 'simple') throw new Error('not a simple command')
  return c.words
}
const err = (src: string): ParseError => {
  try {
    parse(src)
  } catch (e) {
    if (e instanceof ParseError) return e
    throw e
  }
  throw new Error(`parsed: ${src}`)
}

describe('words and quoting', () => {
  it('keeps quoting in word parts', () => {
    expect(words(`echo 'a b' "c $x" d\\ e`)).toEqual([
      { parts: [{ t: 'lit', v: 'echo' }] },
      { parts: [{ t: 'sq', v: 'a b' }] },
      {
        parts: [
          {
            t: 'dq',
            parts: [
              { t: 'lit', v: 'c ' },
              { t: 'param', name: 'x' },
            ],
          },
        ],
      },
      {
        parts: [
          { t: 'lit', v: 'd' },
          { t: 'sq', v: ' ' },
          { t: 'lit', v: 'e' },
        ],
      },
    ])
  })

  it('parses parameter operators', () => {
    const [, w] = words('echo ${x:-def} ${#y} ${z//a/b}')
    expect(w.parts[0]).toMatchObject({
      t: 'param',
      name: 'x',
      op: ':-',
      arg: { parts: [{ t: 'lit', v: 'def' }] },
    })
    const [, , l, r] = words('echo ${x:-def} ${#y} ${z//a/b}')
    expect(l.parts[0]).toMatchObject({ t: 'param', name: 'y', length: true })
    expect(r.parts[0]).toMatchObject({
      op: '//',
      arg: { parts: [{ t: 'lit', v: 'a' }] },
      rep: { parts: [{ t: 'lit', v: 'b' }] },
    })
  })

  it('parses command substitution, backticks and arithmetic', () => {
    const [, a, b, c] = words('echo $(echo hi | tr a-z A-Z) `date` $((1 + 2))')
    expect(a.parts[0]).toMatchObject({ t: 'cmd' })
    expect(b.parts[0]).toMatchObject({ t: 'cmd' })
    expect(c.parts[0]).toMatchObject({ t: 'arith' })
  })

  it('recognises assignments only before the command name', () => {
    const c = first('A=1 B+=2 env C=3')
    expect(c).toMatchObject({ t: 'simple', assigns: [{ name: 'A' }, { name: 'B', append: true }] })
    expect(c.t === 'simple' && c.words.length).toBe(2)
  })

  it('treats # as a comment only at a word start', () => {
    expect(words('echo a#b # comment').length).toBe(2)
  })
})

describe('commands', () => {
  it('parses pipelines, lists and negation', () => {
    const s = parse('! a | b && c || d; e &')
    expect(s).toHaveLength(2)
    expect(s[0].first).toMatchObject({ bang: true })
    expect(s[0].first.cmds).toHaveLength(2)
    expect(s[0].rest.map((r) => r.op)).toEqual(['&&', '||'])
    expect(s[1].background).toBe(true)
    expect(s[0].text).toBe('! a | b && c || d')
  })

  it('parses redirections with file descriptors', () => {
    const c = first('cmd >out 2>&1 <in 2>>log &>/dev/null')
    expect(c.t === 'simple' && c.redirs.map((r) => [r.fd, r.op])).toEqual([
      [1, '>'],
      [2, '>&'],
      [0, '<'],
      [2, '>>'],
      [1, '&>'],
    ])
  })

  it('reads heredocs after the line, expanded or quoted', () => {
    const s = parse(
      "cat <<EOF | kubectl apply -f -\nname: $N\nEOF\ncat <<'X'\n$lit\nX\ncat <<-T\n\tindented\n\tT\n",
    )
    expect(s).toHaveLength(3)
    const body = (i: number): unknown => {
      const c = s[i].first.cmds[0]
      return c.t === 'simple' ? c.redirs[0].body : undefined
    }
    expect(body(0)).toEqual({
      parts: [
        { t: 'lit', v: 'name: ' },
        { t: 'param', name: 'N' },
        { t: 'lit', v: '\n' },
      ],
    })
    expect(body(1)).toEqual({ parts: [{ t: 'sq', v: '$lit\n' }] })
    expect(body(2)).toEqual({ parts: [{ t: 'lit', v: 'indented\n' }] })
    expect(s[0].first.cmds).toHaveLength(2)
  })

  it('parses compound commands', () => {
    expect(first('if a; then b; elif c; then d; else e; fi')).toMatchObject({
      t: 'if',
      clauses: [{}, {}],
      otherwise: [{}],
    })
    expect(first('for i in 1 2 3; do echo $i; done')).toMatchObject({ t: 'for', name: 'i' })
    expect(first('for ((i=0;i<3;i++)); do :; done')).toMatchObject({ t: 'cfor' })
    expect(first('while true; do :; done')).toMatchObject({ t: 'while', until: false })
    expect(first('until false\ndo\n:\ndone')).toMatchObject({ t: 'while', until: true })
    expect(first('case $x in a|b) echo ab;; *) echo other;; esac')).toMatchObject({
      t: 'case',
      items: [{ patterns: [{}, {}] }, {}],
    })
    expect(first('{ a; b; }')).toMatchObject({ t: 'group' })
    expect(first('(a; b)')).toMatchObject({ t: 'subshell' })
    expect(first('f() { echo hi; }')).toMatchObject({ t: 'func', name: 'f' })
    expect(first('function g { echo hi; }')).toMatchObject({ t: 'func', name: 'g' })
    expect(first('(( x > 1 ))')).toMatchObject({ t: 'arith' })
    expect(first('[[ $a == b* && -n $c ]]')).toMatchObject({ t: 'test' })
  })

  it('joins continued lines', () => {
    expect(words('echo a \\\n  b')).toHaveLength(3)
  })
})

describe('syntax errors in bash words', () => {
  it('reports unexpected tokens', () => {
    expect(err('done').message).toBe("bash: syntax error near unexpected token `done'")
    expect(err('echo a; ;').message).toBe("bash: syntax error near unexpected token `;'")
    expect(err('if true; then fi').message).toBe("bash: syntax error near unexpected token `fi'")
    expect(err('echo (\n').message).toBe("bash: syntax error near unexpected token `newline'")
    expect(err('done').incomplete).toBe(false)
  })

  it('marks input that more lines could complete', () => {
    expect(err('if true; then').incomplete).toBe(true)
    expect(err('echo "open').message).toBe('bash: unexpected EOF while looking for matching `"\'')
    expect(err("echo 'open").incomplete).toBe(true)
    expect(err('cat <<EOF\nline').incomplete).toBe(true)
    expect(err('a &&').incomplete).toBe(true)
    expect(err('echo $(date').incomplete).toBe(true)
  })
})
