import { describe, expect, it } from 'vitest'
import { createSession, restoreSession, runLineSync } from './session.ts'
import { listen, unlisten } from '../kubectl/forwards.ts'

describe('session on the control-plane node', () => {
  it('runs shell lines end to end', () => {
    const s = createSession({ seed: 1 })
    expect(runLineSync(s, 'echo hi | tr a-z A-Z')).toEqual({
      stdout: 'HI\n',
      stderr: '',
      exitCode: 0,
    })
    expect(runLineSync(s, 'for i in $(seq 3); do echo $i; done').stdout).toBe('1\n2\n3\n')
    expect(s.prompt()).toBe('root@control-plane:~# ')
    runLineSync(s, 'cd /etc')
    expect(s.prompt()).toBe('root@control-plane:/etc# ')
  })

  it('has kubectl with the k and kk aliases and a kubeadm kubeconfig', () => {
    const s = createSession({ seed: 1 })
    const r = runLineSync(s, 'k get nodes')
    expect(r.exitCode).toBe(0)
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/)
    expect(r.stdout).toContain('control-plane   Ready')
    expect(runLineSync(s, 'kk config current-context').stdout).toBe('kubernetes-admin@kubernetes\n')
    expect(runLineSync(s, 'grep -c server: /etc/kubernetes/admin.conf').stdout).toBe('1\n')
  })

  it('uses the minikube context and has minikube on the minikube preset only', () => {
    const m = createSession({ seed: 1, cluster: 'minikube' })
    expect(runLineSync(m, 'kubectl config current-context').stdout).toBe('minikube\n')
    expect(runLineSync(m, 'kubectl get nodes -o name').stdout).toBe('node/minikube\n')
    expect(runLineSync(m, 'minikube ip').stdout).toBe('192.168.49.2\n')
    expect(m.prompt()).toBe('root@minikube:~# ')
    const k = createSession({ seed: 1 })
    expect(runLineSync(k, 'minikube ip')).toMatchObject({
      stderr: 'bash: minikube: command not found\n',
      exitCode: 127,
    })
  })

  it('applies manifests from heredocs and lets sleeps advance the cluster', () => {
    const s = createSession({ seed: 7 })
    const apply = runLineSync(
      s,
      'cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: nginx\nEOF',
    )
    expect(apply.stdout).toBe('pod/web created\n')
    runLineSync(s, 'sleep 30')
    expect(runLineSync(s, "kubectl get pod web -o jsonpath='{.status.phase}'").stdout).toBe(
      'Running',
    )
  })

  it('has the node tools a tutorial reaches for: uname, find, sudo', () => {
    const s = createSession({ seed: 1, files: { 'app/web.yaml': '', 'app/notes.txt': '' } })
    expect(runLineSync(s, 'uname -r').stdout).toBe(
      runLineSync(
        s,
        "kubectl get node control-plane -o jsonpath='{.status.nodeInfo.kernelVersion}'; echo",
      ).stdout,
    )
    expect(runLineSync(s, 'find app -name "*.yaml"').stdout).toBe('app/web.yaml\n')
    expect(runLineSync(s, 'sudo kubectl get ns default -o name').stdout).toBe('namespace/default\n')
  })

  it('curl errors read like curl', () => {
    const s = createSession({ seed: 1 })
    expect(runLineSync(s, 'curl http://nosuch.example')).toMatchObject({
      stderr: 'curl: (6) Could not resolve host: nosuch.example\n',
      exitCode: 6,
    })
    expect(runLineSync(s, 'curl -s http://nosuch.example; echo $?').stdout).toBe('6\n')
    expect(runLineSync(s, 'curl localhost:8080')).toMatchObject({
      stderr:
        "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n",
      exitCode: 7,
    })
  })

  it('curl reaches the loopback listeners of kubectl port-forward and proxy', () => {
    const s = createSession({ seed: 1 })
    expect(listen(s.sim, 8001, { kind: 'proxy', connections: 0 })).toBe(true)
    const r = runLineSync(s, 'curl -s localhost:8001/api')
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'APIVersions', versions: ['v1'] })
    expect(runLineSync(s, 'curl -si http://127.0.0.1:8001/api | head -1').stdout).toBe(
      'HTTP/1.1 200 OK\r\n',
    )
    unlisten(s.sim, 8001)
    expect(runLineSync(s, 'curl -s localhost:8001; echo $?').stdout).toBe('7\n')
  })

  it('vi asks for the terminal editor, which a script run does not have', () => {
    const s = createSession({ seed: 1, files: { 'notes.txt': 'hello\n' } })
    const vi = runLineSync(s, 'EDITOR="sed -i s/hello/bye/" vi notes.txt')
    expect(vi.stderr).toContain('no interactive editor for /root/notes.txt')
    expect(s.fs.read('/root/notes.txt')).toBe('hello\n')
  })

  it('expands history references like interactive bash', () => {
    const s = createSession({ seed: 1 })
    runLineSync(s, 'echo one two')
    expect(runLineSync(s, '!!')).toMatchObject({ stdout: 'echo one two\none two\n' })
    expect(runLineSync(s, 'echo !$').stdout).toBe('echo two\ntwo\n')
    expect(runLineSync(s, "echo '!!' done!").stdout).toBe('!! done!\n')
    expect(runLineSync(s, 'echo !nosuch')).toMatchObject({
      stderr: 'bash: !nosuch: event not found\n',
      exitCode: 1,
    })
    expect(s.shell.history).toEqual(['echo one two', 'echo one two', 'echo two', "echo '!!' done!"])
  })

  it('records history and completes commands, kubectl verbs and files', () => {
    const s = createSession({ seed: 1, files: { 'deploy.yaml': '' } })
    runLineSync(s, 'echo one')
    runLineSync(s, 'history')
    expect(s.shell.history).toEqual(['echo one', 'history'])
    expect(s.complete('kubec')).toEqual(['kubectl'])
    expect(s.complete('kubectl ge')).toEqual(['get'])
    expect(s.complete('k get no')).toContain('nodes')
    expect(s.complete('kubectl apply -f dep')).toEqual(['deploy.yaml'])
  })

  it('snapshots and restores cluster, files and shell', () => {
    const s = createSession({ seed: 3 })
    runLineSync(
      s,
      'X=42; mkdir -p work; echo data > work/f; cd work; kubectl create namespace demo',
    )
    const snap = JSON.parse(JSON.stringify(s.snapshot()))
    const r = restoreSession(snap)
    expect(JSON.stringify(r.snapshot())).toBe(JSON.stringify(snap))
    expect(runLineSync(r, 'echo $X; cat f; pwd').stdout).toBe('42\ndata\n/root/work\n')
    expect(runLineSync(r, 'kubectl get ns demo -o name').stdout).toBe('namespace/demo\n')
  })

  it('is deterministic: same seed and lines give the same output', () => {
    const lines = [
      'kubectl create deployment web --image=nginx --replicas=3',
      'sleep 20',
      'kubectl get pods -o wide',
    ]
    const run = (): string => {
      const s = createSession({ seed: 11 })
      return lines.map((l) => runLineSync(s, l).stdout).join('')
    }
    expect(run()).toBe(run())
  })

  it('stops an endless loop that sleeps after the maximum virtual time of a command', () => {
    const s = createSession({ seed: 1 })
    const start = s.sim.now()
    const r = runLineSync(s, 'while true; do date +%T; sleep 10; done', { maxCommandMs: 30_000 })
    expect(r.stdout).toBe('09:00:00\n09:00:10\n09:00:20\n')
    expect(r.exitCode).toBe(130)
    expect(s.sim.now() - start).toBe(30_000)
  })

  it('interrupts commands that wait for Ctrl-C after the configured virtual time', () => {
    const s = createSession({ seed: 1 })
    const start = s.sim.now()
    const r = runLineSync(s, 'tail -f /etc/hostname', { interruptAfterMs: 5000 })
    expect(r.stdout).toBe('control-plane\n')
    expect(r.exitCode).toBe(130)
    expect(s.sim.now() - start).toBe(5000)
  })
})
