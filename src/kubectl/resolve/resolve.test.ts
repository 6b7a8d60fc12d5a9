import { describe, expect, test } from 'vitest'
import { CliError } from '../cli/errors.ts'
import { expandTypes, lookupType, objectRef } from './types.ts'
import { parseDocuments } from './files.ts'
import { selectArgs } from './args.ts'

describe('resource type resolution', () => {
  test('plural, singular, short name, Kind and group-qualified names', () => {
    for (const name of ['pods', 'pod', 'po', 'Pod', 'PODS'])
      expect(lookupType(name)?.id, name).toBe('pods')
    for (const name of [
      'deployments',
      'deploy',
      'Deployment',
      'deployment.apps',
      'deployments.v1.apps',
    ])
      expect(lookupType(name)?.id, name).toBe('deployments.apps')
    expect(lookupType('events')?.id).toBe('events')
    expect(lookupType('events.events.k8s.io')?.id).toBe('events.events.k8s.io')
    expect(lookupType('foo')).toBeUndefined()
  })

  test('`all` is the all category in discovery order', () => {
    expect(expandTypes('all').map((r) => r.id)).toEqual([
      'pods',
      'replicationcontrollers',
      'services',
      'daemonsets.apps',
      'deployments.apps',
      'replicasets.apps',
      'statefulsets.apps',
      'horizontalpodautoscalers.autoscaling',
      'cronjobs.batch',
      'jobs.batch',
    ])
    expect(expandTypes('po,svc').map((r) => r.id)).toEqual(['pods', 'services'])
    expect(objectRef(lookupType('deploy')!, 'web')).toBe('deployment.apps/web')
  })

  test('TYPE/NAME and TYPE NAME arguments', () => {
    expect(selectArgs(['pod/a', 'deploy/b'])).toMatchObject({
      kind: 'names',
      refs: [{ name: 'a' }, { name: 'b' }],
    })
    expect(selectArgs(['po,svc', 'x'])).toMatchObject({
      kind: 'names',
      refs: [{ name: 'x' }, { name: 'x' }],
    })
    expect(() => selectArgs(['pods', 'pod/a'])).toThrow(CliError)
    expect(() => selectArgs(['foo'])).toThrow('the server doesn\'t have a resource type "foo"')
  })
})

describe('manifest reading', () => {
  test('multi-document YAML, JSON and List expansion', () => {
    const docs = parseDocuments(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: b\n',
      'x.yaml',
    )
    expect(docs.map((d) => `${d.info.id}/${d.obj.metadata.name}`)).toEqual([
      'configmaps/a',
      'secrets/b',
    ])
    expect(
      parseDocuments('{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"}}', 'n.json')[0]
        .info.id,
    ).toBe('namespaces')
  })

  test('YAML syntax errors carry go-yaml messages and line numbers', () => {
    const cases: [string, string][] = [
      [
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: a\n',
        'line 4: did not find expected key',
      ],
      [
        'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n',
        'line 4: found character that cannot start any token',
      ],
      [
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x: y\n',
        'line 4: mapping values are not allowed in this context',
      ],
      [
        'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n',
        "line 3: did not find expected ',' or '}'",
      ],
    ]
    for (const [text, msg] of cases)
      expect(() => parseDocuments(text, 'p.yaml')).toThrow(
        `error parsing p.yaml: error converting YAML to JSON: yaml: ${msg}`,
      )
  })

  test('missing kind, unknown kinds', () => {
    expect(() => parseDocuments('apiVersion: v1\nmetadata:\n  name: x\n', 'k.yaml')).toThrow(
      'error validating "k.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false',
    )
    expect(() => parseDocuments('apiVersion: v1\nmetadata:\n  name: x\n', 'k.yaml', false)).toThrow(
      `unable to decode "k.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'`,
    )
    expect(() =>
      parseDocuments(
        'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\n',
        'old.yaml',
      ),
    ).toThrow(
      'resource mapping not found for name: "old" namespace: "" from "old.yaml": no matches for kind "Deployment" in version "extensions/v1beta1"\nensure CRDs are installed first',
    )
  })
})
