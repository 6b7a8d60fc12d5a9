import { openApiV2Document } from '../../serve/openapiV2.ts'
import { ExplainError } from './explain.ts'

/**
 * `kubectl explain --output=plaintext-openapiv2`: kubectl 1.32's older explain, which reads the
 * Swagger 2.0 document (/openapi/v2) through kube-openapi's proto model and prints it with
 * 80-column word wrapping. Same document the API endpoint serves, same walk as kubectl's.
 */

type Json = Record<string, any>

/** kube-openapi's proto model: what a schema is once parsed. */
type Model =
  | { is: 'kind'; description: string; fields: Map<string, Json>; required: string[] }
  | { is: 'map'; description: string; sub: Json | undefined }
  | { is: 'array'; description: string; sub: Json }
  | { is: 'primitive'; description: string; type: string }
  | { is: 'arbitrary'; description: string }
  | { is: 'reference'; description: string; name: string }

function model(s: Json): Model {
  const description = (s.description as string | undefined) ?? ''
  if (s.$ref) return { is: 'reference', description, name: s.$ref.replace('#/definitions/', '') }
  if (s.type === 'array') return { is: 'array', description, sub: s.items }
  if (s.type === 'object' || s.type === undefined) {
    if (s.properties) {
      const keys = Object.keys(s.properties).sort()
      return {
        is: 'kind',
        description,
        fields: new Map(keys.map((k) => [k, s.properties[k]])),
        required: s.required ?? [],
      }
    }
    if (s.type === undefined) return { is: 'arbitrary', description }
    // A map without a value schema holds arbitrary values, described as the map is.
    return { is: 'map', description, sub: s.additionalProperties }
  }
  return { is: 'primitive', description, type: s.type }
}

function definition(name: string): Json {
  return openApiV2Document().definitions[name]
}

/** The model a map's values have: its value schema, or an arbitrary value with the map's text. */
function mapValue(m: Extract<Model, { is: 'map' }>): Model {
  return m.sub ? model(m.sub) : { is: 'arbitrary', description: m.description }
}

function typeName(m: Model): string {
  switch (m.is) {
    case 'array':
      return `[]${typeName(model(m.sub))}`
    case 'map':
      return `map[string]${typeName(mapValue(m))}`
    case 'kind':
      return 'Object'
    case 'primitive':
      return m.type
    case 'reference':
      return typeName(model(definition(m.name)))
    case 'arbitrary':
      return ''
  }
}

export function explainV2(
  apiVersion: string,
  kind: string,
  fieldPath: string[],
  recursive: boolean,
): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion]
  const root = Object.values(openApiV2Document().definitions as Record<string, Json>).find((d) =>
    (d['x-kubernetes-group-version-kind'] as Json[] | undefined)?.some(
      (g) => g.group === group && g.version === version && g.kind === kind,
    ),
  )
  if (!root)
    throw new ExplainError(`couldn't find resource for "${group}/${version}, Kind=${kind}"`)
  const leaf = lookup(model(root), fieldPath)
  const out = new Writer()
  printModel(out, fieldPath[fieldPath.length - 1] ?? '', leaf, apiVersion, kind, recursive)
  return out.text
}

/** fieldLookup: follows the path through references, arrays and maps; a primitive ends it. */
function lookup(m: Model, path: string[]): Model {
  if (m.is === 'primitive' || m.is === 'arbitrary') return m
  if (!path.length) return m
  switch (m.is) {
    case 'reference':
      return lookup(model(definition(m.name)), path)
    case 'array':
      return lookup(model(m.sub), path)
    case 'map':
      return lookup(mapValue(m), path)
    case 'kind': {
      const field = m.fields.get(path[0])
      if (!field) throw new ExplainError(`field "${path[0]}" does not exist`)
      return lookup(model(field), path.slice(1))
    }
  }
}

