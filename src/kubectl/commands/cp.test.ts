import { describe, expect, test } from 'vitest'
import { harness, type Harness } from '../testHarness.ts'

/** A cluster with a busybox pod, an nginx pod (Debian, GNU tar) and a pause pod (no tar). */
function cluster(): Harness {
  const h = harness()
  h.run('run bb --image=busybox -- sleep 3600')
  h.run('run web --image=nginx')
  h.run('run bare --image=registry.k8s.io/pause:3.10')
  h.sim.advance(30_000)
  h.fs.write('/root/example.txt', 'hello\n')
  return h
}

const exec = (h: Harness, pod: string, ...cmd: string[]) => h.run(['exec', pod, '--', ...cmd])

describe('kubectl cp', () => {
  test('a file into the working directory of the container and back (seed 003)', () => {
    const h = cluster()
    expect(h.run('cp example.txt bb:.')).toEqual({ code: 0, out: '', err: '' })
    expect(exec(h, 'bb', 'cat', 'example.txt').out).toBe('hello\n')
    expect(h.run('cp bb:example.txt copy.txt')).toEqual({ code: 0, out: '', err: '' })
    expect(h.fs.read('/root/copy.txt')).toBe('hello\n')
  })

  test('absolute paths: tar says it removes the leading slash, on kubectl’s stdout', () => {
    const h = cluster()
    expect(h.run('cp example.txt web:/tmp/e.txt').code).toBe(0)
    expect(h.run('cp web:/tmp/e.txt back.txt')).toEqual({
      code: 0,
      out: "tar: Removing leading `/' from member names\n",
      err: '',
    })
    expect(h.fs.read('/root/back.txt')).toBe('hello\n')
    // busybox words it its own way
    h.run('cp example.txt bb:/tmp/e.txt')
    expect(h.run('cp bb:/tmp/e.txt b2.txt').out).toBe(
      "tar: removing leading '/' from member names\n",
    )
  })

  test('into an existing directory the file keeps its name; otherwise the path names it', () => {
    const h = cluster()
    h.run('cp example.txt web:/tmp')
    expect(exec(h, 'web', 'cat', '/tmp/example.txt').out).toBe('hello\n')
    h.run('cp example.txt web:/tmp/renamed.txt')
    expect(exec(h, 'web', 'cat', '/tmp/renamed.txt').out).toBe('hello\n')
  })

  test('directories both ways, nested, keeping non-ASCII contents byte for byte', () => {
    const h = cluster()
    h.fs.write('/root/dd/one', '1\n')
    h.fs.write('/root/dd/s/two', 'zwei ü 二\n')
    expect(h.run('cp dd web:/tmp/dd')).toEqual({ code: 0, out: '', err: '' })
    expect(exec(h, 'web', 'cat', '/tmp/dd/s/two').out).toBe('zwei ü 二\n')
    expect(h.run('cp web:/tmp/dd back').code).toBe(0)
    expect(h.fs.read('/root/back/one')).toBe('1\n')
    expect(h.fs.read('/root/back/s/two')).toBe('zwei ü 二\n')
    // an existing destination directory receives the copy under its own name
    h.run('cp dd web:/tmp/dd')
    expect(exec(h, 'web', 'cat', '/tmp/dd/dd/one').out).toBe('1\n')
  })

  test('a file copied onto a local directory fails as kubectl’s os.Create does', () => {
    const h = cluster()
    h.run('cp example.txt web:/tmp/e.txt')
    expect(h.run('cp web:/tmp/e.txt .')).toEqual({
      code: 1,
      out: "tar: Removing leading `/' from member names\n",
      err: 'error: open .: is a directory\n',
    })
  })

  test('`./name` sources do not match kubectl’s own prefix', () => {
    const h = cluster()
    h.run('cp example.txt bb:.')
    expect(h.run('cp bb:./example.txt e2')).toEqual({
      code: 1,
      out: '',
      err: 'error: tar contents corrupted\n',
    })
  })

  test('a missing remote file: tar’s complaint, then kubectl has read the whole archive and ends 0', () => {
    const h = cluster()
    expect(h.run('cp web:/nope x')).toEqual({
      code: 0,
      out: 'tar: /nope: Cannot stat: No such file or directory\n',
      err: '',
    })
    expect(h.fs.exists('/root/x')).toBe(false)
  })

  test('errors before any exec', () => {
    const h = cluster()
    expect(h.run('cp nope bb:/x').err).toBe("error: nope doesn't exist in local filesystem\n")
    expect(h.run('cp a').err).toBe('error: source and destination are required\n')
    expect(h.run('cp a b').err).toBe(
      'error: one of src or dest must be a remote file specification\n',
    )
    expect(h.run('cp bb:a bb:b').err).toBe(
      'error: one of src or dest must be a local file specification\n',
    )
    expect(h.run('cp :a b').err).toBe(
      'error: filespec must match the canonical format: [[namespace/]pod:]file/path\n',
    )
    expect(h.run('cp a/b/c:x y').err).toBe(
      'error: filespec must match the canonical format: [[namespace/]pod:]file/path\n',
    )
    expect(h.run('cp bb: y').err).toBe('error: filepath can not be empty\n')
    expect(h.run('cp example.txt nope:/x').err).toBe(
      'Error from server (NotFound): pods "nope" not found\n',
    )
  })

  test('an image without tar fails with the runtime’s exec error', () => {
    const h = cluster()
    const r = h.run('cp example.txt bare:/x')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(
      /^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "tar": executable file not found in \$PATH: unknown\n$/,
    )
  })

  test('namespace/pod, -c and --no-preserve', () => {
    const h = cluster()
    h.run('create namespace other')
    h.run('run two -n other --image=busybox -- sleep 3600')
    h.sim.advance(30_000)
    h.fs.write('/root/run.sh', 'echo hi\n')
    h.run('cp run.sh other/two:/tmp/run.sh -c two --no-preserve')
    expect(h.run(['exec', '-n', 'other', 'two', '--', 'cat', '/tmp/run.sh']).out).toBe('echo hi\n')
    expect(h.run('cp run.sh bb:/tmp/x -c nope').err).toBe(
      'Error from server (BadRequest): container nope is not valid for pod bb\n',
    )
  })

  test('--retries pipes tar through tail and still copies the file', () => {
    const h = cluster()
    h.run('cp example.txt bb:/tmp/e.txt')
    expect(h.run('cp bb:/tmp/e.txt r.txt --retries=2')).toEqual({
      code: 0,
      out: "tar: removing leading '/' from member names\n",
      err: '',
    })
    expect(h.fs.read('/root/r.txt')).toBe('hello\n')
  })
})
