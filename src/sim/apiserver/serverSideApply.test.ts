import { describe, expect, it } from 'vitest'
import { createSim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { StatusError } from '../api/errors.ts'
import type { ManagedFieldsEntry } from './managedFields.ts'

const NS = 'default'
const D = 'deployments.apps'

function deployment(replicas?: number, image = 'nginx:1.25', extra: Record<string, string> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', ...extra } },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80 }] }] },
      },
    },
  }
}

function entries(o: KObject): ManagedFieldsEntry[] {
  return (o.metadata.managedFields ?? []) as ManagedFieldsEntry[]
}

function entry(o: KObject, manager: string, subresource?: string): ManagedFieldsEntry {
  const e = entries(o).find((x) => x.manager === manager && x.subresource === subresource)
  if (!e) throw new Error(`no entry for ${manager}: ${JSON.stringify(entries(o))}`)
  return e
}

function statusOf(f: () => unknown): StatusError {
  try {
    f()
  } catch (e) {
    if (e instanceof StatusError) return e
    throw e
  }
  throw new Error('expected a StatusError')
}

describe('managedFields on updates', () => {
  it('records the creator, then controllers under their own names and subresources', () => {
    const sim = createSim({ seed: 3 })
    sim.api.create(D, deployment(2) as KObject, { fieldManager: 'kubectl-create' })
    sim.advance(30_000)
    const d = sim.api.get(D, NS, 'web')
    const create = entry(d, 'kubectl-create')
    expect(create.operation).toBe('Update')
    expect(create.apiVersion).toBe('apps/v1')
    expect(create.fieldsType).toBe('FieldsV1')
    expect(create.time).toBe('2025-01-06T09:00:00Z')
    const spec = create.fieldsV1['f:spec']
    expect(spec['f:replicas']).toEqual({})
    // Defaulted fields belong to the writer; maps that did not exist before carry `.`.
    expect(spec['f:strategy']).toEqual({
      'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} },
      'f:type': {},
    })
    const container = spec['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']
    expect(Object.keys(container)).toEqual([
      '.',
      'f:image',
      'f:imagePullPolicy',
      'f:name',
      'f:ports',
      'f:resources',
      'f:terminationMessagePath',
      'f:terminationMessagePolicy',
    ])
    expect(container['f:ports']).toEqual({
      '.': {},
      'k:{"containerPort":80,"protocol":"TCP"}': {
        '.': {},
        'f:containerPort': {},
        'f:protocol': {},
      },
    })
    const status = entry(d, 'kube-controller-manager', 'status')
    expect(status.fieldsV1['f:status']['f:conditions']['k:{"type":"Available"}']).toBeDefined()

    const pod = sim.api.list('pods', { namespace: NS }).items[0]
    const podMeta = entry(pod, 'kube-controller-manager').fieldsV1['f:metadata']
    expect(Object.keys(podMeta['f:ownerReferences'])[0]).toBe('.')
    expect(Object.keys(entry(pod, 'kubelet', 'status').fieldsV1['f:status'])).toContain('f:phase')
    // The scheduler's binding writes no managed fields.
    expect(entries(pod).map((e) => e.manager)).toEqual(['kube-controller-manager', 'kubelet'])
  })

  it('moves a changed field to its new writer and keeps the time of unchanged writes', () => {
    const sim = createSim({ seed: 3 })
    sim.api.create(D, deployment(2) as KObject, { fieldManager: 'kubectl-create' })
    sim.advance(60_000)
    sim.api.patch(
      D,
      NS,
      'web',
      'merge',
      { spec: { replicas: 4 } },
      { fieldManager: 'kubectl-edit' },
    )
    const d = sim.api.get(D, NS, 'web')
    expect(entry(d, 'kubectl-edit').fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } })
    expect(entry(d, 'kubectl-edit').time).toBe('2025-01-06T09:01:00Z')
    expect(entry(d, 'kubectl-create').fieldsV1['f:spec']['f:replicas']).toBeUndefined()
    expect(entry(d, 'kubectl-create').time).toBe('2025-01-06T09:00:00Z')
    // The order the API server keeps: operation, time, manager.
    const order = entries(sim.api.get(D, NS, 'web')).map((e) => `${e.manager}/${e.subresource}`)
    expect(order[order.length - 1]).toBe('kubectl-edit/undefined')
  })
})