function printModel(
  out: Writer,
  name: string,
  m: Model,
  apiVersion: string,
  kind: string,
  recursive: boolean,
): void {
  const descriptions: string[] = []
  let type = ''
  const head = (): void => {
    out.line(0, `KIND:     ${kind}`)
    out.line(0, `VERSION:  ${apiVersion}\n`)
  }
  const describe = (own: string): void => {
    out.line(0, 'DESCRIPTION:')
    const all = [...descriptions, own]
    if (all.every((d) => !d)) return out.wrapped(5, '<empty>')
    all.forEach((d, i) => {
      if (!d) return
      if (i !== 0) out.line(0, '')
      out.wrapped(5, d)
    })
  }
  for (;;) {
    switch (m.is) {
      case 'reference':
        descriptions.push(m.description)
        m = model(definition(m.name))
        continue
      case 'array':
      case 'map':
        descriptions.push(m.description)
        type ||= typeName(m)
        m = m.is === 'array' ? model(m.sub) : mapValue(m)
        continue
      case 'kind':
        head()
        type ||= 'Object'
        if (name) out.line(0, `RESOURCE: ${name} <${type}>\n`)
        describe(m.description)
        out.line(0, '\nFIELDS:')
        if (recursive) recursiveFields(out, 3, m, new Set())
        else fields(out, 3, m)
        return
      case 'primitive':
        head()
        type ||= m.type
        out.line(0, `FIELD:    ${name} <${type}>\n`)
        return describe(m.description)
      case 'arbitrary':
        head()
        return describe(m.description)
    }
  }
}

function fields(out: Writer, indent: number, k: Extract<Model, { is: 'kind' }>): void {
  for (const [key, schema] of k.fields) {
    const f = model(schema)
    out.line(indent, `${key}\t<${typeName(f)}>${k.required.includes(key) ? ' -required-' : ''}`)
    out.wrapped(indent + 2, f.description)
    out.line(0, '')
  }
}

/** Every field below, pre-order; a definition already being printed on this branch stops. */
function recursiveFields(out: Writer, indent: number, m: Model, visiting: Set<string>): void {
  switch (m.is) {
    case 'array':
      return recursiveFields(out, indent, model(m.sub), visiting)
    case 'map':
      return recursiveFields(out, indent, mapValue(m), visiting)
    case 'reference':
      if (visiting.has(m.name)) return
      visiting.add(m.name)
      recursiveFields(out, indent, model(definition(m.name)), visiting)
      visiting.delete(m.name)
      return
    case 'kind':
      for (const [key, schema] of m.fields) {
        const f = model(schema)
        out.line(indent, `${key}\t<${typeName(f)}>`)
        recursiveFields(out, indent + 3, f, visiting)
      }
  }
}

/** kubectl's explain Formatter: indented lines, and word wrapping at 80 columns. */
class Writer {
  text = ''

  line(indent: number, s: string): void {
    this.text += s === '' ? '\n' : ' '.repeat(indent) + s + '\n'
  }

  wrapped(indent: number, s: string): void {
    for (const l of wrapString(s, 80 - indent)) this.line(indent, l)
  }
}

const BULLET = /^(\d+\.?|-|\*)\s/

/**
 * Joins a description's lines into paragraphs wrapped at `width`, keeping what kubectl keeps:
 * empty lines, indented code, lines that start a list, and breaks after a colon.
 */
export function wrapString(str: string, width: number): string[] {
  const wrapped: string[] = []
  let words: string[] = []
  let lastWord = ''
  const flush = (): void => {
    if (words.length) {
      lastWord = ''
      wrapped.push(words.join(' '))
      words = []
    }
  }
  for (const line of str.split('\n')) {
    if (line.startsWith('    ')) {
      flush()
      wrapped.push(line)
      continue
    }
    if (wrapped.length > 0 && line.trim() === '') {
      flush()
      wrapped.push('')
      continue
    }
    const trimmed = line.trim()
    if (lastWord.endsWith(':') || trimmed === '' || BULLET.test(trimmed)) flush()
    for (const word of line.split(/\s+/).filter(Boolean)) {
      lastWord = word
      if (words.length && [...words, word].join(' ').length > width) flush()
      words.push(word)
    }
  }
  flush()
  return wrapped
}
