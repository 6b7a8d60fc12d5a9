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

  it('prints a field that is a list of objects, wrapping at 80 columns', () => {
    expect(explainV2('v1', 'Pod', ['spec', 'containers', 'resources'], false)).toBe(
      'KIND:     Pod\nVERSION:  v1\n\nRESOURCE: resources <Object>\n\nDESCRIPTION:\n     Compute Resources required by this container. Cannot be updated. More info:\n     https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n\n     ResourceRequirements describes the compute resource requirements.\n\nFIELDS:\n   claims\t<[]Object>\n     Claims lists the names of resources, defined in spec.resourceClaims, that\n     are used by this container. This is an alpha field and requires enabling\n     the DynamicResourceAllocation feature gate. This field is immutable. It can\n     only be set for containers.\n\n   limits\t<map[string]string>\n     Limits describes the maximum amount of compute resources allowed. More\n     info:\n     https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n\n   requests\t<map[string]string>\n     Requests describes the minimum amount of compute resources required. If\n     Requests is omitted for a container, it defaults to Limits if that is\n     explicitly specified, otherwise to an implementation-defined value.\n     Requests cannot exceed Limits. More info:\n     https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n\n',
    )
  })

  it('keeps the blank lines and breaks after a colon of a description', () => {
    expect(explainV2('v1', 'Pod', ['spec', 'containers', 'resources', 'limits'], false)).toBe(
      'KIND:     Pod\nVERSION:  v1\n\nFIELD:    limits <map[string]string>\n\nDESCRIPTION:\n     Limits describes the maximum amount of compute resources allowed. More\n     info:\n     https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n\n     Quantity is a fixed-point representation of a number. It provides\n     convenient marshaling/unmarshaling in JSON and YAML, in addition to\n     String() and AsInt64() accessors.\n\n     The serialization format is:\n\n     ``` <quantity> ::= <signedNumber><suffix>\n\n     (Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n     <digit> ::= 0 | 1 | ... | 9 <digits> ::= <digit> | <digit><digits> <number>\n     ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign> ::= "+" |\n     "-" <signedNumber> ::= <number> | <sign><number> <suffix> ::= <binarySI> |\n     <decimalExponent> | <decimalSI> <binarySI> ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n     (International System of units; See:\n     http://physics.nist.gov/cuu/Units/binary.html)\n\n     <decimalSI> ::= m | "" | k | M | G | T | P | E\n\n     (Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n     <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```\n\n     No matter which of the three exponent forms is used, no quantity may\n     represent a number greater than 2^63-1 in magnitude, nor may it have more\n     than 3 decimal places. Numbers larger or more precise will be capped or\n     rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the\n     future if we require larger or smaller quantities.\n\n     When a Quantity is parsed from a string, it will remember the type of\n     suffix it had, and will use the same type again when it is serialized.\n\n     Before serializing, Quantity will be put in "canonical form". This means\n     that Exponent/suffix will be adjusted up or down (with a corresponding\n     increase or decrease in Mantissa) such that:\n\n     - No precision is lost - No fractional digits will be emitted - The\n     exponent (or suffix) is as large as possible.\n\n     The sign will be omitted unless the number is negative.\n\n     Examples:\n\n     - 1.5 will be serialized as "1500m" - 1.5Gi will be serialized as "1536Mi"\n\n     Note that the quantity will NEVER be internally represented by a floating\n     point number. That is the whole point of this exercise.\n\n     Non-canonical values will still parse as long as they are well formed, but\n     will be re-emitted in their canonical form. (So always use canonical form,\n     or don\'t diff.)\n\n     This format is intended to make it difficult to use these numbers without\n     writing some sort of special handling code in the hopes that that will\n     cause implementors to also use a fixed point implementation.\n',
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
