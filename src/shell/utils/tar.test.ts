import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { runShell } from '../testing.ts'
import { createFs } from '../fs.ts'
import { readArchive, writeArchive } from './tarFormat.ts'
import { busyboxTar } from './tar.ts'
import { coreUtils } from '../coreUtils.ts'

const FILES = { 'd/a.txt': 'hello\n', 'd/sub/b.txt': 'zwei ü 二\n' }
/** The same files made at the shell's clock, so their times are the session's. */
const MAKE = "mkdir -p d/sub && echo hello > d/a.txt && echo 'zwei ü 二' > d/sub/b.txt && "

describe('tar (GNU tar on the node)', () => {
  test('create, list verbosely, extract elsewhere', () => {
    const r = runShell(
      MAKE + 'tar cvf x.tar d && tar tvf x.tar && mkdir out && tar xf x.tar -C out',
    )
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      [
        'd/',
        'd/a.txt',
        'd/sub/',
        'd/sub/b.txt',
        'drwxr-xr-x root/root         0 2025-01-06 09:00 d/',
        '-rw-r--r-- root/root         6 2025-01-06 09:00 d/a.txt',
        'drwxr-xr-x root/root         0 2025-01-06 09:00 d/sub/',
        '-rw-r--r-- root/root        12 2025-01-06 09:00 d/sub/b.txt',
        '',
      ].join('\n'),
    )
    expect(r.fs.read('/root/out/d/sub/b.txt')).toBe('zwei ü 二\n')
  })

  test('through a pipe: `tar cf - … | tar xf - -C …`, leading `/` removed once', () => {
    const r = runShell('mkdir o && tar cf - /root/d /root/d/a.txt | tar xvf - -C o', {
      files: FILES,
    })
    expect(r.stderr).toBe("tar: Removing leading `/' from member names\n")
    expect(r.fs.read('/root/o/root/d/a.txt')).toBe('hello\n')
    expect(r.code).toBe(0)
  })

  test('GNU tar’s errors and exit codes', () => {
    const run = (src: string) => {
      const r = runShell(src, { files: FILES })
      return { err: r.stderr, code: r.code }
    }
    expect(run('tar cf - nope > /dev/null')).toEqual({
      err: 'tar: nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n',
      code: 2,
    })
    expect(run('tar xf - < /dev/null')).toEqual({
      err: 'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n',
      code: 2,
    })
    expect(run('tar cf x.tar d; tar xf x.tar -C nodir')).toEqual({
      err: 'tar: nodir: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n',
      code: 2,
    })
    expect(run('tar cf x.tar d; tar xf x.tar nothere')).toEqual({
      err: 'tar: nothere: Not found in archive\ntar: Exiting with failure status due to previous errors\n',
      code: 2,
    })
    expect(run('tar cf')).toEqual({
      err: "tar: Old option 'f' requires an argument.\nTry 'tar --help' or 'tar --usage' for more information.\n",
      code: 64,
    })
    expect(run('tar -q')).toEqual({
      err: "tar: invalid option -- 'q'\nTry 'tar --help' or 'tar --usage' for more information.\n",
      code: 64,
    })
    expect(run('tar')).toEqual({
      err: "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n",
      code: 2,
    })
    expect(run('tar cf x.tar')).toEqual({
      err: "tar: Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.\n",
      code: 2,
    })
  })

  test('extraction restores the archive’s times; -m leaves the time of extraction', () => {
    const r = runShell(
      MAKE + 'tar cf x.tar d && sleep 7200 && mkdir o m && tar xf x.tar -C o && tar xmf x.tar -C m',
    )
    const start = Date.UTC(2025, 0, 6, 9, 0, 0)
    expect(r.fs.stat('/root/o/d/a.txt')?.mtime).toBe(start)
    expect(r.fs.stat('/root/o/d/sub')?.mtime).toBe(start)
    expect(r.fs.stat('/root/m/d/a.txt')?.mtime).toBe(start + 7_200_000)
  })

  test('--version', () => {
    expect(runShell('tar --version').stdout).toMatch(/^tar \(GNU tar\) 1\.34\nCopyright \(C\) 2021/)
  })

  test('only the members asked for; -O writes them to stdout', () => {
    const r = runShell('tar cf x.tar d && tar xOf x.tar d/sub', { files: FILES })
    expect(r.stdout).toBe('zwei ü 二\n')
  })

  test('long names go through ././@LongLink', () => {
    const long = `d/${'x'.repeat(150)}.txt`
    const r = runShell(`tar cf x.tar ${long} && tar tf x.tar`, { files: { [long]: 'l\n' } })
    expect(r.stdout).toBe(`${long}\n`)
  })
})

