import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { createSim } from '../sim/sim.ts'
import { KUBE_VERSION } from '../sim/cluster/spec.ts'
import { handleApiRequest, type ResponseSink } from './handler.ts'
import { readFields, type WireField } from './protobuf/wire.ts'

const sim = createSim({ seed: 1 })

interface Answer {
  status: number
  headers: Record<string, string>
  body: Uint8Array
}

function get(headers: Record<string, string>): Answer {
  let status = 0
  let head: Record<string, string> = {}
  const chunks: Uint8Array[] = []
  const sink: ResponseSink = {
    writeHead(s, h) {
      status = s
      head = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)]))
    },
    write(chunk) {
      chunks.push(new TextEncoder().encode(chunk))
    },
    end(chunk) {
      if (chunk) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk)
    },
    flushHeaders() {},
    writableEnded: false,
    on() {},
  }
  const req = { method: 'GET', url: '/openapi/v2', headers, body: new Uint8Array(0) }
  handleApiRequest(sim, req, sink, { serverAddress: '127.0.0.1:6443' })
  return { status, headers: head, body: Buffer.concat(chunks) }
}

type Json = Record<string, any>
const json = get({ accept: 'application/json' })
const doc = JSON.parse(new TextDecoder().decode(json.body)) as Json

describe('/openapi/v2 as JSON', () => {
  it('answers with the Swagger 2.0 document, its ETag and Vary as kube-openapi does', () => {
    expect(json.status).toBe(200)
    expect(json.headers['Content-Type']).toBe('application/json')
    expect(json.headers['Vary']).toBe('Accept')
    expect(json.headers['Etag']).toMatch(/^"[0-9A-F]{128}"$/)
    expect(doc.swagger).toBe('2.0')
    expect(doc.info).toEqual({ title: 'Kubernetes', version: KUBE_VERSION })
    expect(doc.security).toEqual([{ BearerToken: [] }])
  })

  it('names definitions by Go package, with kinds, formats and extensions of v1.32', () => {
    const defs = doc.definitions as Record<string, Json>
    expect(defs['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([
      { group: '', kind: 'Pod', version: 'v1' },
    ])
    expect(defs['io.k8s.api.apps.v1.DeploymentList']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'DeploymentList', version: 'v1' },
    ])
    expect(defs['io.k8s.api.core.v1.PodSpec'].properties.containers).toEqual({
      description: expect.stringContaining('List of containers belonging to the pod.'),
      type: 'array',
      items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' },
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    })
    expect(defs['io.k8s.api.core.v1.Secret'].properties.data.additionalProperties).toEqual({
      type: 'string',
      format: 'byte',
    })
    expect(
      defs['io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry'].properties.fieldsV1,
    ).toEqual({
      description: expect.any(String),
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
    })
    expect(
      defs['io.k8s.api.core.v1.ResourceRequirements'].properties.limits.additionalProperties,
    ).toEqual({ $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' })
    expect(defs['io.k8s.api.core.v1.ConfigMapKeySelector']['x-kubernetes-map-type']).toBe('atomic')
    expect(defs['io.k8s.api.core.v1.ContainerPort'].required).toEqual(['containerPort'])
  })

  it('leaves no reference dangling', () => {
    const refs = new Set<string>()
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v))
          // JSONSchemaProps has a property named $ref: a schema, not a reference.
          if (k === '$ref' && typeof x === 'string') refs.add(x)
          else walk(x)
    }
    walk(doc)
    expect(refs.size).toBeGreaterThan(300)
    for (const r of refs) {
      const [, section, name] = r.split('/')
      expect(doc[section][name], r).toBeDefined()
    }
  })

  it('lists the operations kubectl looks for, with their kinds and parameters', () => {
    const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']
    expect(item.patch).toMatchObject({
      operationId: 'patchAppsV1NamespacedDeployment',
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': { group: 'apps', kind: 'Deployment', version: 'v1' },
    })
    const resolve = (p: Json): Json =>
      p.$ref ? doc.parameters[p.$ref.replace('#/parameters/', '')] : p
    expect(item.patch.parameters.map((p: Json) => resolve(p).name)).toEqual([
      'body',
      'dryRun',
      'fieldManager',
      'fieldValidation',
      'force',
    ])
    // kubectl looked for these two on the operation itself, so they are never shared.
    expect(item.patch.parameters.filter((p: Json) => !p.$ref).map((p: Json) => p.name)).toEqual([
      'dryRun',
      'fieldValidation',
    ])
    expect(item.parameters.map((p: Json) => resolve(p).name)).toEqual([
      'name',
      'namespace',
      'pretty',
    ])
    expect(doc.paths['/api/v1/pods'].get.operationId).toBe('listCoreV1PodForAllNamespaces')
    expect(
      doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].put.responses[
        '200'
      ].schema,
    ).toEqual({ $ref: '#/definitions/io.k8s.api.autoscaling.v1.Scale' })
    expect(doc.paths['/api/v1/namespaces/{namespace}/bindings'].post.operationId).toBe(
      'createCoreV1NamespacedBinding',
    )
    const pod = '/api/v1/namespaces/{namespace}/pods/{name}'
    expect(doc.paths[`${pod}/exec`].post).toMatchObject({
      operationId: 'connectCoreV1PostNamespacedPodExec',
      'x-kubernetes-action': 'connect',
      'x-kubernetes-group-version-kind': { group: '', kind: 'PodExecOptions', version: 'v1' },
    })
    expect(doc.paths[`${pod}/log`].get.produces[0]).toBe('text/plain')
    expect(doc.paths[`${pod}/eviction`].post.responses['201'].schema).toEqual({
      $ref: '#/definitions/io.k8s.api.policy.v1.Eviction',
    })
    expect(Object.keys(doc.paths[`${pod}/proxy/{path}`])).toEqual([
      'delete',
      'get',
      'head',
      'options',
      'parameters',
      'patch',
      'post',
      'put',
    ])
    expect(doc.paths['/apis/apps/'].get.operationId).toBe('getAppsAPIGroup')
    expect(doc.paths['/apis/apps/v1/'].get.operationId).toBe('getAppsV1APIResources')
    expect(doc.paths['/version/'].get.operationId).toBe('getCodeVersion')
  })
})

