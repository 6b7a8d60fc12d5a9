import { describe, expect, test } from 'vitest'
import { harness } from '../testHarness.ts'

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
`

describe('get / create / apply / delete', () => {
  test('empty namespace prints the notice on stderr and exits 0', () => {
    const h = harness()
    expect(h.run('get pods')).toEqual({
      code: 0,
      out: '',
      err: 'No resources found in default namespace.\n',
    })
    expect(h.run('get pods -n empty').err).toBe('No resources found in empty namespace.\n')
  })

  test('unknown type, unknown named object, missing namespace', () => {
    const h = harness()
    expect(h.run('get foo')).toEqual({
      code: 1,
      out: '',
      err: 'error: the server doesn\'t have a resource type "foo"\n',
    })
    expect(h.run('get pods x').err).toBe('Error from server (NotFound): pods "x" not found\n')
    expect(h.run('get deploy nope').err).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    )
    expect(h.run('get pod x -n nosuch').err).toBe(
      'Error from server (NotFound): namespaces "nosuch" not found\n',
    )
  })

  test('create -f, AlreadyExists with the file name, apply configured then unchanged', () => {
    const h = harness()
    h.fs.write('/root/pod.yaml', POD)
    expect(h.run('create -f pod.yaml')).toEqual({ code: 0, out: 'pod/web created\n', err: '' })
    expect(h.run('create -f pod.yaml')).toEqual({
      code: 1,
      out: '',
      err: 'Error from server (AlreadyExists): error when creating "pod.yaml": pods "web" already exists\n',
    })
    const first = h.run('apply -f pod.yaml')
    expect(first.out).toBe('pod/web configured\n')
    expect(first.err).toContain('is missing the kubectl.kubernetes.io/last-applied-configuration')
    expect(h.run('apply -f pod.yaml')).toEqual({ code: 0, out: 'pod/web unchanged\n', err: '' })
    h.fs.write('/root/pod.yaml', POD.replace('app: web', 'app: web2'))
    expect(h.run('apply -f pod.yaml').out).toBe('pod/web configured\n')
    expect(h.sim.api.get('pods', 'default', 'web').metadata.labels).toEqual({ app: 'web2' })
  })

  test('apply records the last-applied annotation as key-sorted JSON', () => {
    const h = harness()
    h.fs.write('/root/pod.yaml', POD)
    expect(h.run('apply -f pod.yaml').out).toBe('pod/web created\n')
    const pod = h.sim.api.get('pods', 'default', 'web')
    expect(pod.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.27","name":"nginx"}]}}\n',
    )
  })

  test('apply of an unknown kind and a YAML syntax error', () => {
    const h = harness()
    h.fs.write(
      '/root/psp.yaml',
      'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\n',
    )
    expect(h.run('apply --validate=false -f psp.yaml').err).toBe(
      'error: resource mapping not found for name: "restricted" namespace: "" from "psp.yaml": no matches for kind "PodSecurityPolicy" in version "policy/v1beta1"\nensure CRDs are installed first\n',
    )
    h.fs.write(
      '/root/bad.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx\n     ports: 80\n',
    )
    expect(h.run('apply -f bad.yaml').err).toBe(
      'error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 9: mapping values are not allowed in this context\n',
    )
  })

  test('delete waits for the pod to go and prints the deleted line', () => {
    const h = harness()
    h.fs.write('/root/pod.yaml', POD)
    h.run('create -f pod.yaml')
    expect(h.run('delete pod web')).toEqual({ code: 0, out: 'pod "web" deleted\n', err: '' })
    expect(h.sim.api.tryGet('pods', 'default', 'web')).toBeUndefined()
    expect(h.run('delete pod web').err).toBe('Error from server (NotFound): pods "web" not found\n')
    expect(h.run('delete pod web --ignore-not-found')).toEqual({ code: 0, out: '', err: '' })
  })

  test('usage errors', () => {
    const h = harness()
    expect(h.run('get --foo').err).toBe(
      "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n",
    )
    expect(h.run('get -x').err).toBe(
      "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n",
    )
    expect(h.run('get -n').err).toBe(
      "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n",
    )
    expect(h.run('foo').err).toBe(
      'error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n',
    )
    expect(h.run('-n default foo').err).toBe(
      'Error: flags cannot be placed before plugin name: -n\n',
    )
    expect(h.run('delete pods').err).toBe(
      'error: resource(s) were provided, but no name was specified\n',
    )
    expect(h.run('apply').err).toBe('error: must specify one of -f and -k\n')
  })
})

describe('kubeconfig', () => {
  test('set-context --current changes the default namespace', () => {
    const h = harness()
    expect(h.run('config get-contexts').out).toBe(
      'CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n',
    )
    expect(h.run('config set-context --current --namespace=dev').out).toBe(
      'Context "kubernetes-admin@kubernetes" modified.\n',
    )
    expect(h.run('get pods').err).toBe('No resources found in dev namespace.\n')
    expect(h.run('config view --minify').out).toContain('    namespace: dev\n')
    expect(h.run('config use-context nope').err).toBe(
      'error: no context exists with the name: "nope"\n',
    )
  })

  test('a missing kubeconfig points at localhost:8080 like kubectl', () => {
    const h = harness()
    h.fs.remove('/root/.kube/config')
    expect(h.run('get pods').err).toBe(
      'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n',
    )
  })
})
