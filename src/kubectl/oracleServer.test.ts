/**
 * Byte-for-byte comparison with the real kubectl v1.32 for commands that need only API discovery
 * (kubectl run and create role resolve resource mappings before a client-side dry run). A small
 * HTTP server in this test serves the simulated cluster's discovery documents.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RESOURCES, type ResourceInfo } from '../sim/api/resources.ts'
import { findKubectl } from './oracleKubectl.ts'
import { harness } from './testHarness.ts'

function resourceList(groupVersion: string, list: ResourceInfo[]): unknown {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: list.map((r) => ({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    })),
  }
}

function discovery(path: string): unknown {
  if (path === '/api')
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }
  if (path === '/api/v1')
    return resourceList(
      'v1',
      RESOURCES.filter((r) => r.group === ''),
    )
  if (path === '/apis') {
    const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))]
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map((g) => {
        const versions = [
          ...new Set(RESOURCES.filter((r) => r.group === g).flatMap((r) => r.versions)),
        ]
        return {
          name: g,
          versions: versions.map((v) => ({ groupVersion: `${g}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${g}/${versions[0]}`, version: versions[0] },
        }
      }),
    }
  }
  const m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path)
  if (m)
    return resourceList(
      `${m[1]}/${m[2]}`,
      RESOURCES.filter((r) => r.group === m[1] && r.versions.includes(m[2])),
    )
  return undefined
}

const COMMANDS: string[][] = [
  ['run', 'web', '--image=nginx', '--dry-run=client', '-o', 'yaml'],
  [
    'run',
    'web',
    '--image=nginx:1.27',
    '--port=80',
    '--env=A=1',
    '--env=B=two',
    '--labels=app=web,tier=fe',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'run',
    'bb',
    '--image=busybox',
    '--restart=Never',
    '--dry-run=client',
    '-o',
    'yaml',
    '--',
    'sleep',
    '3600',
  ],
  [
    'run',
    'bb',
    '--image=busybox',
    '--command',
    '--dry-run=client',
    '-o',
    'yaml',
    '--',
    'sh',
    '-c',
    'echo hi',
  ],
  [
    'run',
    'x',
    '--image=nginx',
    '--image-pull-policy=Always',
    '--annotations=a=b',
    '--privileged',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  ['run', 'x', '--image=nginx', '-n', 'dev', '--dry-run=client', '-o', 'yaml'],
  ['run', 'x', '--image=nginx', '--dry-run=client'],
  ['run', 'x', '--image=nginx', '--env=1BAD=x', '--dry-run=client'],
  [
    'create',
    'role',
    'r',
    '--verb=get,list',
    '--resource=pods,deployments.apps',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'create',
    'clusterrole',
    'cr',
    '--verb=get',
    '--resource=nodes',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
]

const real = findKubectl()

describe.skipIf(!real)('kubectl oracle with discovery (real kubectl v1.32)', () => {
  let server: Server
  let dir: string
  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = discovery((req.url ?? '').split('?')[0])
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify(
          body ?? {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            code: 404,
            reason: 'NotFound',
            message: 'the server could not find the requested resource',
          },
        ),
      )
    })
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    const port = (server.address() as { port: number }).port
    dir = mkdtempSync(join(tmpdir(), 'kubeplay-oracle-srv-'))
    writeFileSync(
      join(dir, 'config'),
      `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: http://127.0.0.1:${port}\n  name: k\ncontexts:\n- context:\n    cluster: k\n    user: u\n  name: c\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: t\n`,
    )
  })
  afterAll(() => server?.close())

  for (const args of COMMANDS) {
    test(`kubectl ${args.join(' ')}`, async () => {
      const want = await new Promise<{ stdout: string; stderr: string; code: number }>(
        (resolve) => {
          execFile(
            real!,
            args,
            {
              cwd: dir,
              env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'config') },
            },
            (err, stdout, stderr) =>
              resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
          )
        },
      )
      const got = harness().run(args)
      expect({ out: got.out, err: got.err, code: got.code }).toEqual({
        out: want.stdout,
        err: want.stderr,
        code: want.code,
      })
    })
  }
})
