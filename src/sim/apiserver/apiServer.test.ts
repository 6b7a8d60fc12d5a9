import { describe, expect, it } from 'vitest'
import { createSim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { StatusError } from '../api/errors.ts'

const cm = (
  name: string,
  data: Record<string, string> = {},
  labels?: Record<string, string>,
): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
})

function statusOf(f: () => unknown): StatusError {
  try {
    f()
  } catch (e) {
    if (e instanceof StatusError) return e
    throw e
  }
  throw new Error('expected a StatusError')
}

describe('api server', () => {
  it('assigns uid, resourceVersion and creationTimestamp, and refuses duplicates', () => {
    const sim = createSim({ seed: 1, freeze: true })
    const { object } = sim.api.create('configmaps', cm('a'))
    expect(object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(Number(object.metadata.resourceVersion)).toBeGreaterThan(1)
    expect(object.metadata.creationTimestamp).toBe('2025-01-06T09:00:00Z')
    expect(object.metadata.namespace).toBe('default')
    const err = statusOf(() => sim.api.create('configmaps', cm('a')))
    expect(err.status.message).toBe('configmaps "a" already exists')
    expect(err.code).toBe(409)
  })

  it('gives NotFound with the resource and group', () => {
    const sim = createSim()
    expect(statusOf(() => sim.api.get('deployments.apps', 'default', 'nope')).message).toBe(
      'deployments.apps "nope" not found',
    )
  })

  it('validates names with the real message', () => {
    const sim = createSim()
    const err = statusOf(() => sim.api.create('configmaps', cm('Bad_Name')))
    expect(err.message).toBe(
      `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    )
  })

  it('detects conflicting updates', () => {
    const sim = createSim()
    const { object } = sim.api.create('configmaps', cm('a', { x: '1' }))
    sim.api.update('configmaps', { ...object, data: { x: '2' } })
    const err = statusOf(() => sim.api.update('configmaps', { ...object, data: { x: '3' } }))
    expect(err.message).toBe(
      'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    )
  })

  it('lists with label selectors', () => {
    const sim = createSim()
    sim.api.create('configmaps', cm('a', {}, { app: 'web', tier: 'fe' }))
    sim.api.create('configmaps', cm('b', {}, { app: 'db' }))
    // kube-root-ca.crt lives in every namespace; only the ConfigMaps made here matter.
    const names = (sel: string): string[] =>
      sim.api
        .list('configmaps', { namespace: 'default', labelSelector: sel })
        .items.map((o) => o.metadata.name!)
        .filter((n) => n !== 'kube-root-ca.crt')
    expect(names('app=web')).toEqual(['a'])
    expect(names('app in (web,db)')).toEqual(['a', 'b'])
    expect(names('!tier')).toEqual(['b'])
    expect(names('app!=web')).toEqual(['b'])
  })

  it('applies strategic merge patches by merge key', () => {
    const sim = createSim()
    sim.api.create('configmaps', cm('a', { x: '1' }))
    const { object } = sim.api.patch('configmaps', 'default', 'a', 'strategic', {
      data: { y: '2' },
    })
    expect(object.data).toEqual({ x: '1', y: '2' })
  })

  it('is deterministic and restores from a snapshot', () => {
    const run = (): string => {
      const sim = createSim({ seed: 42 })
      sim.api.create('configmaps', { ...cm(''), metadata: { generateName: 'x-' } })
      sim.advance(5000)
      return JSON.stringify(sim.snapshot())
    }
    expect(run()).toBe(run())
  })

  it('cascades namespace deletion', () => {
    const sim = createSim()
    sim.api.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team' },
    })
    sim.api.create('configmaps', { ...cm('a'), metadata: { name: 'a', namespace: 'team' } })
    sim.api.delete('namespaces', undefined, 'team')
    expect(sim.api.get('namespaces', undefined, 'team').status.phase).toBe('Terminating')
    sim.advance(5000)
    expect(sim.api.tryGet('namespaces', undefined, 'team')).toBeUndefined()
  })
})
