import { describe, expect, it } from 'vitest'
import { createSession, runLineSync, type Session } from '../../session/session.ts'

/** Each case boots a whole cluster. */
const SLOW = 30_000

function run(s: Session, line: string, interruptAfterMs = 5_000) {
  return runLineSync(s, line, { isTTY: false, interruptAfterMs })
}

/** Pods with a busybox and a Debian image, running. */
function withPods(): Session {
  const s = createSession({ seed: 3 })
  run(s, 'kubectl run bb --image=busybox:1.37 -- sleep 3600')
  run(s, 'kubectl run deb --image=debian:12 -- sleep 3600')
  s.sim.advance(20_000)
  return s
}

describe('tail: busybox and GNU wording, following files', () => {
  it(
    'a missing file: busybox says "can\'t open", coreutils "cannot open … for reading"',
    () => {
      const s = withPods()
      expect(run(s, 'kubectl exec bb -- tail /nope')).toMatchObject({
        stderr:
          "tail: can't open '/nope': No such file or directory\ncommand terminated with exit code 1\n",
        exitCode: 1,
      })
      expect(run(s, 'kubectl exec deb -- tail /nope').stderr).toBe(
        "tail: cannot open '/nope' for reading: No such file or directory\ncommand terminated with exit code 1\n",
      )
      // -f without retrying has nothing left to follow.
      expect(run(s, 'kubectl exec bb -- tail -f /nope').stderr).toBe(
        "tail: can't open '/nope': No such file or directory\ntail: no files\ncommand terminated with exit code 1\n",
      )
      expect(run(s, 'tail -f /nope')).toMatchObject({
        stderr:
          "tail: cannot open '/nope' for reading: No such file or directory\ntail: no files remaining\n",
        exitCode: 1,
      })
      expect(run(s, 'tail --retry /etc/hostname').stderr).toBe(
        'tail: warning: --retry ignored; --retry is useful only when following\n',
      )
    },
    SLOW,
  )

  it(
    '-F waits for a file, follows it, reports truncation and removal, in each wording',
    () => {
      const s = createSession({ seed: 3 })
      const script =
        'sleep 3; echo one > /data/f; sleep 2; echo two >> /data/f; sleep 2; echo 3 > /data/f; sleep 2; rm /data/f; sleep 3600'
      const reader = (name: string, image: string, command: string) => ({
        name,
        image,
        command: ['sh', '-c', command],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      })
      s.sim.api.create('pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'default' },
        spec: {
          containers: [
            reader('writer', 'busybox:1.37', script),
            reader('gnu', 'debian:12', 'tail -F /data/f'),
            reader('bb', 'alpine:3.21', 'tail -F /data/f'),
            reader('retry', 'debian:12', 'tail -f --retry /data/f'),
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      })
      s.sim.advance(60_000)
      expect(run(s, 'kubectl logs p -c gnu').stdout).toBe(
        "tail: cannot open '/data/f' for reading: No such file or directory\n" +
          "tail: '/data/f' has appeared;  following new file\n" +
          'one\ntwo\n' +
          'tail: /data/f: file truncated\n' +
          '3\n' +
          "tail: '/data/f' has become inaccessible: No such file or directory\n",
      )
      expect(run(s, 'kubectl logs p -c bb').stdout).toBe(
        "tail: can't open '/data/f': No such file or directory\n" +
          'tail: /data/f has appeared; following end of new file\n' +
          'one\ntwo\n3\n' +
          'tail: /data/f has become inaccessible: No such file or directory\n',
      )
      // Following the descriptor: --retry only helps the first open, a removal goes unnoticed.
      expect(run(s, 'kubectl logs p -c retry').stdout).toBe(
        'tail: warning: --retry only effective for the initial open\n' +
          "tail: cannot open '/data/f' for reading: No such file or directory\n" +
          "tail: '/data/f' has appeared;  following new file\n" +
          'one\ntwo\n' +
          'tail: /data/f: file truncated\n' +
          '3\n',
      )
    },
    SLOW,
  )
})
