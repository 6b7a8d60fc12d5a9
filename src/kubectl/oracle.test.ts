/**
 * Byte-for-byte comparison with the real kubectl v1.32 client on commands that need no server:
 * client-side dry runs of the generators and usage errors. Skipped, visibly, without kubectl.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { harness } from './testHarness.ts'
import { findKubectl } from './oracleKubectl.ts'

const FILES: Record<string, string> = {
  'app.env': 'MODE=prod\n# comment\nLEVEL=debug\n',
  'index.html': '<h1>hello</h1>\n',
  'nginx.conf': 'server {\n  listen 80;\n}\n',
}

const COMMANDS: string[][] = [
  ['create', 'deployment', 'web', '--image=nginx:1.27', '--dry-run=client', '-o', 'yaml'],
  [
    'create',
    'deployment',
    'web',
    '--image=nginx',
    '--replicas=3',
    '--port=80',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'create',
    'deployment',
    'web',
    '--image=busybox',
    '--dry-run=client',
    '-o',
    'yaml',
    '--',
    'sleep',
    '3600',
  ],
  [
    'create',
    'deployment',
    'multi',
    '--image=nginx',
    '--image=redis:7',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  ['create', 'deploy', 'web', '--image=nginx', '-n', 'dev', '--dry-run=client', '-o', 'yaml'],
  ['create', 'deployment', 'web', '--image=nginx', '--dry-run=client'],
  ['create', 'deployment', 'web', '--image=nginx', '--dry-run=client', '-o', 'name'],
  [
    'create',
    'service',
    'clusterip',
    'my',
    '--tcp=80:8080',
    '--tcp=443',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'create',
    'service',
    'nodeport',
    'np',
    '--tcp=80:80',
    '--node-port=30080',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  ['create', 'service', 'loadbalancer', 'lb', '--tcp=80', '--dry-run=client', '-o', 'yaml'],
  [
    'create',
    'service',
    'externalname',
    'ex',
    '--external-name=db.example.com',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  ['create', 'service', 'clusterip', 'hl', '--clusterip=None', '--dry-run=client', '-o', 'yaml'],
  [
    'create',
    'configmap',
    'cfg',
    '--from-literal=a=1',
    '--from-literal=b=two',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'create',
    'configmap',
    'files',
    '--from-file=nginx.conf',
    '--from-file=page=index.html',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  ['create', 'cm', 'env', '--from-env-file=app.env', '--dry-run=client', '-o', 'yaml'],
  [
    'create',
    'secret',
    'generic',
    'db',
    '--from-literal=user=admin',
    '--from-literal=password=s3cr3t',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'create',
    'secret',
    'docker-registry',
    'reg',
    '--docker-server=r.io',
    '--docker-username=u',
    '--docker-password=p',
    '--docker-email=e@x.io',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  ['create', 'namespace', 'dev', '--dry-run=client', '-o', 'yaml'],
  ['create', 'serviceaccount', 'bot', '--dry-run=client', '-o', 'yaml'],
  [
    'create',
    'job',
    'once',
    '--image=busybox',
    '--dry-run=client',
    '-o',
    'yaml',
    '--',
    'echo',
    'hi',
  ],
  [
    'create',
    'cronjob',
    'tick',
    '--image=busybox',
    '--schedule=*/1 * * * *',
    '--dry-run=client',
    '-o',
    'yaml',
    '--',
    'date',
  ],
  ['create', 'quota', 'q', '--hard=cpu=1,memory=1G,pods=2', '--dry-run=client', '-o', 'yaml'],
  [
    'create',
    'pdb',
    'p',
    '--selector=app=web',
    '--min-available=1',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'create',
    'priorityclass',
    'high',
    '--value=1000',
    '--description=high priority',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'create',
    'rolebinding',
    'rb',
    '--clusterrole=view',
    '--user=bob',
    '--serviceaccount=default:sa',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'create',
    'clusterrolebinding',
    'crb',
    '--clusterrole=view',
    '--group=devs',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'create',
    'clusterrole',
    'logs',
    '--verb=get',
    '--non-resource-url=/logs',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  [
    'create',
    'ingress',
    'simple',
    '--rule=foo.com/bar*=svc1:8080,tls=my-cert',
    '--rule=/x=s:http',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  ['create', 'deployment', 'x'],
  ['create', 'deployment', '--image=nginx'],
  ['create', 'namespace', 'a', 'b'],
  ['create', 'foo'],
  ['create', 'deployment', 'web', '--image=nginx', '--dry-run=bogus'],
  ['create', 'deployment', 'web', '--image=nginx', '-o', 'bogus', '--dry-run=client'],
  ['create', 'service', 'clusterip', 'x', '--dry-run=client'],
  ['create', 'cm', 'c', '--from-env-file=app.env', '--from-literal=a=b', '--dry-run=client'],
  ['get', '--foo'],
  ['get', '-x'],
  ['get', '-n'],
  ['get'],
  ['foo'],
  ['gett', 'pods'],
  ['apply'],
  ['delete'],
  ['config'],
  ['rollout'],
  ['rollout', 'foo'],
  ['set'],
  ['get', '--help'],
  ['create', 'deployment', '--help'],
  ['help', 'delete'],
  ['exec', 'x', 'ls'],
  ['exec', '-it', 'x', '/bin/bash'],
  ['exec', 'x'],
  ['exec'],
  ['logs'],
  ['scale', 'deploy', 'x'],
  ['scale', 'deploy', 'x', '--replicas=abc'],
  ['run', 'x'],
  ['run', '--image=nginx'],
  ['run', 'x', '--image=nginx', '--restart=foo'],
  ['run', 'x', '--image=nginx', '-it', '--rm', '--dry-run=client'],
  ['run', 'x', '--image=nginx', '--rm'],
  ['cordon'],
  ['drain'],
  ['label', 'pods'],
  ['port-forward'],
  ['patch'],
  ['replace'],
  ['top', 'foo'],
  ['config', 'foo'],
  ['create', 'token'],
]

const real = findKubectl()

describe.skipIf(!real)('kubectl oracle (real kubectl v1.32, offline)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeplay-oracle-'))
  for (const [name, content] of Object.entries(FILES)) writeFileSync(join(dir, name), content)

  for (const args of COMMANDS) {
    test(`kubectl ${args.join(' ')}`, () => {
      const want = spawnSync(real!, args, {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'no-kubeconfig') },
      })
      const h = harness()
      h.fs.mkdir('/work')
      for (const [name, content] of Object.entries(FILES)) h.fs.write(`/root/${name}`, content)
      const got = h.run(args)
      expect({ out: got.out, err: got.err, code: got.code }).toEqual({
        out: want.stdout,
        err: want.stderr,
        code: want.status,
      })
    })
  }
})

test.runIf(!real)('kubectl oracle skipped', () => {
  console.warn('kubectl oracle tests SKIPPED: no real kubectl v1.32 on PATH')
})