describe('/openapi/v2 shared parameters', () => {
  it('are named by the hash kube-openapi takes of their JSON', () => {
    // Names the v1.32 API server publishes for the same parameters.
    for (const name of [
      'namespace-vgWSWtn3',
      'pretty-tJGM1-ng',
      'body-78PwaGsr',
      'body-2Y1dVQaQ',
      'fieldManager-7c6nTn1T',
      'fieldManager-Qy4HdaTW',
      'labelSelector-5Zw57w4C',
      'watch-XNNPZGbK',
    ])
      expect(doc.parameters[name], name).toBeDefined()
    expect(doc.parameters['namespace-vgWSWtn3']).toEqual({
      uniqueItems: true,
      type: 'string',
      description: 'object name and auth scope, such as for teams and projects',
      name: 'namespace',
      in: 'path',
      required: true,
    })
  })
})

describe('/openapi/v2 negotiation and caching', () => {
  it('answers 304 to the ETag it gave, for either representation', () => {
    const etag = json.headers['Etag']
    for (const accept of [
      'application/json',
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    ]) {
      const r = get({ accept, 'if-none-match': etag })
      expect(r.status).toBe(304)
      expect(r.body.length).toBe(0)
    }
    expect(get({ accept: 'application/json', 'if-none-match': '"stale"' }).status).toBe(200)
  })

  it('serves JSON to */* and no Accept, and 406 to what it cannot give', () => {
    expect(get({}).headers['Content-Type']).toBe('application/json')
    expect(get({ accept: '*/*' }).headers['Content-Type']).toBe('application/json')
    expect(get({ accept: 'text/html' }).status).toBe(406)
  })

  it('honours q values and prefers a named type to a wildcard', () => {
    const proto = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf'
    expect(get({ accept: `application/json;q=0.5, ${proto}` }).headers['Content-Type']).toBe(
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    )
    expect(get({ accept: `*/*, ${proto}` }).headers['Content-Type']).toBe(
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    )
  })
})

/**
 * Reads the gnostic openapi.v2.Document back into Swagger JSON, with its own field numbers from
 * OpenAPIv2.proto, so the encoder is checked against the schema rather than against itself.
 */
const text = (f: WireField): string => new TextDecoder().decode(f.bytes)
const fieldsOf = (b: Uint8Array, n: number): WireField[] =>
  readFields(b, 'test').filter((f) => f.number === n)
