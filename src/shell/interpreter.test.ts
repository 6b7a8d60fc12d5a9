import { describe, expect, it } from 'vitest'
import type { Command } from './types.ts'
import { runShell } from './testing.ts'
import { coreUtils } from './coreUtils.ts'
import { STEP_BUDGET } from './interpreter.ts'
import { newState } from './state.ts'

describe('time passes only through effects', () => {
  it('sleep yields a sleep effect in virtual time', () => {
    const r = runShell('sleep 5; sleep 0.5; sleep 1m; date +%T')
    expect(r.effects).toEqual([
      { type: 'sleep', ms: 5000 },
      { type: 'sleep', ms: 500 },
      { type: 'sleep', ms: 60_000 },
    ])
    expect(r.stdout).toBe('09:01:05\n')
  })

  it('runs a container-style loop that yields between iterations', () => {
    const src = 'i=0; while true; do echo hi $i; i=$((i+1)); [ $i -ge 3 ] && break; sleep 5; done'
    const r = runShell(src)
    expect(r.stdout).toBe('hi 0\nhi 1\nhi 2\n')
    expect(r.elapsed).toBe(10_000)
  })

  it('stops a loop that never lets time pass, with a clear message', () => {
    const r = runShell('while true; do :; done; echo after')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`stopped after ${STEP_BUDGET} commands without any time passing`)
    expect(r.stdout).toBe('')
  })

  it('does not count commands separated by sleeps against the budget', { timeout: 30_000 }, () => {
    // Three commands per iteration: more than the budget in total, far less between two sleeps.
    const n = Math.ceil(STEP_BUDGET / 2.5)
    const r = runShell(
      `n=0; while [ $n -lt ${n} ]; do n=$((n+1)); [ $((n % 1000)) = 0 ] && sleep 1; done; echo $n`,
    )
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`${n}\n`)
  })

  it('timeout interrupts after N seconds of virtual time and returns 124', () => {
    const r = runShell('timeout 3 sleep 10; echo $?; timeout 5 sleep 1; echo $?')
    expect(r.stdout).toBe('124\n0\n')
    expect(r.elapsed).toBe(4000)
  })

  it('timeout cuts a looping script short', () => {
    const r = runShell(`timeout 12 sh -c 'while true; do echo tick; sleep 5; done'; echo $?`)
    expect(r.stdout).toBe('tick\ntick\ntick\n124\n')
    expect(r.elapsed).toBe(12_000)
  })

  it('timeout reports bad durations and missing commands like coreutils', () => {
    expect(runShell('timeout x sleep 1').stderr).toBe(
      "timeout: invalid time interval ‘x’\nTry 'timeout --help' for more information.\n",
    )
    expect(runShell('timeout 1 nosuch').stderr).toBe(
      'timeout: failed to run command ‘nosuch’: No such file or directory\n',
    )
  })

  it('an interrupted command line stops with 130', () => {
    let calls = 0
    const stop: Command = function* (_a, ctx) {
      calls++
      yield { type: 'sleep', ms: 1 }
      return ctx.io.interrupted() ? 130 : 0
    }
    const state = newState({ env: { HOME: '/root' }, cwd: '/root' })
    const r = runShell('stop; echo never', { commands: { ...coreUtils, stop }, state })
    expect(calls).toBe(1)
    expect(r.stdout).toBe('never\n')
  })
})

