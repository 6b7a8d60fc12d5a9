import { describe, expect, it } from 'vitest'
import { createSession, runLineSync } from '../../session/session.ts'

function session() {
  const s = createSession({ seed: 1 })
  const run = (line: string, stdin?: string) =>
    runLineSync(s, stdin === undefined ? line : `printf '${stdin}' | ${line}`, {
      isTTY: false,
      interruptAfterMs: 2000,
    })
  run('kubectl run n --image=nginx')
  run('kubectl run s --image=nginx --command -- sleep 3600')
  run('kubectl run b --image=busybox -- sleep 3600')
  s.sim.advance(20_000)
  return { sim: s.sim, run }
}

describe('programs run by exec', () => {
  it('read the standard input kubectl exec -i gives them', () => {
    const { run } = session()
    expect(run('kubectl exec -i b -- cat', 'hi\\n').stdout).toBe('hi\n')
    expect(run('kubectl exec -i n -- cat', 'hi\\n').stdout).toBe('hi\n')
    run('kubectl exec -i b -- sh -c "cat > /tmp/x"', 'kept\\n')
    expect(run('kubectl exec b -- cat /tmp/x').stdout).toBe('kept\n')
  }, 30_000)

  it('nginx -v, -t and a bad -s answer as nginx does', () => {
    const { run } = session()
    expect(run('kubectl exec n -- nginx -v')).toMatchObject({
      exitCode: 0,
      stderr: 'nginx version: nginx/1.27.3\n',
    })
    expect(run('kubectl exec n -- nginx -t').stderr).toBe(
      'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n' +
        'nginx: configuration file /etc/nginx/nginx.conf test is successful\n',
    )
    expect(run('kubectl exec n -- nginx -s bogus').stderr).toBe(
      'nginx: invalid option: "-s bogus"\ncommand terminated with exit code 1\n',
    )
  }, 30_000)

  it('nginx -s quit ends the container; without a running nginx it finds no pid file', () => {
    const { sim, run } = session()
    const none = run('kubectl exec s -- nginx -s reload')
    expect(none.exitCode).toBe(1)
    expect(none.stderr).toMatch(/\[error\] 47#47: open\(\) "\/var\/run\/nginx.pid" failed/)
    expect(run('kubectl exec n -- nginx -s quit').exitCode).toBe(0)
    sim.advance(2_000)
    const st = sim.api.get('pods', 'default', 'n').status.containerStatuses[0]
    expect(st.lastState.terminated ?? st.state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    })
  }, 30_000)
})
