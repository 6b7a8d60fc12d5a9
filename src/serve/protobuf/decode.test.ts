import { describe, expect, test } from 'vitest'
import { decodeProtobufObject, ProtobufError, UnsupportedKindError } from './envelope.ts'
import { allMessageNames, messageSpec } from './schema.ts'

/** A protobuf writer for test bodies: fields are [number, value] in wire order. */
type Value = number | bigint | string | boolean | Uint8Array | Field[]
type Field = [number, Value] | [number, Value, 'fixed64']

function varint(v: bigint): number[] {
  let u = BigInt.asUintN(64, v)
  const out: number[] = []
  do {
    const b = Number(u & 0x7fn)
    u >>= 7n
    out.push(u ? b | 0x80 : b)
  } while (u)
  return out
}

function encode(fields: Field[]): Uint8Array {
  const out: number[] = []
  for (const [num, v, as] of fields) {
    if (as === 'fixed64') {
      const b = new Uint8Array(8)
      new DataView(b.buffer).setFloat64(0, Number(v), true)
      out.push(...varint(BigInt((num << 3) | 1)), ...b)
    } else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') {
      out.push(...varint(BigInt(num << 3)), ...varint(BigInt(typeof v === 'boolean' ? +v : v)))
    } else {
      const bytes =
        typeof v === 'string'
          ? new TextEncoder().encode(v)
          : v instanceof Uint8Array
            ? v
            : encode(v)
      out.push(...varint(BigInt((num << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes)
    }
  }
  return Uint8Array.from(out)
}

function body(apiVersion: string, kind: string, object: Field[]): Uint8Array {
  const unknown = encode([
    [
      1,
      [
        [1, apiVersion],
        [2, kind],
      ],
    ],
    [2, encode(object)],
  ])
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...unknown])
}

const labels = (m: Record<string, string>): Field[] =>
  Object.entries(m).map(([k, v]): Field => [
    11,
    [
      [1, k],
      [2, v],
    ],
  ])

