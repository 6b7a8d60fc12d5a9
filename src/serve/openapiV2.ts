import { KUBE_VERSION } from '../sim/cluster/spec.ts'
import type { RequestHeaders, ResponseSink } from './handler.ts'
import { buildDefinitions, type Json } from './openapiV2Definitions.ts'
import { buildPaths } from './openapiV2Paths.ts'
import { shareParameters } from './openapiV2Parameters.ts'
import { documentProto } from './openapiV2Proto.ts'
import { hex, sha512 } from './sha2.ts'

/**
 * `/openapi/v2`: the Swagger 2.0 document of the kinds we serve, as JSON or as the gnostic
 * protobuf client-go asks for, negotiated, tagged and cached as kube-openapi's handler does.
 * The document is big, so it is built on first use and kept.
 */

export const PROTOBUF_V2 = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'
const PROTOBUF_V2_DEPRECATED = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf'

let cached: { doc: Json; json?: string; proto?: Uint8Array; etag?: string } | undefined

export function openApiV2Document(): Json {
  return built().doc
}

function built(): NonNullable<typeof cached> {
  if (!cached) {
    const paths = buildPaths()
    const parameters = shareParameters(paths)
    const doc = {
      swagger: '2.0',
      info: { title: 'Kubernetes', version: KUBE_VERSION },
      paths,
      definitions: buildDefinitions(),
      parameters,
      securityDefinitions: {
        BearerToken: {
          description: 'Bearer Token authentication',
          type: 'apiKey',
          name: 'authorization',
          in: 'header',
        },
      },
      security: [{ BearerToken: [] }],
    }
    cached = { doc }
  }
  return cached
}

/**
 * Answers GET /openapi/v2: the first Accept clause (by q, as goautoneg sorts) that names JSON or
 * either protobuf type wins; none gives 406. A matching `If-None-Match` gives 304.
 */
export function sendOpenApiV2(headers: RequestHeaders, res: ResponseSink): void {
  const type = negotiate(headers.accept || '*/*')
  if (!type) {
    res.writeHead(406, { Vary: 'Accept' })
    res.end()
    return
  }
  const doc = built()
  doc.json ??= JSON.stringify(doc.doc)
  // The protobuf answer reuses the JSON's ETag: the Vary header tells the two apart.
  doc.etag ??= hex(sha512(new TextEncoder().encode(doc.json))).toUpperCase()
  const etag = `"${doc.etag}"`
  const head = { Vary: 'Accept', 'Content-Type': type, Etag: etag }
  if (matches(headers['if-none-match'], etag)) {
    res.writeHead(304, { Vary: 'Accept', Etag: etag })
    res.end()
    return
  }
  if (type === PROTOBUF_V2) {
    doc.proto ??= documentProto(doc.doc)
    res.writeHead(200, { ...head, 'Content-Length': String(doc.proto.length) })
    res.end(doc.proto)
    return
  }
  res.writeHead(200, head)
  res.end(doc.json)
}

function negotiate(accept: string): string | undefined {
  const clauses = accept
    .split(',')
    .map((c, i) => {
      const [range, ...params] = c.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { range: range.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, i }
    })
    .filter((c) => c.q > 0)
    // goautoneg: higher q first, then concrete types before wildcards, else as written.
    .sort((a, b) => b.q - a.q || wildness(a.range) - wildness(b.range) || a.i - b.i)
  for (const { range } of clauses) {
    const [type, sub] = range.split('/')
    if (type !== 'application' && type !== '*') continue
    if (sub === 'json' || sub === '*') return 'application/json'
    if (range === PROTOBUF_V2 || range === PROTOBUF_V2_DEPRECATED) return PROTOBUF_V2
  }
  return undefined
}

const wildness = (range: string): number =>
  (range.startsWith('*/') ? 2 : 0) + (range.endsWith('/*') ? 1 : 0)

function matches(header: string | string[] | undefined, etag: string): boolean {
  const value = Array.isArray(header) ? header.join(',') : header
  if (!value) return false
  return value.split(',').some((t) => {
    const v = t.trim()
    return v === '*' || v === etag || v === `W/${etag}`
  })
}
