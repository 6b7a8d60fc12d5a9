/**
 * The real kubectl v1.32 against `kubeplay serve`: discovery takes the two aggregated requests
 * (`/api`, `/apis`) and nothing per group, and what kubectl prints from it is what our kubectl
 * prints for a cluster of the same seed.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findKubectl } from '../kubectl/oracleKubectl.ts'
import { servedTwin, type ServedTwin } from './servedTwin.ts'

const real = findKubectl()
if (!real) console.warn('SKIPPED: aggregated discovery through kubeplay serve needs kubectl v1.32')

describe.skipIf(!real)('the real kubectl discovers the served cluster in two requests', () => {
  let twin: ServedTwin
  let cache = ''
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeplay-disc-'))
    cache = join(dir, 'cache')
    twin = await servedTwin({
      seed: 4,
      start: Date.parse('2026-03-01T10:00:00Z'),
      binary: real!,
      dir,
    })
  })
  afterAll(() => twin?.stop())

  test('api-resources asks for /api and /apis only, aggregated', async () => {
    const r = await twin.kubectl(['--cache-dir', cache, 'api-resources', '-v=6'])
    expect(r.code).toBe(0)
    const requests = r.err
      .split('\n')
      .map(
        (l) =>
          l.match(/"GET" url="[^"]*?(\/[^"?]*)\?/)?.[1] ?? l.match(/GET \S+?:\d+(\/\S*?)\?/)?.[1],
      )
      .filter(Boolean)
    expect(requests).toEqual(['/api', '/apis'])
  })

  test.each([
    ['api-resources'],
    ['api-resources', '-o', 'wide'],
    ['api-resources', '--namespaced=false', '-o', 'name'],
    ['api-resources', '--api-group=apps', '--sort-by=kind'],
    ['api-resources', '--verbs=update', '--categories=all'],
    ['api-resources', '--categories=api-extensions', '-o', 'wide'],
    ['api-versions'],
  ])('kubectl %s prints as ours', async (...args) => {
    const theirs = await twin.kubectl(['--cache-dir', cache, ...args])
    expect(twin.ours.run(args)).toEqual(theirs)
  })

  test('get, explain and short names resolve through the aggregated document', async () => {
    for (const args of [
      ['get', 'no'],
      ['get', 'deploy', '-A'],
      ['get', 'csr'],
      ['get', 'all', '-n', 'kube-system'],
      ['explain', 'hpa.spec.minReplicas'],
      ['explain', 'apiservices'],
    ]) {
      const theirs = await twin.kubectl(['--cache-dir', cache, ...args])
      expect(twin.ours.run(args), args.join(' ')).toEqual(theirs)
    }
  })
})
