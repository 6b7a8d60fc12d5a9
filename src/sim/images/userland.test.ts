import { describe, expect, test } from 'vitest'
import { harness, type Harness } from '../../kubectl/testHarness.ts'

/**
 * What a learner sees running tools in a Debian image (nginx: dash as sh, GNU coreutils, the C
 * locale) and in a busybox image (busybox ash and applets). Expected texts come from the sources:
 * coreutils (quoteaf/quotef/quote), busybox (libbb's bb_perror_msg users, remove_file,
 * make_directory, copy_file, ash.c) and dash (error.c's exvwarning2 and errmsg, cd.c, test.c).
 */
function cluster(): Harness {
  const h = harness()
  h.run('run n --image=nginx')
  h.run('run b --image=busybox -- sleep 3600')
  h.sim.advance(30_000)
  return h
}

type Row = [pod: 'n' | 'b', argv: string[], err: string, code: number, out?: string]

const missing = 'No such file or directory'

const ROWS: Row[] = [
  ['n', ['cat', '/nope'], `cat: /nope: ${missing}`, 1],
  ['b', ['cat', '/nope'], `cat: can't open '/nope': ${missing}`, 1],
  ['n', ['cat', '/etc'], 'cat: /etc: Is a directory', 1],
  ['b', ['cat', '/etc'], 'cat: read error: Is a directory', 1],
  ['n', ['ls', '/nope'], `ls: cannot access '/nope': ${missing}`, 2],
  ['b', ['ls', '/nope'], `ls: /nope: ${missing}`, 1],
  ['n', ['rm', '/nope'], `rm: cannot remove '/nope': ${missing}`, 1],
  ['b', ['rm', '/nope'], `rm: can't remove '/nope': ${missing}`, 1],
  ['n', ['sh', '-c', 'mkdir /d; rm /d'], "rm: cannot remove '/d': Is a directory", 1],
  ['b', ['sh', '-c', 'mkdir /d; rm /d'], "rm: '/d' is a directory", 1],
  ['n', ['mkdir', '/nope/x'], `mkdir: cannot create directory '/nope/x': ${missing}`, 1],
  ['b', ['mkdir', '/nope/x'], `mkdir: can't create directory '/nope/x': ${missing}`, 1],
  ['n', ['mkdir', '/etc'], "mkdir: cannot create directory '/etc': File exists", 1],
  ['b', ['mkdir', '/etc'], "mkdir: can't create directory '/etc': File exists", 1],
  ['n', ['rmdir', '/nope'], `rmdir: failed to remove '/nope': ${missing}`, 1],
  ['b', ['rmdir', '/nope'], `rmdir: '/nope': ${missing}`, 1],
  ['n', ['cp', '/nope', '/tmp/x'], `cp: cannot stat '/nope': ${missing}`, 1],
  ['b', ['cp', '/nope', '/tmp/x'], `cp: can't stat '/nope': ${missing}`, 1],
  ['n', ['cp', '/etc', '/tmp/x'], "cp: -r not specified; omitting directory '/etc'", 1],
  ['b', ['cp', '/etc', '/tmp/x'], "cp: omitting directory '/etc'", 1],
  ['n', ['mv', '/nope', '/tmp/x'], `mv: cannot stat '/nope': ${missing}`, 1],
  ['b', ['mv', '/nope', '/tmp/x'], `mv: can't rename '/nope': ${missing}`, 1],
  ['n', ['touch', '/nope/x'], `touch: cannot touch '/nope/x': ${missing}`, 1],
  ['b', ['touch', '/nope/x'], `touch: /nope/x: ${missing}`, 1],
  ['n', ['head', '/nope'], `head: cannot open '/nope' for reading: ${missing}`, 1],
  ['b', ['head', '/nope'], `head: /nope: ${missing}`, 1],
  ['n', ['tail', '/nope'], `tail: cannot open '/nope' for reading: ${missing}`, 1],
  ['b', ['tail', '/nope'], `tail: can't open '/nope': ${missing}`, 1],
  ['n', ['head', '-n', 'x', '/etc/hostname'], "head: invalid number of lines: 'x'", 1],
  ['b', ['head', '-n', 'x', '/etc/hostname'], "head: invalid number 'x'", 1],
  ['n', ['wc', '/nope'], `wc: /nope: ${missing}`, 1],
  ['b', ['wc', '/nope'], `wc: /nope: ${missing}`, 1],
  ['n', ['grep', 'x', '/nope'], `grep: /nope: ${missing}`, 2],
  ['b', ['grep', 'x', '/nope'], `grep: /nope: ${missing}`, 2],
  ['n', ['sort', '/nope'], `sort: cannot read: /nope: ${missing}`, 2],
  ['b', ['sort', '/nope'], `sort: /nope: ${missing}`, 2],
  [
    'n',
    ['sleep', 'x'],
    "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.",
    1,
  ],
  ['b', ['sleep', 'x'], "sleep: invalid number 'x'", 1],
  // The shells: dash names the line of `sh -c` (1), busybox ash does not.
  ['n', ['sh', '-c', 'nope'], 'sh: 1: nope: not found', 127],
  ['b', ['sh', '-c', 'nope'], 'sh: nope: not found', 127],
  ['n', ['sh', '-c', 'echo ok; nope'], 'sh: 1: nope: not found', 127, 'ok\n'],
  ['n', ['sh', '-c', 'cd /nope'], "sh: 1: cd: can't cd to /nope", 2],
  [
    'n',
    ['sh', '-c', 'echo hi > /nope/x'],
    'sh: 1: cannot create /nope/x: Directory nonexistent',
    2,
  ],
  ['b', ['sh', '-c', 'echo hi > /nope/x'], "sh: can't create /nope/x: nonexistent directory", 2],
  ['n', ['sh', '-c', 'cat < /nope'], 'sh: 1: cannot open /nope: No such file', 2],
  ['b', ['sh', '-c', 'cat < /nope'], "sh: can't open /nope: no such file", 2],
  ['n', ['sh', '-c', 'echo hi > /etc'], 'sh: 1: cannot create /etc: Is a directory', 2],
  ['b', ['sh', '-c', 'echo hi > /etc'], "sh: can't create /etc: Is a directory", 2],
  // test/[: dash has no `==`; busybox accepts it. Each words a malformed expression its way.
  ['n', ['sh', '-c', '[ a == a ] && echo yes'], 'sh: 1: [: a: unexpected operator', 2],
  ['b', ['sh', '-c', '[ a == a ] && echo yes'], '', 0, 'yes\n'],
  ['n', ['sh', '-c', '[ a = a'], 'sh: 1: [: missing ]', 2],
  ['b', ['sh', '-c', '[ a = a'], 'sh: missing ]', 2],
  ['n', ['sh', '-c', '[ x -eq 1 ]'], 'sh: 1: [: Illegal number: x', 2],
  ['b', ['sh', '-c', '[ x -eq 1 ]'], 'sh: x: bad number', 2],
  ['n', ['sh', '-c', 'test 1 -eq 1 2'], 'sh: 1: test: 1: unexpected operator', 2],
  ['b', ['sh', '-c', 'test 1 -eq 1 2'], 'sh: 2: unknown operand', 2],
  [
    'n',
    ['sh', '-c', '[ -f /etc/hostname ] && [ ! -d /etc/hostname ] && echo file'],
    '',
    0,
    'file\n',
  ],
  ['b', ['sh', '-c', '[ -z "" -a -n x ] && echo both'], '', 0, 'both\n'],
  // echo: dash's builtin reads escapes and knows no -e; busybox's and GNU's need -e.
  ['n', ['sh', '-c', 'echo -e "a\\tb"'], '', 0, '-e a\tb\n'],
  ['n', ['sh', '-c', 'echo "a\\nb\\c" more'], '', 0, 'a\nb'],
  ['n', ['sh', '-c', 'echo "\\0101\\102"'], '', 0, 'AB\n'],
  ['n', ['echo', '-e', 'a\\tb'], '', 0, 'a\tb\n'],
  ['n', ['echo', 'a\\tb'], '', 0, 'a\\tb\n'],
  ['b', ['sh', '-c', 'echo -e "a\\tb"'], '', 0, 'a\tb\n'],
  ['b', ['sh', '-c', 'echo "a\\tb"'], '', 0, 'a\\tb\n'],
  ['b', ['echo', '-n', 'x'], '', 0, 'x'],
  // GNU quotes by the locale: containers start in C, so apostrophes, not the node's ‘’.
  [
    'n',
    ['seq', 'x'],
    "seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.",
    1,
  ],
  ['n', ['find', '/nope'], "find: '/nope': No such file or directory", 1],
  ['b', ['find', '/nope'], 'find: /nope: No such file or directory', 1],
  // env runs a program: GNU quotes its name (C locale), busybox says it cannot execute it.
  ['n', ['sh', '-c', 'env nope'], "env: 'nope': No such file or directory", 127],
  ['b', ['sh', '-c', 'env nope'], "env: can't execute 'nope': No such file or directory", 127],
]

