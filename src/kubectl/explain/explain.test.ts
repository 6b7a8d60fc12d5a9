import { describe, expect, it } from 'vitest'
import { resourceById } from '../../sim/api/resources.ts'
import { explain, ExplainError } from './explain.ts'
import { goWrap } from './wrap.ts'

describe('kubectl explain', () => {
  it('renders a field of a grouped kind like the v1.32 template', () => {
    const out = explain(
      resourceById('deployments.apps'),
      undefined,
      ['spec', 'strategy', 'rollingUpdate'],
      false,
    )
    expect(out).toContain(
      'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: rollingUpdate <RollingUpdateDeployment>\n\n\nDESCRIPTION:\n    Rolling update config params. Present only if DeploymentStrategyType =\n    RollingUpdate.\n    Spec to control the desired behavior of rolling update.\n    \nFIELDS:\n  maxSurge\t<IntOrString>\n    The maximum number of pods that can be scheduled above the desired number of\n    pods. Value can be an absolute number (ex: 5) or a percentage of desired\n    pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is\n',
    )
  })

  it('lists the fields of a kind with required markers', () => {
    const out = explain(resourceById('pods'), undefined, ['spec', 'containers'], false)
    expect(
      out.startsWith(
        'KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>\n\n\nDESCRIPTION:\n',
      ),
    ).toBe(true)
    expect(out).toContain('    A single application container that you want to run within a pod.\n')
    expect(out).toContain('  name\t<string> -required-\n')
  })

  it('shows the tree with --recursive', () => {
    const out = explain(resourceById('pods'), undefined, ['spec', 'containers', 'resources'], true)
    expect(out).toContain('FIELDS:\n  claims\t<[]ResourceClaim>\n    name\t<string> -required-\n')
    expect(out).toContain('  limits\t<map[string]Quantity>\n  requests\t<map[string]Quantity>\n')
  })

  it('refuses unknown fields with kubectl words, after the header it has printed', () => {
    const failure = (() => {
      try {
        explain(resourceById('pods'), undefined, ['spec', 'contaners'], false)
      } catch (e) {
        return e
      }
    })()
    expect(failure).toBeInstanceOf(ExplainError)
    expect(failure).toMatchObject({
      message: 'field "contaners" does not exist',
      printed: 'KIND:       Pod\nVERSION:    v1\n\n',
    })
  })

  it('wraps like goutils, not across long words', () => {
    expect(goWrap('aaa bbb ccc', 5)).toBe('aaa\nbbb\nccc')
    expect(goWrap('https://example.com/very/long x', 5)).toBe('https://example.com/very/long\nx')
  })
})
