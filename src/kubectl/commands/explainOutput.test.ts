import { describe, expect, it } from 'vitest'
import { harness } from '../testHarness.ts'

// Goldens from kubectl 1.32 against the served cluster.
describe('kubectl explain output formats and field paths', () => {
  const h = harness()

  it('prints the template header before a field that does not exist', () => {
    expect(h.run(['explain', 'pods.nope'])).toEqual({
      code: 1,
      out: 'KIND:       Pod\nVERSION:    v1\n\n',
      err: 'error: field "nope" does not exist\n',
    })
  })

  it('reads plural.group as resource and field with --api-version, as kubectl does', () => {
    expect(h.run(['explain', 'deployments.apps', '--api-version=apps/v1'])).toEqual({
      code: 1,
      out: 'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n',
      err: 'error: field "apps" does not exist\n',
    })
  })

  it('renders the Swagger 2.0 explanation with --output=plaintext-openapiv2', () => {
    const r = h.run(['explain', 'deploy.spec.paused', '--output=plaintext-openapiv2'])
    expect(r).toEqual({
      code: 0,
      out:
        'KIND:     Deployment\nVERSION:  apps/v1\n\nFIELD:    paused <boolean>\n\nDESCRIPTION:\n' +
        '     Indicates that the deployment is paused.\n',
      err: '',
    })
  })

  it('refuses other formats', () => {
    expect(h.run(['explain', 'pods', '-o', 'json'])).toEqual({
      code: 1,
      out: '',
      err: 'error: unrecognized format: json\n',
    })
  })
})