describe('tools word their errors as the image’s userland does', () => {
  const h = cluster()
  test.each(ROWS)('%s: %j', (pod, argv, err, code, out = '') => {
    const r = h.run(['exec', pod, '--', ...argv])
    const tail = code ? `command terminated with exit code ${code}\n` : ''
    expect(r).toEqual({ code, out, err: (err ? err + '\n' : '') + tail })
  })
})

describe('main processes in the image’s userland', () => {
  test('sleep infinity keeps a container running in both userlands', () => {
    const h = harness()
    h.run('run b --image=busybox -- sleep infinity')
    h.run('run u --image=ubuntu -- sleep inf')
    h.sim.advance(60_000)
    const phases = h.run(['get', 'pods', '-o', 'jsonpath={.items[*].status.phase}']).out
    expect(phases).toBe('Running Running')
  })

  test('a container whose command fails prints its userland’s words to its log', () => {
    const h = harness()
    h.run('run b --image=busybox --restart=Never -- cat /nope')
    h.run('run u --image=ubuntu --restart=Never -- cat /nope')
    h.sim.advance(60_000)
    expect(h.run('logs b').out).toBe(`cat: can't open '/nope': ${missing}\n`)
    expect(h.run('logs u').out).toBe(`cat: /nope: ${missing}\n`)
  })
})
