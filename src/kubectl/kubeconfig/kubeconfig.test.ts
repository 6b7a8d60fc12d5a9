import { describe, expect, test } from 'vitest'
import { harness } from '../testHarness.ts'

describe('kubectl config', () => {
  test('view redacts, --raw does not, --minify keeps the current context', () => {
    const h = harness()
    expect(h.run('config view').out).toBe(
      'apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: DATA+OMITTED\n    server: https://192.168.49.2:6443\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: kubernetes-admin\n  name: kubernetes-admin@kubernetes\ncurrent-context: kubernetes-admin@kubernetes\nkind: Config\npreferences: {}\nusers:\n- name: kubernetes-admin\n  user:\n    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n',
    )
    expect(h.run('config view --raw').out).toContain('    client-key-data: LS0t')
    expect(h.run('config current-context').out).toBe('kubernetes-admin@kubernetes\n')
  })

  test('contexts: create, switch, rename, delete; namespaces follow the context', () => {
    const h = harness()
    expect(
      h.run('config set-context dev --cluster=kubernetes --user=kubernetes-admin --namespace=dev')
        .out,
    ).toBe('Context "dev" created.\n')
    expect(h.run('config set-context dev --namespace=dev2').out).toBe('Context "dev" modified.\n')
    expect(h.run('config use-context dev').out).toBe('Switched to context "dev".\n')
    expect(h.run('get pods').err).toBe('No resources found in dev2 namespace.\n')
    expect(h.run('get pods -n kube-public').err).toBe(
      'No resources found in kube-public namespace.\n',
    )
    expect(h.run('config get-contexts').out).toBe(
      'CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n*         dev                           kubernetes   kubernetes-admin   dev2\n          kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n',
    )
    expect(h.run('config get-contexts -o name').out).toBe('dev\nkubernetes-admin@kubernetes\n')
    expect(h.run('config get-contexts nope')).toEqual({
      code: 1,
      out: 'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n',
      err: 'error: context nope not found\n',
    })
    expect(h.run('config rename-context dev staging').out).toBe(
      'Context "dev" renamed to "staging".\n',
    )
    expect(h.run('config current-context').out).toBe('staging\n')
    expect(h.run('config delete-context staging')).toEqual({
      code: 0,
      out: 'deleted context staging from /root/.kube/config\n',
      err: 'warning: this removed your active context, use "kubectl config use-context" to select a different one\n',
    })
    expect(h.run('config get-clusters').out).toBe('NAME\nkubernetes\n')
    expect(h.run('config get-users').out).toBe('NAME\nkubernetes-admin\n')
  })

  test('--context, --kubeconfig and unreachable servers', () => {
    const h = harness()
    expect(h.run('get pods --context nope').err).toBe(
      'error: context was not found for specified context: nope\n',
    )
    expect(h.run('get pods --kubeconfig /nope').err).toBe(
      'error: stat /nope: no such file or directory\n',
    )
    h.run('config set-cluster kubernetes --server=https://10.0.0.9:6443')
    expect(h.run('get pods').err).toBe(
      'The connection to the server 10.0.0.9:6443 was refused - did you specify the right host or port?\n',
    )
    h.run('config set-credentials kubernetes-admin --token=abc')
    expect(h.run('config view').out).toContain('    token: REDACTED\n')
  })
})
