import { describe, expect, test } from 'vitest'
import type { Dialect } from './state.ts'
import { newState } from './interpreter.ts'
import { runShell } from './testing.ts'

/**
 * The three shells' own words, checked against their sources: bash, dash (error.c exvwarning2,
 * cd.c, exec.c and redir.c via errmsg) and busybox ash (ash_vmsg, cdcmd, shellexec).
 */
function shell(dialect: Dialect, opts: { name?: string; interactive?: boolean } = {}) {
  const name = opts.name ?? (dialect === 'bash' ? 'bash' : 'sh')
  const state = newState({ env: { HOME: '/root', PWD: '/root' }, cwd: '/root', name, dialect })
  state.interactive = opts.interactive ?? false
  return state
}

function run(
  src: string,
  dialect: Dialect,
  opts: { name?: string; interactive?: boolean; files?: Record<string, string> } = {},
) {
  const r = runShell(src, { state: shell(dialect, opts), files: opts.files })
  return { err: r.stderr, code: r.code }
}

describe('cd', () => {
  const rows: [Dialect, boolean, string, number][] = [
    ['bash', true, 'bash: cd: /nope: No such file or directory', 1],
    ['bash', false, 'bash: line 1: cd: /nope: No such file or directory', 1],
    ['dash', false, "sh: 1: cd: can't cd to /nope", 2],
    ['ash', true, "sh: cd: can't cd to /nope: No such file or directory", 2],
    ['ash', false, "sh: cd: line 1: can't cd to /nope: No such file or directory", 2],
  ]
  test.each(rows)('%s (interactive: %s)', (dialect, interactive, err, code) => {
    expect(run('cd /nope', dialect, { interactive })).toEqual({ err: err + '\n', code })
  })

  test('a file is not a directory to cd into', () => {
    const files = { f: 'x' }
    expect(run('cd f', 'ash', { interactive: true, files }).err).toBe(
      "sh: cd: can't cd to f: Not a directory\n",
    )
    expect(run('cd f', 'dash', { files }).err).toBe("sh: 1: cd: can't cd to f\n")
  })
})

describe('not found, by the line the shell is on', () => {
  test('dash numbers the lines of a script; busybox only once $0 names a script', () => {
    expect(run('true\nnope', 'dash').err).toBe('sh: 2: nope: not found\n')
    expect(run('true\nnope', 'ash').err).toBe('sh: nope: not found\n')
    expect(run('true\nnope', 'ash', { name: './s.sh' }).err).toBe(
      './s.sh: line 2: nope: not found\n',
    )
    expect(run('true\nnope', 'bash').err).toBe('bash: line 2: nope: command not found\n')
  })
})

describe('files that will not run', () => {
  const files = { 'noexec.sh': 'echo hi\n', 'd/x': '' }
  const rows: [Dialect, string, string, number][] = [
    ['bash', './missing', 'bash: ./missing: No such file or directory', 127],
    ['dash', './missing', 'sh: 1: ./missing: not found', 127],
    ['ash', './missing', 'sh: ./missing: not found', 127],
    ['bash', './d', 'bash: ./d: Is a directory', 126],
    ['dash', './d', 'sh: 1: ./d: Permission denied', 126],
    ['ash', './d', 'sh: ./d: Permission denied', 126],
  ]
  test.each(rows)('%s %s', (dialect, path, err, code) => {
    expect(run(path, dialect, { interactive: dialect === 'bash', files })).toEqual({
      err: err + '\n',
      code,
    })
  })
})

describe('redirections', () => {
  const rows: [Dialect, string, string, number][] = [
    ['bash', 'echo > /nope/x', 'bash: /nope/x: No such file or directory', 1],
    ['dash', 'echo > /nope/x', 'sh: 1: cannot create /nope/x: Directory nonexistent', 2],
    ['ash', 'echo > /nope/x', "sh: can't create /nope/x: nonexistent directory", 2],
    ['dash', 'cat < /nope', 'sh: 1: cannot open /nope: No such file', 2],
    ['ash', 'cat < /nope', "sh: can't open /nope: no such file", 2],
    ['dash', 'echo > /root', 'sh: 1: cannot create /root: Is a directory', 2],
  ]
  test.each(rows)('%s: %s', (dialect, src, err, code) => {
    expect(run(src, dialect, { interactive: dialect === 'bash' })).toEqual({
      err: err + '\n',
      code,
    })
  })
})

