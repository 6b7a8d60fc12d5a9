import { describe, expect, test } from 'vitest'
import { harness } from '../testHarness.ts'

describe('deployments through kubectl', () => {
  test('create, scale, label, annotate, set image', () => {
    const h = harness()
    expect(h.run('create deployment web --image=nginx:1.27 --replicas=2').out).toBe(
      'deployment.apps/web created\n',
    )
    expect(h.run('scale deploy web --replicas=3').out).toBe('deployment.apps/web scaled\n')
    expect(h.run('scale deploy web --replicas=4 --current-replicas=2').err).toBe(
      'error: Expected replicas to be 2, was 3\n',
    )
    expect(h.run('scale deploy web').err).toBe('error: required flag(s) "replicas" not set\n')
    expect(h.run('label deploy web tier=fe').out).toBe('deployment.apps/web labeled\n')
    expect(h.run('label deploy web tier=be')).toEqual({
      code: 1,
      out: '',
      err: "error: 'tier' already has a value (fe), and --overwrite is false\n",
    })
    expect(h.run('label deploy web tier=be --overwrite').out).toBe('deployment.apps/web labeled\n')
    expect(h.run('label deploy web tier-').out).toBe('deployment.apps/web unlabeled\n')
    expect(h.run('label deploy web nothere-').out).toBe(
      'label "nothere" not found.\ndeployment.apps/web not labeled\n',
    )
    expect(h.run('annotate deploy web owner=team-a').out).toBe('deployment.apps/web annotated\n')
    expect(h.run('set image deploy/web nginx=nginx:1.28').out).toBe(
      'deployment.apps/web image updated\n',
    )
    expect(h.run('set image deploy/web nginx=nginx:1.28')).toEqual({ code: 0, out: '', err: '' })
    expect(h.run('set image deploy/web foo=nginx:1.28').err).toBe(
      'error: unable to find container named "foo"\n',
    )
    const d = h.sim.api.get('deployments.apps', 'default', 'web')
    expect(d.spec.replicas).toBe(3)
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.28')
    expect(d.metadata.annotations?.owner).toBe('team-a')
  })

  test('rollout status prints each observed state and ends with success', () => {
    const h = harness()
    h.run('create deployment web --image=nginx:1.27 --replicas=2')
    const r = h.run('rollout status deployment/web --timeout=2m')
    expect(r.code).toBe(0)
    expect(r.out.endsWith('deployment "web" successfully rolled out\n')).toBe(true)
    for (const line of r.out.trimEnd().split('\n'))
      expect(line).toMatch(
        /^(Waiting for deployment spec update to be observed\.\.\.|Waiting for deployment "web" rollout to finish: (\d+ out of 2 new replicas have been updated|\d+ old replicas are pending termination|\d+ of \d+ updated replicas are available)\.\.\.|deployment "web" successfully rolled out)$/,
      )
    expect(h.run('rollout status deployment/web').out).toBe(
      'deployment "web" successfully rolled out\n',
    )
  })

  test("rollout status times out with kubectl's error", () => {
    const h = harness()
    h.run('create deployment web --image=nginx:1.27')
    h.run('rollout status deployment/web --timeout=2m')
    h.run('set image deployment/web nginx=nginx:does-not-exist')
    const r = h.run('rollout status deployment/web --timeout=30s')
    expect(r.code).toBe(1)
    expect(r.err).toBe('error: timed out waiting for the condition\n')
  })

  test('history, undo, pause, resume, restart', () => {
    const h = harness()
    h.run('create deployment web --image=nginx:1.27')
    h.run('rollout status deployment/web --timeout=2m')
    h.run('set image deployment/web nginx=nginx:1.28')
    h.run('rollout status deployment/web --timeout=5m')
    expect(h.run('rollout history deployment/web').out).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
    )
    const rev1 = h.run('rollout history deployment/web --revision=1').out
    expect(
      rev1.startsWith('deployment.apps/web with revision #1\nPod Template:\n  Labels:  app=web\n'),
    ).toBe(true)
    expect(rev1).toContain('    Image:         nginx:1.27\n')
    expect(h.run('rollout undo deployment/web').out).toBe('deployment.apps/web rolled back\n')
    expect(
      h.sim.api.get('deployments.apps', 'default', 'web').spec.template.spec.containers[0].image,
    ).toBe('nginx:1.27')
    expect(h.run('rollout undo deployment/web --to-revision=9').err).toBe(
      'error: unable to find specified revision 9 in history\n',
    )
    expect(h.run('rollout pause deployment/web').out).toBe('deployment.apps/web paused\n')
    expect(h.run('rollout pause deployment/web').out).toBe('deployment.apps/web already paused\n')
    expect(h.run('rollout undo deployment/web').err).toBe(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n",
    )
    expect(h.run('rollout resume deployment/web').out).toBe('deployment.apps/web resumed\n')
    expect(h.run('rollout resume deployment/web').out).toBe('deployment.apps/web already resumed\n')
    expect(h.run('rollout restart deployment/web').out).toBe('deployment.apps/web restarted\n')
    const restartedAt = h.sim.api.get('deployments.apps', 'default', 'web').spec.template.metadata
      .annotations['kubectl.kubernetes.io/restartedAt']
    expect(restartedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  test('expose a deployment, and the introspection errors', () => {
    const h = harness()
    h.run('create deployment web --image=nginx:1.27 --port=80')
    expect(h.run('expose deployment web --type=NodePort').out).toBe('service/web exposed\n')
    const svc = h.sim.api.get('services', 'default', 'web')
    expect(svc.spec).toMatchObject({ type: 'NodePort', selector: { app: 'web' } })
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, protocol: 'TCP', targetPort: 80 })
    h.run('create deployment bare --image=nginx')
    expect(h.run('expose deployment bare').err).toBe(
      "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n",
    )
    h.fs.write(
      '/root/p.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n',
    )
    h.run('create -f p.yaml')
    expect(h.run('expose pod p --port=80').err).toBe(
      "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\nSee 'kubectl expose -h' for help and examples\n",
    )
    expect(h.run('expose node worker-1 --port=80').err).toBe('error: cannot expose a Node\n')
  })

  test('run creates a pod; run -i --rm shows its output then deletes it', () => {
    const h = harness()
    expect(h.run(['run', 'bb', '--image=busybox', '--restart=Never', '--', 'echo', 'hi']).out).toBe(
      'pod/bb created\n',
    )
    const pod = h.sim.api.get('pods', 'default', 'bb')
    expect(pod.metadata.labels).toEqual({ run: 'bb' })
    expect(pod.spec.containers[0]).toMatchObject({
      name: 'bb',
      image: 'busybox',
      args: ['echo', 'hi'],
    })
    const r = h.run([
      'run',
      'once',
      '-i',
      '--rm',
      '--image=busybox',
      '--restart=Never',
      '--',
      'echo',
      'hello',
    ])
    expect(r).toEqual({ code: 0, out: 'hello\npod "once" deleted\n', err: '' })
    expect(h.run('run x --image=nginx --restart=Sometimes').err).toBe(
      "error: invalid restart policy: Sometimes\nSee 'kubectl run -h' for help and examples\n",
    )
  })
})
