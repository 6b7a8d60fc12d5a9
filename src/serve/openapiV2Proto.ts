import { MessageWriter } from './protobuf/encode.ts'
import type { Json } from './openapiV2Definitions.ts'

/**
 * The Swagger 2.0 document as the gnostic `openapi.v2.Document` message (field numbers from
 * gnostic-models' OpenAPIv2.proto), which kube-apiserver serves for
 * `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and client-go's
 * `OpenAPISchema()` reads. Covers the parts of the schema language our document uses.
 */
export function documentProto(doc: Json): Uint8Array {
  const w = new MessageWriter()
    .string(1, doc.swagger)
    .message(2, new MessageWriter().string(1, doc.info.title).string(2, doc.info.version))
  w.message(
    8,
    new MessageWriter().messages(
      2,
      Object.entries(doc.paths as Record<string, Json>).map(([name, item]) =>
        named(name, pathItem(item)),
      ),
    ),
  )
  w.message(
    9,
    new MessageWriter().messages(
      1,
      Object.entries(doc.definitions as Record<string, Json>).map(([name, s]) =>
        named(name, schema(s)),
      ),
    ),
  )
  w.message(
    10,
    new MessageWriter().messages(
      1,
      Object.entries(doc.parameters as Record<string, Json>).map(([name, p]) =>
        named(name, parameterMessage(p)),
      ),
    ),
  )
  for (const requirement of doc.security as Record<string, string[]>[])
    w.message(
      12,
      new MessageWriter().messages(
        1,
        Object.entries(requirement).map(([name, scopes]) =>
          named(name, new MessageWriter().strings(1, scopes)),
        ),
      ),
    )
  w.message(
    13,
    new MessageWriter().messages(
      1,
      Object.entries(doc.securityDefinitions as Record<string, Json>).map(([name, d]) =>
        // SecurityDefinitionsItem.api_key_security: the only kind the API server declares.
        named(
          name,
          new MessageWriter().message(
            2,
            new MessageWriter()
              .string(1, d.type)
              .string(2, d.name)
              .string(3, d.in)
              .string(4, d.description),
          ),
        ),
      ),
    ),
  )
  return w.finish()
}

/** The `NamedX` pair messages: name = 1, value = 2. */
function named(name: string, value: MessageWriter): MessageWriter {
  return new MessageWriter().string(1, name).message(2, value)
}

/** Vendor extensions as NamedAny, each value as the YAML text gnostic keeps in `Any.yaml`. */
function extensions(o: Json): MessageWriter[] {
  return Object.keys(o)
    .filter((k) => k.startsWith('x-'))
    .map((k) => named(k, new MessageWriter().string(2, yamlOf(o[k]))))
}

// The same few values (actions, kinds, list types) recur thousands of times.
const yamlTexts = new Map<string, string>()
function yamlOf(value: unknown): string {
  const key = JSON.stringify(value)
  let text = yamlTexts.get(key)
  if (text === undefined) yamlTexts.set(key, (text = yamlBlock(value, 0)))
  return text
}

/**
 * A JSON value as gnostic keeps it: yaml.v3's block style (styles cleared, 4-space indent,
 * sequence items' content two columns in), quoting only strings that would not read back as
 * themselves.
 */
function yamlBlock(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent)
  if (Array.isArray(value)) {
    if (!value.length) return `${pad}[]\n`
    return value
      .map((item) => {
        const body = yamlBlock(item, indent + 2)
        return `${pad}- ${body.slice(indent + 2)}`
      })
      .join('')
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
    if (!entries.length) return `${pad}{}\n`
    return entries
      .map(([k, v]) =>
        v && typeof v === 'object' && Object.keys(v).length
          ? `${pad}${scalar(k)}:\n${yamlBlock(v, indent + 4)}`
          : `${pad}${scalar(k)}: ${yamlBlock(v, 0)}`,
      )
      .join('')
  }
  return `${pad}${scalar(value)}\n`
}

function scalar(v: unknown): string {
  if (typeof v !== 'string') return String(v)
  const plain = /^[A-Za-z_/][\w.,/-]*$/.test(v) && !/^(true|false|yes|no|on|off|y|n|null)$/i.test(v)
  return plain ? v : JSON.stringify(v)
}

function schema(s: Json): MessageWriter {
  const w = new MessageWriter()
    .string(1, s.$ref)
    .string(2, s.format)
    .string(4, s.description)
    .strings(19, s.required)
  if (s.additionalProperties)
    w.message(21, new MessageWriter().message(1, schema(s.additionalProperties)))
  if (s.type) w.message(22, new MessageWriter().strings(1, [s.type]))
  if (s.items) w.message(23, new MessageWriter().message(1, schema(s.items)))
  if (s.properties)
    w.message(
      25,
      new MessageWriter().messages(
        1,
        Object.entries(s.properties as Record<string, Json>).map(([name, p]) =>
          named(name, schema(p)),
        ),
      ),
    )
  return w.messages(31, extensions(s))
}

const OPERATIONS: [string, number][] = [
  ['get', 2],
  ['put', 3],
  ['post', 4],
  ['delete', 5],
  ['options', 6],
  ['head', 7],
  ['patch', 8],
]

function pathItem(item: Json): MessageWriter {
  const w = new MessageWriter()
  for (const [method, field] of OPERATIONS)
    if (item[method]) w.message(field, operation(item[method]))
  return w.messages(9, (item.parameters ?? []).map(parameter))
}

function operation(op: Json): MessageWriter {
  const responses = new MessageWriter().messages(
    1,
    Object.entries(op.responses as Record<string, Json>).map(([code, r]) => {
      const response = new MessageWriter().string(1, r.description)
      if (r.schema) response.message(2, new MessageWriter().message(1, schema(r.schema)))
      return named(code, new MessageWriter().message(1, response))
    }),
  )
  return new MessageWriter()
    .strings(1, op.tags)
    .string(3, op.description)
    .string(5, op.operationId)
    .strings(6, op.produces)
    .strings(7, op.consumes)
    .messages(8, (op.parameters ?? []).map(parameter))
    .message(9, responses)
    .strings(10, op.schemes)
    .messages(13, extensions(op))
}

/** ParametersItem: a reference to a shared parameter, or the parameter itself. */
function parameter(p: Json): MessageWriter {
  if (p.$ref) return new MessageWriter().message(2, new MessageWriter().string(1, p.$ref))
  return new MessageWriter().message(1, parameterMessage(p))
}

/** Parameter → body, or non-body → query/path sub-schema. */
function parameterMessage(p: Json): MessageWriter {
  if (p.in === 'body')
    return new MessageWriter().message(
      1,
      new MessageWriter()
        .string(1, p.description)
        .string(2, p.name)
        .string(3, p.in)
        .bool(4, p.required)
        .message(5, schema(p.schema)),
    )
  // Path and query sub-schemas number `type` and `uniqueItems` differently (no allowEmptyValue).
  const path = p.in === 'path'
  const sub = new MessageWriter()
    .bool(1, p.required)
    .string(2, p.in)
    .string(3, p.description)
    .string(4, p.name)
    .string(path ? 5 : 6, p.type)
    .bool(path ? 19 : 20, p.uniqueItems)
  return new MessageWriter().message(2, new MessageWriter().message(path ? 4 : 3, sub))
}