describe('tar (busybox tar in busybox and alpine images)', () => {
  const run = (src: string) => {
    const r = runShell(MAKE + src, { commands: { ...coreUtils, tar: busyboxTar } })
    return { out: r.stdout, err: r.stderr, code: r.code }
  }

  test('its own words for what GNU tar says otherwise', () => {
    expect(run('tar cf - /root/d/a.txt nope > /dev/null')).toEqual({
      out: '',
      err: "tar: removing leading '/' from member names\ntar: nope: No such file or directory\ntar: error exit delayed from previous errors\n",
      code: 1,
    })
    expect(run('tar cf x.tar d; tar xf x.tar -C nodir').err).toBe(
      "tar: can't change directory to 'nodir': No such file or directory\n",
    )
    expect(run('tar cf x.tar d; tar xf x.tar nothere one')).toEqual({
      out: '',
      err: 'tar: nothere: not found in archive\n',
      code: 1,
    })
    expect(run('tar xf - < /dev/null')).toEqual({ out: '', err: '', code: 1 })
    expect(run('echo junk | tar xf -').err).toBe('tar: invalid tar magic\n')
    expect(run('tar cf x.tar')).toEqual({ out: '', err: 'tar: empty archive\n', code: 1 })
  })

  test('usage errors print its usage; -z is not built in here', () => {
    const r = run('tar xzf x.tar')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(
      /^tar: invalid option -- 'z'\nBusyBox v1\.36\.1 \(2023-06-02 00:42:02 UTC\) multi-call binary\.\n\nUsage: tar c\|x\|t /,
    )
    expect(run('tar').err).toMatch(/^BusyBox v1\.36\.1/)
  })

  test('verbose listing in busybox’s columns', () => {
    expect(run('tar cf x.tar d/a.txt && tar tvf x.tar').out).toBe(
      '-rw-r--r-- root/root         6 2025-01-06 09:00:00 d/a.txt\n',
    )
  })
})

const HAS_TAR = spawnSync('tar', ['--version'], { encoding: 'utf8' }).stdout?.includes('GNU tar')

describe.skipIf(!HAS_TAR)('archives against the real GNU tar', () => {
  test('ours read by GNU tar, GNU tar’s read by ours, contents byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeplay-tar-'))
    const fs = createFs()
    const r = runShell(MAKE + 'tar cf /tmp/x.tar d', { fs })
    expect(r.code).toBe(0)
    const ours = join(dir, 'ours.tar')
    writeFileSync(ours, Buffer.from(fs.read('/tmp/x.tar')!, 'utf8'))
    const listed = spawnSync('tar', ['tvf', ours, '--utc'], { encoding: 'utf8' })
    expect(listed.stderr).toBe('')
    expect(listed.stdout).toBe(
      [
        'drwxr-xr-x root/root         0 2025-01-06 09:00 d/',
        '-rw-r--r-- root/root         6 2025-01-06 09:00 d/a.txt',
        'drwxr-xr-x root/root         0 2025-01-06 09:00 d/sub/',
        '-rw-r--r-- root/root        12 2025-01-06 09:00 d/sub/b.txt',
        '',
      ].join('\n'),
    )
    expect(readFileSync(ours).length % 10240).toBe(0)
    spawnSync('tar', ['xf', ours, '-C', dir])
    expect(readFileSync(join(dir, 'd/sub/b.txt'), 'utf8')).toBe('zwei ü 二\n')

    writeFileSync(join(dir, 'nul.txt'), 'a\0b ü\n')
    const real = spawnSync('tar', ['cf', '-', '-C', dir, 'nul.txt', 'd'])
    const back = readArchive(real.stdout.toString('utf8'))
    expect(back.ok).toBe(true)
    // GNU tar lists a directory in the order the disk returns it
    const byName = back.entries.map((e) => [e.name, e.type, e.data]).sort()
    expect(byName).toEqual([
      ['d/', 'dir', ''],
      ['d/a.txt', 'file', 'hello\n'],
      ['d/sub/', 'dir', ''],
      ['d/sub/b.txt', 'file', 'zwei ü 二\n'],
      ['nul.txt', 'file', 'a\0b ü\n'],
    ])
  })

  test('busybox-style archives (no record padding) read by GNU tar', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeplay-tar-'))
    const file = join(dir, 'bb.tar')
    const entry = {
      name: 'x.txt',
      type: 'file' as const,
      mode: 0o600,
      mtime: 1_700_000_000,
      uid: 0,
      gid: 0,
      uname: 'root',
      gname: 'root',
      linkname: '',
      data: 'x\n',
    }
    writeFileSync(file, Buffer.from(writeArchive([entry], 'busybox'), 'utf8'))
    const listed = spawnSync('tar', ['tvf', file, '--utc'], { encoding: 'utf8' })
    expect(listed.stdout).toBe('-rw------- root/root         2 2023-11-14 22:13 x.txt\n')
  })
})