const one = (b: Uint8Array, n: number): WireField | undefined => fieldsOf(b, n)[0]
const pairs = (b: Uint8Array, n: number): [string, Uint8Array][] =>
  fieldsOf(b, n).map((f) => [text(one(f.bytes, 1)!), one(f.bytes, 2)?.bytes ?? new Uint8Array(0)])

function schemaBack(b: Uint8Array): Json {
  const s: Json = {}
  const str = (n: number, key: string): void => {
    const f = one(b, n)
    if (f) s[key] = text(f)
  }
  str(1, '$ref')
  str(4, 'description')
  const required = fieldsOf(b, 19).map(text)
  if (required.length) s.required = required
  const type = one(b, 22)
  if (type) s.type = text(one(type.bytes, 1)!)
  str(2, 'format')
  const items = one(b, 23)
  if (items) s.items = schemaBack(one(items.bytes, 1)!.bytes)
  const additional = one(b, 21)
  if (additional) s.additionalProperties = schemaBack(one(additional.bytes, 1)!.bytes)
  const properties = one(b, 25)
  if (properties)
    s.properties = Object.fromEntries(
      pairs(properties.bytes, 1).map(([k, v]) => [k, schemaBack(v)]),
    )
  for (const [k, any] of pairs(b, 31)) s[k] = load(text(one(any, 2)!))
  return s
}

describe('/openapi/v2 as gnostic protobuf', () => {
  const r = get({ accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' })

  it('answers with the protobuf content type and the same ETag', () => {
    expect(r.status).toBe(200)
    expect(r.headers['Content-Type']).toBe(
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    )
    expect(r.headers['Etag']).toBe(json.headers['Etag'])
    expect(Number(r.headers['Content-Length'])).toBe(r.body.length)
  })

  it('carries the same document: version, every definition, every operation', () => {
    expect(text(one(r.body, 1)!)).toBe('2.0')
    const info = one(r.body, 2)!.bytes
    expect([text(one(info, 1)!), text(one(info, 2)!)]).toEqual(['Kubernetes', KUBE_VERSION])
    const definitions = pairs(one(r.body, 9)!.bytes, 1)
    expect(Object.keys(doc.definitions)).toEqual(definitions.map(([k]) => k))
    const byName = Object.fromEntries(definitions.map(([k, v]) => [k, schemaBack(v)]))
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortKeys((v as Json)[k])]),
            )
          : v
    expect(sortKeys(byName)).toEqual(sortKeys(doc.definitions))
    const paths = pairs(one(r.body, 8)!.bytes, 2)
    expect(paths.map(([k]) => k)).toEqual(Object.keys(doc.paths))
    const patch = one(Object.fromEntries(paths)['/api/v1/namespaces/{namespace}/pods/{name}'], 8)!
    expect(text(one(patch.bytes, 5)!)).toBe('patchCoreV1NamespacedPod')
    // parameters → Parameter → NonBodyParameter → QueryParameterSubSchema.name
    const shared = Object.fromEntries(pairs(one(r.body, 10)!.bytes, 1))
    const names = fieldsOf(patch.bytes, 8).map((item) => {
      const reference = one(item.bytes, 2)
      const param = reference
        ? shared[text(one(reference.bytes, 1)!).replace('#/parameters/', '')]
        : one(item.bytes, 1)!.bytes
      const body = one(param, 1)
      if (body) return text(one(body.bytes, 2)!)
      const query = one(one(param, 2)!.bytes, 3)!.bytes
      return text(one(query, 4)!)
    })
    expect(names).toEqual(['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force'])
    // PathItem.options = 6, head = 7: the proxy's connect operations.
    const proxy = Object.fromEntries(paths)['/api/v1/nodes/{name}/proxy']
    expect(text(one(one(proxy, 6)!.bytes, 5)!)).toBe('connectCoreV1OptionsNodeProxy')
    expect(text(one(one(proxy, 7)!.bytes, 5)!)).toBe('connectCoreV1HeadNodeProxy')
    const gvk = pairs(patch.bytes, 13).find(([k]) => k === 'x-kubernetes-group-version-kind')!
    expect(load(text(one(gvk[1], 2)!))).toEqual({ group: '', kind: 'Pod', version: 'v1' })
  })
})