describe('shell behaviour', () => {
  it('reports unknown commands like bash', () => {
    const r = runShell('foo --bar')
    expect(r.stderr).toBe('bash: foo: command not found\n')
    expect(r.code).toBe(127)
  })

  it('keeps variables, functions, aliases and cwd in the state between runs', () => {
    const first = runShell('X=1; export Y=2; f() { echo f$1; }; alias ll="ls -l"; cd /tmp')
    const r = runShell('echo $X $Y; f 1; alias ll; pwd', { state: first.state, fs: first.fs })
    expect(r.stdout).toBe("1 2\nf1\nalias ll='ls -l'\n/tmp\n")
  })

  it('expands aliases in command position', () => {
    const r = runShell('alias say="echo said"; say hi')
    expect(r.stdout).toBe('said hi\n')
  })

  it('set -e stops at the first failure outside conditions', () => {
    expect(
      runShell('set -e; if false; then :; fi; false || true; echo ok; false; echo no').stdout,
    ).toBe('ok\n')
  })

  it('set -x traces commands on stderr', () => {
    expect(runShell('set -x; echo "a b" c').stderr).toBe("+ echo 'a b' c\n")
  })

  it('pipes run stage by stage in subshells', () => {
    const r = runShell('x=1; echo 2 | read x; echo $x; printf "b\\na\\n" | sort | head -1')
    expect(r.stdout).toBe('1\na\n')
  })

  it('redirects in order: >f 2>&1 versus 2>&1 >f', () => {
    const a = runShell('ls nosuch >f 2>&1; cat f')
    expect(a.stdout).toBe("ls: cannot access 'nosuch': No such file or directory\n")
    const b = runShell('ls nosuch 2>&1 >f')
    expect(b.stdout).toBe("ls: cannot access 'nosuch': No such file or directory\n")
    expect(b.fs.read('/root/f')).toBe('')
  })

  it('reports redirection errors and skips the command', () => {
    const r = runShell('echo hi > /nodir/f; echo $?; cat < missing')
    expect(r.stderr).toBe(
      'bash: /nodir/f: No such file or directory\nbash: missing: No such file or directory\n',
    )
    expect(r.stdout).toBe('1\n')
  })

  it('runs background jobs until they wait, then reports them', () => {
    const r = runShell('sleep 10 & echo started; jobs')
    expect(r.stderr).toBe('[1] 4243\n')
    expect(r.stdout).toBe('started\n[1]+  Running                 sleep 10 &\n')
    const done = runShell('echo quick &')
    expect(done.stderr).toBe('[1] 4243\n[1]+  Done                    echo quick\n')
    const waited = runShell('sleep 3 & wait; echo $?')
    expect(waited.elapsed).toBe(3000)
  })

  it('lets background jobs catch up as virtual time passes', () => {
    const r = runShell('(sleep 2; echo late) & echo now; sleep 5; echo after')
    expect(r.stdout).toBe('now\nlate\nafter\n')
    expect(r.stderr).toBe('[1] 4243\n[1]+  Done                    (sleep 2; echo late)\n')
    const killed = runShell('sleep 100 & kill %1')
    expect(killed.stderr).toBe('[1] 4243\n[1]+  Terminated              sleep 100\n')
  })

  it('globs against the virtual file system', () => {
    const r = runShell('echo *.yaml; echo dir/*; echo none*', {
      files: { 'a.yaml': '', 'b.yaml': '', 'dir/x': '' },
    })
    expect(r.stdout).toBe('a.yaml b.yaml\ndir/x\nnone*\n')
  })

  it('runs scripts from the file system with arguments', () => {
    const r = runShell(
      'chmod +x s.sh; ./s.sh one two; sh s.sh three; bash -c \'echo "$0 $1"\' zero first',
      {
        files: { 's.sh': 'echo "args: $# $1"\nexit 3\n' },
      },
    )
    expect(r.stdout).toBe('args: 2 one\nargs: 1 three\nzero first\n')
  })

  it('read consumes lines of a redirected loop', () => {
    const r = runShell('while read -r name age; do echo "$name is $age"; done < people', {
      files: { people: 'ann 30\nbob 25\n' },
    })
    expect(r.stdout).toBe('ann is 30\nbob is 25\n')
  })

  it('xargs, watch and history work with the shell', () => {
    expect(runShell('printf "a\\nb\\n" | xargs -n1 echo item').stdout).toBe('item a\nitem b\n')
    const w = runShell('timeout 5 watch -n 2 date +%S')
    expect(w.stdout).toBe(
      'Every 2.0s: date +%S' +
        ' '.repeat(80 - 20 - 39) +
        'control-plane: Mon Jan  6 09:00:00 2025\n\n00\n' +
        'Every 2.0s: date +%S' +
        ' '.repeat(80 - 20 - 39) +
        'control-plane: Mon Jan  6 09:00:02 2025\n\n02\n' +
        'Every 2.0s: date +%S' +
        ' '.repeat(80 - 20 - 39) +
        'control-plane: Mon Jan  6 09:00:04 2025\n\n04\n',
    )
  })

  it('runs $KUBE_EDITOR or $EDITOR for programs that open an editor, like kubectl edit', () => {
    const edits: Command = function* (args, ctx) {
      const path = ctx.resolve(args[0])
      yield { type: 'edit', path }
      ctx.io.out(ctx.fs.read(path) ?? '')
      return 0
    }
    const commands = { ...coreUtils, edits }
    const files = { 'obj.yaml': 'replicas: 1\n' }
    const r = runShell('KUBE_EDITOR="sed -i s/1/3/" edits obj.yaml', { commands, files })
    expect(r.stdout).toBe('replicas: 3\n')
    expect(r.effects).toEqual([])
    const plain = runShell('edits obj.yaml', { commands, files })
    expect(plain.effects).toEqual([{ type: 'edit', path: '/root/obj.yaml' }])
    const vim = runShell('EDITOR=vim edits obj.yaml', { commands, files })
    expect(vim.effects).toEqual([{ type: 'edit', path: '/root/obj.yaml' }])
  })

  it('reads files with $(< file) and says plainly that arrays are not supported', () => {
    expect(runShell('x=$(< a.txt); echo "$x"', { files: { 'a.txt': 'one\ntwo\n' } }).stdout).toBe(
      'one\ntwo\n',
    )
    expect(runShell('a=(1 2)').stderr).toBe(
      'bash: a=(...): arrays are not supported in this shell\n',
    )
  })

  it('runs EXIT traps when a shell ends', () => {
    expect(runShell(`sh -c 'trap "echo cleanup" EXIT; echo work'`).stdout).toBe('work\ncleanup\n')
    expect(runShell("trap 'echo bye' EXIT; trap").stdout).toBe("trap -- 'echo bye' EXIT\n")
    const ended = runShell("trap 'echo bye' EXIT; exit 3")
    expect(ended).toMatchObject({ stdout: 'bye\n', code: 3 })
    expect(runShell('trap x FOO').stderr).toBe('bash: trap: FOO: invalid signal specification\n')
  })

  it('clear emits the terminal clear sequence', () => {
    expect(runShell('clear').stdout).toBe('\x1b[H\x1b[2J\x1b[3J')
  })

  it('jq is not pretended', () => {
    expect(runShell('echo {} | jq .').stderr).toBe('bash: jq: command not found\n')
  })
})