describe('server-side apply', () => {
  it('creates, owns exactly the applied fields and drops the fields it no longer applies', () => {
    const sim = createSim({ seed: 3 })
    const first = sim.api.apply(D, NS, 'web', deployment(2, 'nginx:1.25', { tier: 'fe' }), {
      fieldManager: 'kubectl',
    }).object
    const applied = entry(first, 'kubectl')
    expect(applied.operation).toBe('Apply')
    expect(applied.fieldsV1['f:metadata']).toEqual({ 'f:labels': { 'f:app': {}, 'f:tier': {} } })
    expect(applied.fieldsV1['f:spec']['f:strategy']).toBeUndefined()
    expect(first.spec.strategy.type).toBe('RollingUpdate')

    const second = sim.api.apply(D, NS, 'web', deployment(undefined), {
      fieldManager: 'kubectl',
    }).object
    expect(second.metadata.labels).toEqual({ app: 'web' })
    // replicas was dropped from the configuration: removed, then defaulted again.
    expect(second.spec.replicas).toBe(1)
    expect(entry(second, 'kubectl').fieldsV1['f:spec']['f:replicas']).toBeUndefined()
  })

  it('refuses to change a field another manager owns, and takes it with force', () => {
    const sim = createSim({ seed: 3 })
    sim.api.apply(D, NS, 'web', deployment(2), { fieldManager: 'kubectl' })
    sim.api.patch(
      D,
      NS,
      'web',
      'merge',
      { spec: { replicas: 5 } },
      { fieldManager: 'kubectl-scale' },
    )
    const err = statusOf(() =>
      sim.api.apply(D, NS, 'web', deployment(2, 'nginx:1.26'), { fieldManager: 'kubectl' }),
    )
    expect(err.code).toBe(409)
    expect(err.reason).toBe('Conflict')
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas',
    )
    expect(err.status.details?.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-scale" using apps/v1',
        field: '.spec.replicas',
      },
    ])
    expect(sim.api.get(D, NS, 'web').spec.template.spec.containers[0].image).toBe('nginx:1.25')

    const forced = sim.api.apply(D, NS, 'web', deployment(2, 'nginx:1.26'), {
      fieldManager: 'kubectl',
      force: true,
    }).object
    expect(forced.spec.replicas).toBe(2)
    expect(entries(forced).some((e) => e.manager === 'kubectl-scale')).toBe(false)
  })

  it('lets managers co-own a field set to the same value, and lists several conflicts', () => {
    const sim = createSim({ seed: 3 })
    sim.api.apply(D, NS, 'web', deployment(2), { fieldManager: 'a' })
    sim.api.apply(D, NS, 'web', deployment(2), { fieldManager: 'b' })
    const d = sim.api.get(D, NS, 'web')
    expect(entry(d, 'a').fieldsV1['f:spec']['f:replicas']).toEqual({})
    expect(entry(d, 'b').fieldsV1['f:spec']['f:replicas']).toEqual({})
    const err = statusOf(() =>
      sim.api.apply(D, NS, 'web', deployment(3, 'nginx:1.26'), { fieldManager: 'c' }),
    )
    expect(err.message).toBe(
      [
        'Apply failed with 4 conflicts: conflicts with "a":',
        '- .spec.replicas',
        '- .spec.template.spec.containers[name="nginx"].image',
        'conflicts with "b":',
        '- .spec.replicas',
        '- .spec.template.spec.containers[name="nginx"].image',
      ].join('\n'),
    )
  })

  it('honours dryRun and refuses bodies the API server refuses', () => {
    const sim = createSim({ seed: 3 })
    const dry = sim.api.apply(D, NS, 'web', deployment(2), {
      fieldManager: 'kubectl',
      dryRun: true,
    })
    expect(dry.object.metadata.managedFields).toHaveLength(1)
    expect(sim.api.tryGet(D, NS, 'web')).toBeUndefined()
    const noKind = { ...deployment(2), kind: undefined }
    expect(statusOf(() => sim.api.apply(D, NS, 'web', noKind, { fieldManager: 'k' })).message).toBe(
      'invalid object type: apps/v1, Kind=',
    )
    const noVersion = { ...deployment(2), apiVersion: undefined }
    expect(
      statusOf(() => sim.api.apply(D, NS, 'web', noVersion, { fieldManager: 'k' })).message,
    ).toBe('invalid object type: /, Kind=Deployment')
    const other = statusOf(() => sim.api.apply(D, NS, 'api', deployment(2), { fieldManager: 'k' }))
    expect(other.message).toBe(
      'the name of the object (web) does not match the name on the URL (api)',
    )
    const noManager = statusOf(() => sim.api.apply(D, NS, 'web', deployment(2)))
    expect(noManager.code).toBe(422)
    expect(noManager.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    )
  })

  it('takes over from client-side apply without conflicts and keeps its annotation in step', () => {
    const sim = createSim({ seed: 3 })
    const manifest = deployment(2)
    const annotated = {
      ...manifest,
      metadata: {
        ...manifest.metadata,
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(manifest) + '\n',
        },
      },
    }
    sim.api.create(D, annotated as KObject, { fieldManager: 'kubectl-client-side-apply' })
    const next = deployment(3)
    const res = sim.api.apply(D, NS, 'web', next, { fieldManager: 'kubectl' }).object
    expect(res.spec.replicas).toBe(3)
    expect(
      JSON.parse(res.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).spec
        .replicas,
    ).toBe(3)
  })
})