describe('protobuf decoder', () => {
  test('an object is the JSON encoding/json would write for its Go struct', () => {
    const obj = decodeProtobufObject(
      body('apps/v1', 'Deployment', [
        // kubectl writes every non-pointer field, zero or not.
        [1, [[1, 'web'], [2, ''], [7, 0], [8, []], ...labels({ app: 'web' })]],
        [
          2,
          [
            [1, 0], // replicas is a pointer: a sent zero is kept
            [
              2,
              [
                [
                  1,
                  [
                    [1, 'app'],
                    [2, 'web'],
                  ],
                ],
              ],
            ],
            [
              3,
              [
                [1, [[8, []]]],
                [
                  2,
                  [
                    [
                      2,
                      [
                        [1, 'nginx'],
                        [2, 'nginx'],
                        [8, []],
                      ],
                    ],
                  ],
                ],
              ],
            ],
            [4, []],
            [5, 0],
            [7, false],
          ],
        ],
      ]),
    )
    expect(obj).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { creationTimestamp: null },
          spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    })
    // Struct order, as the API server writes it.
    expect(Object.keys(obj)).toEqual(['kind', 'apiVersion', 'metadata', 'spec', 'status'])
  })

  test('multi-byte and negative varints; int32 is plain two’s complement, never zigzag', () => {
    const spec = (f: Field[]): unknown =>
      decodeProtobufObject(body('apps/v1', 'Deployment', [[2, f]])).spec
    expect(spec([[1, 300]])).toMatchObject({ replicas: 300 })
    // -1 as int32 travels as ten bytes of sign-extended 64-bit varint.
    expect(spec([[1, -1n]])).toMatchObject({ replicas: -1 })
    expect(spec([[1, 1]])).toMatchObject({ replicas: 1 })
    const meta = decodeProtobufObject(
      body('v1', 'ConfigMap', [
        [
          1,
          [
            [1, 'c'],
            [7, 2n ** 40n],
          ],
        ],
      ]),
    ).metadata
    expect(meta).toMatchObject({ generation: 2 ** 40 })
  })

  test('repeated scalars, packed or one per field', () => {
    const ctx = (f: Field[]): unknown =>
      (
        decodeProtobufObject(body('v1', 'Pod', [[2, [[14, f]]]])).spec as {
          securityContext: unknown
        }
      ).securityContext
    const packed = Uint8Array.from([...varint(1000n), ...varint(2000n)])
    expect(ctx([[4, packed]])).toEqual({ supplementalGroups: [1000, 2000] })
    expect(
      ctx([
        [4, 1000],
        [4, 2000],
      ]),
    ).toEqual({ supplementalGroups: [1000, 2000] })
  })

  test('maps, bytes values as base64, well-known types and inlined structs', () => {
    const secret = decodeProtobufObject(
      body('v1', 'Secret', [
        [1, [[1, 's']]],
        [
          2,
          [
            [1, 'b'],
            [2, Uint8Array.from([0, 255])],
          ],
        ],
        [
          2,
          [
            [1, 'a'],
            [2, 'hi'],
          ],
        ],
        [3, 'Opaque'],
      ]),
    )
    expect(secret).toMatchObject({ data: { a: 'aGk=', b: 'AP8=' }, type: 'Opaque' })
    expect(Object.keys(secret.data as object)).toEqual(['a', 'b'])

    const pod = decodeProtobufObject(
      body('v1', 'Pod', [
        [
          1,
          [
            [1, 'p'],
            [8, [[1, 1767225600]]],
            [9, [[1, 1767225660]]],
          ],
        ],
        [
          2,
          [
            [
              1,
              [
                [1, 'cache'],
                [2, [[2, [[2, [[1, '64Mi']]]]]]],
              ],
            ],
            [
              2,
              [
                [1, 'c'],
                [
                  6,
                  [
                    [3, 8080],
                    [4, 'TCP'],
                  ],
                ],
                [
                  10,
                  [
                    [
                      1,
                      [
                        [
                          2,
                          [
                            [
                              2,
                              [
                                [1, 1],
                                [3, 'http'],
                              ],
                            ],
                          ],
                        ],
                      ],
                    ],
                    [2, 5],
                  ],
                ],
              ],
            ],
          ],
        ],
      ]),
    )
    expect(pod.metadata).toEqual({
      name: 'p',
      creationTimestamp: '2026-01-01T00:00:00Z',
      deletionTimestamp: '2026-01-01T00:01:00Z',
    })
    const spec = pod.spec as { volumes: unknown[]; containers: unknown[] }
    expect(spec.volumes).toEqual([{ name: 'cache', emptyDir: { sizeLimit: '64Mi' } }])
    expect(spec.containers).toEqual([
      {
        name: 'c',
        // containerPort has no omitempty, so a missing one would still be written.
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        resources: {},
        livenessProbe: { httpGet: { port: 'http' }, initialDelaySeconds: 5 },
      },
    ])
  })

  test('a zero Time sent as an empty message is null; seconds=0 sent explicitly is 1970', () => {
    const meta = (f: Field[]): unknown =>
      decodeProtobufObject(body('v1', 'ConfigMap', [[1, f]])).metadata
    expect(meta([[8, []]])).toEqual({ creationTimestamp: null })
    expect(meta([[8, [[1, 0]]]])).toEqual({ creationTimestamp: '1970-01-01T00:00:00Z' })
  })

  test('a field number v1.32 does not define is refused, naming the message and number', () => {
    expect(() => decodeProtobufObject(body('apps/v1', 'Deployment', [[2, [[42, 1]]]]))).toThrow(
      new ProtobufError(
        'k8s.io.api.apps.v1.DeploymentSpec has no field number 42 in Kubernetes v1.32',
      ),
    )
  })

  test('a wire type that does not match the field is refused', () => {
    expect(() => decodeProtobufObject(body('apps/v1', 'Deployment', [[2, [[1, 'x']]]]))).toThrow(
      /DeploymentSpec field 1 \(replicas\): wire type 2/,
    )
  })

  test('kinds outside the tables and foreign envelopes are unsupported, not guessed', () => {
    expect(() => decodeProtobufObject(body('storage.k8s.io/v1', 'StorageClass', []))).toThrow(
      UnsupportedKindError,
    )
    expect(() => decodeProtobufObject(Uint8Array.from([1, 2, 3, 4, 5]))).toThrow(ProtobufError)
  })

  test('every truncation of a body is a clean ProtobufError', () => {
    const full = body('v1', 'Pod', [
      [1, [[1, 'p'], ...labels({ a: 'b' })]],
      [
        2,
        [
          [
            2,
            [
              [1, 'c'],
              [2, 'nginx'],
              [3, 'sh'],
              [6, [[3, 80]]],
            ],
          ],
          [4, 30n],
        ],
      ],
    ])
    expect(() => decodeProtobufObject(full)).not.toThrow()
    for (let n = 0; n < full.length; n++) {
      let err: unknown
      try {
        decodeProtobufObject(full.subarray(0, n))
      } catch (e) {
        err = e
      }
      // Some prefixes end on a field boundary and decode to less; none may fail any other way.
      if (err) expect(err).toBeInstanceOf(ProtobufError)
    }
  })

  test('hostile input: overlong varints, lengths past the end, groups, random bytes', () => {
    const prefix = [0x6b, 0x38, 0x73, 0x00]
    const cases = [
      [...prefix, 0x08, ...Array(11).fill(0xff)],
      [...prefix, 0x12, 0xff, 0xff, 0xff, 0xff, 0x0f],
      [...prefix, 0x0b, 0x0c],
      [...prefix, 0x00],
    ]
    for (const c of cases)
      expect(() => decodeProtobufObject(Uint8Array.from(c))).toThrow(ProtobufError)
    // A fixed seed keeps the walk over random inputs the same on every run.
    let seed = 12345
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff
    const template = body('apps/v1', 'Deployment', [
      [
        2,
        [
          [1, 3],
          [3, [[2, [[2, [[1, 'c']]]]]]],
        ],
      ],
    ])
    for (let i = 0; i < 3000; i++) {
      const b = Uint8Array.from(template)
      for (let k = 0; k < 1 + (i % 4); k++) b[4 + (rand() % (b.length - 4))] = rand()
      try {
        decodeProtobufObject(b)
      } catch (e) {
        expect(e instanceof ProtobufError || e instanceof UnsupportedKindError).toBe(true)
      }
    }
  })

  test('every message in the tables parses and names only messages the tables hold', () => {
    for (const name of allMessageNames()) {
      const spec = messageSpec(name)!
      for (const f of spec.fields)
        if (f.type.kind === 'message') expect(messageSpec(f.type.name), f.type.name).toBeDefined()
    }
  })
})
