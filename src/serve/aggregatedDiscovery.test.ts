import { describe, expect, test } from 'vitest'
import { createSim } from '../sim/sim.ts'
import { RESOURCES } from '../sim/api/resources.ts'
import { answerApiRequest, type ApiRequest } from './handler.ts'
import { aggregatedVersionWanted } from './aggregatedDiscovery.ts'
import { hex, sha512 } from './sha2.ts'

/** The Accept header kubectl 1.32 sends for `/api` and `/apis`. */
const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'

const sim = createSim({ seed: 3 })
const get = (
  url: string,
  headers: Record<string, string> = {},
): ReturnType<typeof answerApiRequest> =>
  answerApiRequest(sim, { method: 'GET', url, headers, body: new Uint8Array() } as ApiRequest, {
    serverAddress: '192.168.49.2:8443',
  })

interface Resource {
  resource: string
  responseKind: { group: string; version: string; kind: string }
  scope: string
  singularResource: string
  verbs: string[]
  shortNames?: string[]
  categories?: string[]
  subresources?: { subresource: string; responseKind: object; verbs: string[] }[]
}
interface Group {
  metadata: { name?: string; creationTimestamp: null }
  versions: { version: string; resources: Resource[]; freshness: string }[]
}

describe('aggregated discovery', () => {
  test('the Accept header decides between the aggregated and the legacy document', () => {
    expect(aggregatedVersionWanted(KUBECTL_ACCEPT)).toBe('v2')
    expect(
      aggregatedVersionWanted(
        'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
      ),
    ).toBe('v2beta1')
    expect(aggregatedVersionWanted('application/json, */*')).toBeUndefined()
    expect(aggregatedVersionWanted(undefined)).toBeUndefined()
    // A conversion the discovery endpoint cannot make is passed over, as is a refused one.
    expect(
      aggregatedVersionWanted(
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      ),
    ).toBe('v2')
    expect(
      aggregatedVersionWanted(
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0,application/json',
      ),
    ).toBeUndefined()
    // Only JSON is encoded: a protobuf aggregated clause falls through to the next one.
    expect(
      aggregatedVersionWanted(
        'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      ),
    ).toBeUndefined()
  })

  test('/api holds the core group alone, as kube-apiserver 1.32 writes it', () => {
    const res = get('/api', { accept: KUBECTL_ACCEPT })
    expect(res.status).toBe(200)
    expect(res.headers['Content-Type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    )
    expect(res.headers['Vary']).toBe('Accept')
    expect(res.headers['Cache-Control']).toBe('public')
    expect(
      res.body.startsWith(
        '{"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","metadata":{},"items":[{"metadata":{"creationTimestamp":null},"versions":[{"version":"v1","resources":[{"resource":"bindings","responseKind":{"group":"","version":"","kind":"Binding"},"scope":"Namespaced","singularResource":"binding","verbs":["create"]},{"resource":"componentstatuses","responseKind":{"group":"","version":"","kind":"ComponentStatus"},"scope":"Cluster","singularResource":"componentstatus","verbs":["get","list"],"shortNames":["cs"]},',
      ),
    ).toBe(true)
    const doc = JSON.parse(res.body) as { items: Group[] }
    expect(doc.items).toHaveLength(1)
    const v1 = doc.items[0].versions[0]
    expect(v1.freshness).toBe('Current')
    const names = v1.resources.map((r) => r.resource)
    expect(names).toEqual([...names].sort())
    const pods = v1.resources.find((r) => r.resource === 'pods')!
    expect(pods).toMatchObject({
      responseKind: { group: '', version: '', kind: 'Pod' },
      scope: 'Namespaced',
      singularResource: 'pod',
      shortNames: ['po'],
      categories: ['all'],
    })
    expect(pods.subresources).toEqual([
      {
        subresource: 'attach',
        responseKind: { group: '', version: '', kind: 'PodAttachOptions' },
        verbs: ['create', 'get'],
      },
      {
        subresource: 'binding',
        responseKind: { group: '', version: '', kind: 'Binding' },
        verbs: ['create'],
      },
      {
        subresource: 'ephemeralcontainers',
        responseKind: { group: '', version: '', kind: 'Pod' },
        verbs: ['get', 'patch', 'update'],
      },
      {
        subresource: 'eviction',
        responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
        verbs: ['create'],
      },
      {
        subresource: 'exec',
        responseKind: { group: '', version: '', kind: 'PodExecOptions' },
        verbs: ['create', 'get'],
      },
      { subresource: 'log', responseKind: { group: '', version: '', kind: 'Pod' }, verbs: ['get'] },
      {
        subresource: 'portforward',
        responseKind: { group: '', version: '', kind: 'PodPortForwardOptions' },
        verbs: ['create', 'get'],
      },
      {
        subresource: 'proxy',
        responseKind: { group: '', version: '', kind: 'PodProxyOptions' },
        verbs: ['create', 'delete', 'get', 'patch', 'update'],
      },
      {
        subresource: 'status',
        responseKind: { group: '', version: '', kind: 'Pod' },
        verbs: ['get', 'patch', 'update'],
      },
    ])
    const ns = v1.resources.find((r) => r.resource === 'namespaces')!
    expect(ns.verbs).toEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'])
    expect(ns.subresources?.map((s) => [s.subresource, s.verbs])).toEqual([
      ['finalize', ['update']],
      ['status', ['get', 'patch', 'update']],
    ])
    const sa = v1.resources.find((r) => r.resource === 'serviceaccounts')!
    expect(sa.subresources?.[0]).toEqual({
      subresource: 'token',
      responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
      verbs: ['create'],
    })
  })

  test('/apis lists the named groups by priority, every version with its resources', () => {
    const res = get('/apis', { accept: KUBECTL_ACCEPT })
    const doc = JSON.parse(res.body) as { items: Group[] }
    expect(doc.items.map((g) => g.metadata.name)).toEqual([
      'apiregistration.k8s.io',
      'apps',
      'events.k8s.io',
      'authentication.k8s.io',
      'authorization.k8s.io',
      'autoscaling',
      'batch',
      'certificates.k8s.io',
      'networking.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'storage.k8s.io',
      'admissionregistration.k8s.io',
      'apiextensions.k8s.io',
      'scheduling.k8s.io',
      'coordination.k8s.io',
      'node.k8s.io',
      'discovery.k8s.io',
      'flowcontrol.apiserver.k8s.io',
    ])
    const autoscaling = doc.items.find((g) => g.metadata.name === 'autoscaling')!
    expect(autoscaling.versions.map((v) => v.version)).toEqual(['v2', 'v1'])
    const apps = doc.items.find((g) => g.metadata.name === 'apps')!
    const deploy = apps.versions[0].resources.find((r) => r.resource === 'deployments')!
    expect(deploy.subresources).toEqual([
      {
        subresource: 'scale',
        responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
        verbs: ['get', 'patch', 'update'],
      },
      {
        subresource: 'status',
        responseKind: { group: '', version: '', kind: 'Deployment' },
        verbs: ['get', 'patch', 'update'],
      },
    ])
    const csr = doc.items.find((g) => g.metadata.name === 'certificates.k8s.io')!.versions[0]
      .resources[0]
    expect(csr).toMatchObject({
      resource: 'certificatesigningrequests',
      scope: 'Cluster',
      shortNames: ['csr'],
      subresources: [
        {
          subresource: 'approval',
          responseKind: { group: '', version: '', kind: 'CertificateSigningRequest' },
          verbs: ['get', 'patch', 'update'],
        },
        {
          subresource: 'status',
          responseKind: { group: '', version: '', kind: 'CertificateSigningRequest' },
          verbs: ['get', 'patch', 'update'],
        },
      ],
    })
    const crd = doc.items.find((g) => g.metadata.name === 'apiextensions.k8s.io')!.versions[0]
      .resources[0]
    expect(crd.categories).toEqual(['api-extensions'])
    // The discovery table is the one source: each resource once in each version it is served in.
    const listed = doc.items.flatMap((g) =>
      g.versions.flatMap((v) =>
        v.resources.map((r) => `${r.resource}.${g.metadata.name}/${v.version}`),
      ),
    )
    const expected = RESOURCES.filter((r) => r.group).flatMap((r) =>
      r.versions.map((v) => `${r.plural}.${r.group}/${v}`),
    )
    expect([...listed].sort()).toEqual([...expected].sort())
  })

  test('the ETag is the SHA-512 of the list as Go marshals it; a matching If-None-Match gets 304', () => {
    const res = get('/apis', { accept: KUBECTL_ACCEPT })
    const { kind: _k, apiVersion: _a, ...rest } = JSON.parse(res.body)
    const expected = hex(sha512(new TextEncoder().encode(JSON.stringify(rest)))).toUpperCase()
    expect(res.headers['ETag']).toBe(`"${expected}"`)
    const again = get('/apis', { accept: KUBECTL_ACCEPT, 'if-none-match': `"${expected}"` })
    expect(again.status).toBe(304)
    expect(again.body).toBe('')
    expect(again.headers['ETag']).toBe(`"${expected}"`)
    expect(get('/apis', { accept: KUBECTL_ACCEPT, 'if-none-match': '"x"' }).status).toBe(200)
    // The hash is of the v2 list whatever version is asked for.
    const beta = get('/apis', {
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
    })
    expect(beta.headers['ETag']).toBe(`"${expected}"`)
    expect(JSON.parse(beta.body).apiVersion).toBe('apidiscovery.k8s.io/v2beta1')
  })

  test('a client asking for plain JSON still gets the legacy documents', () => {
    expect(JSON.parse(get('/api', { accept: 'application/json, */*' }).body).kind).toBe(
      'APIVersions',
    )
    const groups = JSON.parse(get('/apis').body)
    expect(groups.kind).toBe('APIGroupList')
    expect(groups.groups[0].name).toBe('apiregistration.k8s.io')
    const core = JSON.parse(get('/api/v1').body) as { resources: Record<string, unknown>[] }
    // The core list carries no apiVersion, as kube-apiserver writes it; named groups' lists do.
    expect(Object.keys(core).slice(0, 2)).toEqual(['kind', 'groupVersion'])
    expect(JSON.parse(get('/apis/apps/v1').body).apiVersion).toBe('v1')
    const byName = (n: string): Record<string, unknown> => core.resources.find((r) => r.name === n)!
    // storageVersionHash values as a v1.32 API server computes them.
    expect(byName('pods').storageVersionHash).toBe('xPOwRZ+Yhw8=')
    expect(byName('configmaps').storageVersionHash).toBe('qFsyl6wFWjQ=')
    expect(byName('events').storageVersionHash).toBe('r2yiGXH7wu8=')
    expect(byName('componentstatuses').storageVersionHash).toBeUndefined()
    expect(byName('pods/eviction')).toEqual({
      name: 'pods/eviction',
      singularName: '',
      namespaced: true,
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
      verbs: ['create'],
    })
    const names = core.resources.map((r) => r.name as string)
    expect(names).toEqual([...names].sort())
    const events = JSON.parse(get('/apis/events.k8s.io/v1').body).resources[0]
    expect(events.storageVersionHash).toBe('r2yiGXH7wu8=')
    const leases = JSON.parse(get('/apis/coordination.k8s.io/v1').body).resources[0]
    expect(leases.storageVersionHash).toBe('gqkMMb/YqFM=')
  })
})