describe('test and [', () => {
  const rows: [Dialect, string, string][] = [
    ['bash', '[ a = a', "bash: [: missing `]'"],
    ['bash', '[ x -eq 1 ]', 'bash: [: x: integer expression expected'],
    ['dash', '[ a = a', 'sh: 1: [: missing ]'],
    ['dash', '[ a == a ]', 'sh: 1: [: a: unexpected operator'],
    ['dash', '[ x -eq 1 ]', 'sh: 1: [: Illegal number: x'],
    ['dash', '[ -n ]x', 'sh: 1: [: missing ]'],
    ['dash', 'test "(" a', 'sh: 1: test: closing paren expected'],
    ['ash', '[ a = a', 'sh: missing ]'],
    ['ash', '[ x -lt 1 ]', 'sh: x: bad number'],
    ['ash', 'test a b c', 'sh: b: unknown operand'],
  ]
  test.each(rows)('%s: %s', (dialect, src, err) => {
    expect(run(src, dialect, { interactive: dialect === 'bash' })).toEqual({
      err: err + '\n',
      code: 2,
    })
  })

  test('POSIX argument-count rules hold in dash and busybox', () => {
    for (const d of ['dash', 'ash'] as const) {
      const ok = (src: string) => runShell(src, { state: shell(d) }).code
      expect(ok('[ -f = -f ]')).toBe(0)
      expect(ok('[ ! a = b ]')).toBe(0)
      expect(ok('[ "(" a ")" ]')).toBe(0)
      expect(ok('[ ! ]')).toBe(0)
      expect(ok('[ ]')).toBe(1)
      expect(ok('[ "" ]')).toBe(1)
      expect(ok('[ a = b -o 1 -lt 2 ]')).toBe(0)
      expect(ok('[ a = a -a 2 -lt 1 ]')).toBe(1)
    }
  })
})

describe('echo', () => {
  test('dash reads escapes and takes only -n; the others need -e', () => {
    const out = (d: Dialect, src: string) => runShell(src, { state: shell(d) }).stdout
    expect(out('dash', 'echo -e "a\\tb"')).toBe('-e a\tb\n')
    expect(out('dash', 'echo -n "x\\ty"')).toBe('x\ty')
    expect(out('dash', 'echo "a\\qb" "\\\\"')).toBe('a\\qb \\\n')
    expect(out('dash', 'echo one "two\\c" three')).toBe('one two')
    expect(out('ash', 'echo "a\\tb"')).toBe('a\\tb\n')
    expect(out('ash', 'echo -e "a\\tb"')).toBe('a\tb\n')
    expect(out('bash', 'echo -e "a\\tb"; echo "a\\tb"')).toBe('a\tb\na\\tb\n')
  })
})

describe('syntax errors', () => {
  const rows: [Dialect, string, string][] = [
    ['dash', 'echo "a', 'sh: 1: Syntax error: Unterminated quoted string'],
    ['ash', "echo 'a", 'sh: syntax error: unterminated quoted string'],
    ['dash', 'echo ${a', "sh: 1: Syntax error: Missing '}'"],
    ['ash', 'echo ${a', "sh: syntax error: missing '}'"],
    ['dash', 'fi', 'sh: 1: Syntax error: "fi" unexpected'],
    ['ash', 'fi', 'sh: syntax error: unexpected "fi"'],
  ]
  test.each(rows)('%s: %s', (dialect, src, err) => {
    expect(run(src, dialect)).toEqual({ err: err + '\n', code: 2 })
  })
})

describe('kill of a pid that is not there', () => {
  const rows: [Dialect, string][] = [
    ['bash', 'bash: line 1: kill: (4711) - No such process\n'],
    ['dash', 'sh: 1: kill: No such process\n\n'],
    ['ash', "sh: can't kill pid 4711: No such process\n"],
  ]
  test.each(rows)('%s', (dialect, err) => {
    expect(run('kill 4711', dialect)).toEqual({ err, code: 1 })
  })
})
