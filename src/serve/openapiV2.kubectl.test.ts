/**
 * The real kubectl v1.32 against `kubeplay serve`: `kubectl explain --output=plaintext-openapiv2`
 * fetches /openapi/v2 as gnostic protobuf and renders it; what it prints is what our kubectl
 * prints from the same document, and a second run revalidates its cached copy by ETag.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findKubectl } from '../kubectl/oracleKubectl.ts'
import { servedTwin, type ServedTwin } from './servedTwin.ts'

const real = findKubectl()
if (!real) console.warn('SKIPPED: /openapi/v2 through kubeplay serve needs kubectl v1.32')

const V2 = '--output=plaintext-openapiv2'

describe.skipIf(!real)('the real kubectl explains from the served /openapi/v2', () => {
  let twin: ServedTwin
  let cache = ''
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeplay-v2-'))
    cache = join(dir, 'cache')
    twin = await servedTwin({
      seed: 3,
      start: Date.parse('2026-03-01T10:00:00Z'),
      binary: real!,
      dir,
    })
  })
  afterAll(() => twin?.stop())

  test('asks for protobuf, gets it, and revalidates its cache with the ETag', async () => {
    const first = await twin.kubectl(['--cache-dir', cache, 'explain', 'pods', V2, '-v=8'])
    expect(first.code).toBe(0)
    expect(first.err).toContain(
      'Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
    )
    expect(first.err).toContain(
      'Content-Type: application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    )
    const again = await twin.kubectl(['--cache-dir', cache, 'explain', 'pods', V2, '-v=8'])
    // The HTTP cache marks an answer it revalidated (a 304) as coming from the cache.
    expect(again.err).toContain('X-From-Cache: 1')
  })

  test.each([
    ['explain', 'pods', V2],
    ['explain', 'deployment.spec.strategy', V2],
    ['explain', 'deploy', '--recursive', V2],
    ['explain', 'pods', '--recursive', V2],
    ['explain', 'pods.spec.containers.ports', V2],
    ['explain', 'pods.spec.containers.name', V2],
    ['explain', 'pods.spec.nodeSelector.foo', V2],
    ['explain', 'pods.metadata.managedFields.fieldsV1', V2],
    ['explain', 'svc.spec', V2],
    ['explain', 'statefulsets', V2],
    ['explain', 'cronjobs.spec.jobTemplate.spec', V2],
    ['explain', 'hpa', '--recursive', V2],
    ['explain', 'hpa', '--api-version=autoscaling/v1', V2],
    ['explain', 'ingresses.spec.rules', V2],
    ['explain', 'crd.spec.versions.schema.openAPIV3Schema', V2],
    ['explain', 'secrets.data', V2],
    ['explain', 'pods.spec.nope', V2],
    ['explain', 'pods', '--api-version=v2', V2],
    ['explain', 'pods.nope', '-o', 'json'],
    ['explain', 'pods.nope'],
    ['explain', 'deployments.apps', '--api-version=apps/v1'],
    ['explain', 'deployments.apps.spec', '--api-version=apps/v1', V2],
    ['explain', 'deployments.apps.spec.paused', V2],
  ])('kubectl %s %s %s prints as ours', async (...args) => {
    const theirs = await twin.kubectl(['--cache-dir', cache, ...args])
    expect(twin.ours.run(args)).toEqual(theirs)
  })
})
