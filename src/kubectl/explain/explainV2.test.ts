import { describe, expect, it } from 'vitest'
import { explainV2, wrapString } from './explainV2.ts'
import { ExplainError } from './explain.ts'

// Goldens: what kubectl 1.32 prints with --output=plaintext-openapiv2 from the served document.
describe('kubectl explain --output=plaintext-openapiv2', () => {
  it("prints a field that is an object: its text, its type's text, and its fields", () => {
    expect(explainV2('apps/v1', 'Deployment', ['spec', 'strategy'], false)).toBe(
      'KIND:     Deployment\nVERSION:  apps/v1\n\nRESOURCE: strategy <Object>\n\nDESCRIPTION:\n     The deployment strategy to use to replace existing pods with new ones.\n\n     DeploymentStrategy describes how to replace existing pods with new ones.\n\nFIELDS:\n   rollingUpdate\t<Object>\n     Rolling update config params. Present only if DeploymentStrategyType =\n     RollingUpdate.\n\n   type\t<string>\n     Type of deployment. Can be "Recreate" or "RollingUpdate". Default is\n     RollingUpdate.\n\n',
    )
  })

  it('keeps the blank lines of a description and wraps at 80 columns', () => {
    expect(explainV2('v1', 'Pod', ['spec', 'containers', 'resources'], false)).toBe(
      'KIND:     Pod\nVERSION:  v1\n\nRESOURCE: resources <Object>\n\nDESCRIPTION:\n     Compute Resources required by this container. Cannot be updated. More info:\n     https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n\n     ResourceRequirements describes the compute resource requirements.\n\nFIELDS:\n   claims\t<[]Object>\n     Claims lists the names of resources, defined in spec.resourceClaims, that\n     are used by this container.\n\n     This is an alpha field and requires enabling the DynamicResourceAllocation\n     feature gate.\n\n     This field is immutable. It can only be set for containers.\n\n   limits\t<map[string]string>\n     Limits describes the maximum amount of compute resources allowed. More\n     info:\n     https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n\n   requests\t<map[string]string>\n     Requests describes the minimum amount of compute resources required. If\n     Requests is omitted for a container, it defaults to Limits if that is\n     explicitly specified, otherwise to an implementation-defined value.\n     Requests cannot exceed Limits. More info:\n     https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n\n',
    )
  })

  it('stops at a primitive, as kubectl does even with path left', () => {
    expect(explainV2('v1', 'Pod', ['spec', 'nodeSelector', 'foo'], false)).toBe(
      'KIND:     Pod\nVERSION:  v1\n\nFIELD:    foo <string>\n\nDESCRIPTION:\n     <empty>\n',
    )
  })

  it('indents nested fields by three with --recursive', () => {
    const out = explainV2('batch/v1', 'Job', ['spec', 'template', 'metadata'], true)
    expect(out).toContain(
      'FIELDS:\n   annotations\t<map[string]string>\n   creationTimestamp\t<string>\n',
    )
    expect(out).toContain('   managedFields\t<[]Object>\n      apiVersion\t<string>\n')
  })

  it("answers unknown fields and versions in kubectl's words", () => {
    expect(() => explainV2('v1', 'Pod', ['spec', 'nope'], false)).toThrow(
      new ExplainError('field "nope" does not exist'),
    )
    expect(() => explainV2('v2', 'Pod', [], false)).toThrow(
      new ExplainError('couldn\'t find resource for "/v2, Kind=Pod"'),
    )
  })

  it("wraps as kubectl's formatter: lists and lines ending in a colon start anew", () => {
    expect(wrapString('Values:\n- one two\n- three', 80)).toEqual([
      'Values:',
      '- one two',
      '- three',
    ])
    expect(wrapString('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc'])
    expect(wrapString('code:\n    indented  as is\nafter', 80)).toEqual([
      'code:',
      '    indented  as is',
      'after',
    ])
  })
})
