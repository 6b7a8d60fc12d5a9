import { describe, expect, it } from 'vitest'
import { harness } from '../testHarness.ts'

const web = (replicas: number, image = 'nginx:1.25'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: ${image}
`

const ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`

describe('kubectl apply --server-side', () => {
  it('applies, reports the conflict with the scale subresource owner, and forces', () => {
    const h = harness({ seed: 2 })
    h.fs.write('/root/web.yaml', web(2))
    h.fs.write('/root/web3.yaml', web(3, 'nginx:1.26'))
    expect(h.run('apply --server-side -f web.yaml')).toEqual({
      code: 0,
      out: 'deployment.apps/web serverside-applied\n',
      err: '',
    })
    expect(h.run('scale deployment web --replicas=4').code).toBe(0)
    expect(h.run('apply --server-side -f web3.yaml')).toEqual({
      code: 1,
      out: '',
      err:
        'error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas\n' +
        ADVICE,
    })
    expect(h.run('apply --server-side --force-conflicts -f web3.yaml').out).toBe(
      'deployment.apps/web serverside-applied\n',
    )
    const d = h.sim.api.get('deployments.apps', 'default', 'web')
    expect(d.spec.replicas).toBe(3)
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.26')
  })

  it('shows managedFields only with --show-managed-fields', () => {
    const h = harness({ seed: 2 })
    h.fs.write('/root/web.yaml', web(2))
    h.run('apply --server-side --field-manager=team -f web.yaml')
    const plain = h.run('get deploy web -o yaml').out
    expect(plain).not.toContain('managedFields')
    expect(h.run('get deploy web -o json').out).not.toContain('managedFields')
    // Templates, jsonpath and custom columns are not wrapped in kubectl's omitting printer.
    expect(h.run('get deploy web -o jsonpath={.metadata.managedFields[0].manager}').out).toBe(
      'team',
    )
    expect(h.run('get deploy web -o custom-columns=M:.metadata.managedFields[0].manager').out).toBe(
      'M\nteam\n',
    )
    const shown = h.run('get deploy web -o yaml --show-managed-fields').out
    expect(shown).toContain(`  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:replicas: {}
        f:selector: {}
        f:template:
          f:metadata:
            f:labels:
              f:app: {}
          f:spec:
            f:containers:
              k:{"name":"nginx"}:
                .: {}
                f:image: {}
                f:name: {}
    manager: team
    operation: Apply
`)
  })

  it('refuses the flag combinations kubectl refuses', () => {
    const h = harness({ seed: 2 })
    h.fs.write('/root/web.yaml', web(2))
    expect(h.run('apply --force-conflicts -f web.yaml').err).toBe(
      'error: --force-conflicts only works with --server-side\n',
    )
    expect(h.run('apply --server-side --dry-run=client -f web.yaml').err).toBe(
      "error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n",
    )
  })

  it('records the field manager of each kubectl command', () => {
    const h = harness({ seed: 2 })
    h.run('create deployment web --image=nginx')
    h.run('label deployment web tier=fe')
    h.run('set image deployment/web nginx=nginx:1.27')
    const managers = (
      h.sim.api.get('deployments.apps', 'default', 'web').metadata.managedFields as {
        manager: string
        operation: string
      }[]
    )
      .filter((e) => e.operation === 'Update')
      .map((e) => e.manager)
    expect(managers).toEqual(
      expect.arrayContaining(['kubectl-create', 'kubectl-label', 'kubectl-set']),
    )
  })
})
