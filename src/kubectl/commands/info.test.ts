import { describe, expect, test } from 'vitest'
import { harness } from '../testHarness.ts'

describe('cluster information commands', () => {
  test('version', () => {
    const h = harness()
    expect(h.run('version').out).toBe(
      'Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.4\n',
    )
    expect(h.run('version --client').out).toBe(
      'Client Version: v1.32.4\nKustomize Version: v5.5.0\n',
    )
    expect(h.run('version -o foo').err).toBe("error: --output must be 'yaml' or 'json'\n")
    expect(h.run('version --client -o yaml').out).toMatch(
      /^clientVersion:\n {2}buildDate: ".*"\n[\s\S]*kustomizeVersion: v5\.5\.0\n\n$/,
    )
  })

  test('api-resources and api-versions', () => {
    const h = harness()
    const lines = h.run('api-resources').out.split('\n')
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/)
    expect(lines[1]).toMatch(/^bindings\s+v1\s+true\s+Binding$/)
    expect(lines).toContainEqual(
      expect.stringMatching(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/),
    )
    expect(h.run('api-resources --namespaced=false -o name').out.split('\n')).toContain('nodes')
    expect(h.run('api-versions').out.split('\n')).toEqual(
      expect.arrayContaining(['apps/v1', 'v1', 'batch/v1']),
    )
  })

  test('cluster-info, auth', () => {
    const h = harness()
    // not a terminal here: no colours, as kubectl prints when piped
    expect(h.run('cluster-info').out).toContain(
      'Kubernetes control plane is running at https://192.168.49.2:6443\n',
    )
    expect(h.run('cluster-info').out).not.toContain('\x1b[')
    expect(h.run('cluster-info').out).toContain(
      "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    )
    expect(h.run('auth can-i create pods').out).toBe('yes\n')
    expect(h.run('auth can-i').err).toBe(
      "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n",
    )
  })

  test('honest refusals for what is not simulated', () => {
    const h = harness()
    expect(h.run('alpha')).toEqual({
      code: 0,
      out: '',
      err: 'No alpha commands are available in this version of kubectl\n',
    })
    expect(h.run('cluster-info dump').code).toBe(1)
    expect(h.run('kustomize .').err).toMatch(
      /^error: kustomize is not available in this simulated cluster/,
    )
  })
})

describe('get --raw', () => {
  test('returns the API JSON, and the server NotFound for unknown paths', () => {
    const h = harness()
    const list = JSON.parse(h.run('get --raw /api/v1/namespaces').out)
    expect(list.kind).toBe('NamespaceList')
    expect(list.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toContain(
      'kube-system',
    )
    expect(h.run('get --raw /apis/metrics.k8s.io/v1beta1/nodes').err).toBe(
      'Error from server (NotFound): the server could not find the requested resource\n',
    )
  })
})
