/**
 * The real kubectl 1.32 creates through `kubeplay serve` with protobuf bodies. For every generator:
 * the body it sent, decoded, equals its own `--dry-run=client -o json`; the stored object equals
 * what our kubectl stores in a cluster of the same seed; both print the same.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Sim } from '../../sim/sim.ts'
import type { KObject } from '../../sim/api/types.ts'
import { findKubectl } from '../../kubectl/oracleKubectl.ts'
import type { Harness } from '../../kubectl/testHarness.ts'
import { servedTwin, type ServedTwin } from '../servedTwin.ts'
import { decodeProtobufObject } from './envelope.ts'

const real = findKubectl()
if (!real)
  console.warn('SKIPPED: protobuf creates through kubeplay serve need kubectl v1.32 on PATH')

const dir = mkdtempSync(join(tmpdir(), 'kubeplay-pb-'))
const START = Date.parse('2026-03-01T10:00:00Z')
const SEED = 11

interface Case {
  args: string[]
  /** Resource id, namespace and name of the object the command stores. */
  stored: [string, string | undefined, string]
  /** Whether kubectl sends the object as protobuf (the typed generators) or JSON. */
  protobuf: boolean
}

const c = (args: string, stored: Case['stored'], protobuf = true): Case => ({
  args: args.split(' '),
  stored,
  protobuf,
})

const CASES: Case[] = [
  c('create namespace team-a', ['namespaces', undefined, 'team-a']),
  c('create deployment d1 --image=nginx:1.27 --replicas=3 --port=8080', [
    'deployments.apps',
    'default',
    'd1',
  ]),
  c('create deployment d2 --image=busybox -n team-a -- sleep 3600', [
    'deployments.apps',
    'team-a',
    'd2',
  ]),
  c('create service clusterip s1 --tcp=80:8080 --tcp=443', ['services', 'default', 's1']),
  c('create service clusterip s2 --clusterip=None', ['services', 'default', 's2']),
  c('create service nodeport s3 --tcp=80:8080 --node-port=30080', ['services', 'default', 's3']),
  c('create service loadbalancer s4 --tcp=443:8443', ['services', 'default', 's4']),
  c('create service externalname s5 --external-name=example.com --tcp=80', [
    'services',
    'default',
    's5',
  ]),
  c('create configmap c1 --from-literal=a=1 --from-literal=b=two', ['configmaps', 'default', 'c1']),
  c(`create configmap c2 --from-file=${dir}/app.conf`, ['configmaps', 'default', 'c2']),
  c('create secret generic g1 --from-literal=user=admin --type=Opaque', [
    'secrets',
    'default',
    'g1',
  ]),
  c(`create secret tls t1 --cert=${dir}/tls.crt --key=${dir}/tls.key`, [
    'secrets',
    'default',
    't1',
  ]),
  c(
    'create secret docker-registry r1 --docker-server=reg.example.com --docker-username=u --docker-password=p --docker-email=u@example.com',
    ['secrets', 'default', 'r1'],
  ),
  c('create serviceaccount sa1', ['serviceaccounts', 'default', 'sa1']),
  c('create job j1 --image=busybox -- echo hi', ['jobs.batch', 'default', 'j1']),
  c('create cronjob cj1 --image=busybox --schedule=*/5_*_*_*_* --restart=OnFailure -- date', [
    'cronjobs.batch',
    'default',
    'cj1',
  ]),
  c('create job j2 --from=cronjob/cj1', ['jobs.batch', 'default', 'j2']),
  c('create role r1 --verb=get,list,watch --resource=pods,deployments.apps,pods/log', [
    'roles.rbac.authorization.k8s.io',
    'default',
    'r1',
  ]),
  c('create role r2 --verb=get --resource=configmaps --resource-name=c1', [
    'roles.rbac.authorization.k8s.io',
    'default',
    'r2',
  ]),
  c('create rolebinding rb1 --role=r1 --user=alice --group=devs --serviceaccount=default:sa1', [
    'rolebindings.rbac.authorization.k8s.io',
    'default',
    'rb1',
  ]),
  c('create clusterrole cr1 --verb=get --resource=nodes --non-resource-url=/healthz', [
    'clusterroles.rbac.authorization.k8s.io',
    undefined,
    'cr1',
  ]),
  c('create clusterrole cr2 --aggregation-rule=rbac.example.com/aggregate=true', [
    'clusterroles.rbac.authorization.k8s.io',
    undefined,
    'cr2',
  ]),
  c('create clusterrolebinding crb1 --clusterrole=cr1 --group=devs --user=bob', [
    'clusterrolebindings.rbac.authorization.k8s.io',
    undefined,
    'crb1',
  ]),
  c(
    'create quota q1 -n team-a --hard=pods=10,requests.cpu=2,limits.memory=4Gi --scopes=NotTerminating',
    ['resourcequotas', 'team-a', 'q1'],
  ),
  c('create poddisruptionbudget pdb1 --selector=app=d1 --min-available=1', [
    'poddisruptionbudgets.policy',
    'default',
    'pdb1',
  ]),
  c('create poddisruptionbudget pdb2 --selector=app=d1 --max-unavailable=50%', [
    'poddisruptionbudgets.policy',
    'default',
    'pdb2',
  ]),
  c('create priorityclass pc1 --value=1000 --description=high --preemption-policy=Never', [
    'priorityclasses.scheduling.k8s.io',
    undefined,
    'pc1',
  ]),
  c(
    'create ingress i1 --class=nginx --rule=foo.com/bar=svc1:8080,tls=my-cert --rule=/path*=svc2:http --annotation=a=b',
    ['ingresses.networking.k8s.io', 'default', 'i1'],
  ),
  c('create ingress i2 --default-backend=svc1:80', [
    'ingresses.networking.k8s.io',
    'default',
    'i2',
  ]),
  c('autoscale deployment d1 --min=2 --max=5 --cpu-percent=80', [
    'horizontalpodautoscalers.autoscaling',
    'default',
    'd1',
  ]),
  c(
    'run p1 --image=nginx --labels=a=b --env=X=1 --port=80 --restart=Never',
    ['pods', 'default', 'p1'],
    false,
  ),
  c(
    'expose deployment d1 --port=80 --target-port=8080 --name=d1-svc',
    ['services', 'default', 'd1-svc'],
    false,
  ),
]

/** The cron schedule has spaces; `_` stands for them in the table above. */
const argv = (k: Case): string[] =>
  k.args.map((a) => a.replace(/^(--schedule=.*)$/, (s) => s.replaceAll('_', ' ')))

/** Flags go before `--`, after which everything is the container's command. */
function withFlags(args: string[], ...flags: string[]): string[] {
  const at = args.indexOf('--')
  return at < 0 ? [...args, ...flags] : [...args.slice(0, at), ...flags, ...args.slice(at)]
}

/** The bodies kubectl logs at -v=10 (lower levels truncate them) as hex dumps, in the order it sent them. */
function requestBodies(log: string): Uint8Array[] {
  const out: Uint8Array[] = []
  for (const m of log.matchAll(/"Request Body" body=<\n([\s\S]*?)\n\s*>/g)) {
    const hex = m[1].split('\n').flatMap(
      (line) =>
        line
          .trim()
          .slice(10, 59)
          .match(/[0-9a-f]{2}/g) ?? [],
    )
    out.push(Uint8Array.from(hex.map((h) => parseInt(h, 16))))
  }
  return out
}

/** Server-set fields (and uids wherever the server copied them) differ between two clusters. */
function comparable(o: KObject): unknown {
  const copy = JSON.parse(
    JSON.stringify(o).replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '<uid>'),
  )
  delete copy.status
  // Addresses and node ports are allocated at random; each cluster draws its own.
  if (copy.kind === 'Service') {
    if (copy.spec.clusterIP !== 'None') {
      delete copy.spec.clusterIP
      delete copy.spec.clusterIPs
    }
    for (const p of copy.spec.ports ?? []) if (p.nodePort !== 30080) delete p.nodePort
  }
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields'])
    delete copy.metadata[k]
  return copy
}

describe.skipIf(!real)('real kubectl creates through kubeplay serve with protobuf bodies', () => {
  let twin: ServedTwin
  let sim: Sim
  let ours: Harness
  const kubectl = (args: string[]) => twin.kubectl(args)

  beforeAll(async () => {
    twin = await servedTwin({ seed: SEED, start: START, binary: real!, dir })
    ;({ sim, ours } = twin)
    writeFileSync(join(dir, 'app.conf'), 'level=debug\nport=8080\n')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '365',
        '-subj',
        '/CN=example.com',
        '-keyout',
        join(dir, 'tls.key'),
        '-out',
        join(dir, 'tls.crt'),
      ],
      { stdio: 'ignore' },
    )
    for (const f of ['app.conf', 'tls.key', 'tls.crt'])
      ours.fs.write(join(dir, f), readFileSync(join(dir, f), 'utf8'))
  })
  afterAll(() => twin?.stop())

  for (const k of CASES) {
    test(`kubectl ${argv(k).join(' ')}`, async () => {
      const dry = k.protobuf
        ? await kubectl(withFlags(argv(k), '--dry-run=client', '-o', 'json'))
        : undefined
      const r = await kubectl(withFlags(argv(k), '-v=10'))
      const log = r.err
      expect(
        r.code,
        log
          .split('\n')
          .filter((l) => !l.startsWith('I'))
          .join('\n'),
      ).toBe(0)
      const mine = ours.run(argv(k))
      expect({ code: mine.code, out: mine.out }).toEqual({ code: 0, out: r.out })
      if (dry) {
        expect(log).toContain('Content-Type: application/vnd.kubernetes.protobuf')
        const bodies = requestBodies(log)
        expect(bodies.length).toBeGreaterThan(0)
        expect(decodeProtobufObject(bodies[bodies.length - 1])).toEqual(JSON.parse(dry.out))
      }
      sim.advance(1000)
      ours.sim.advance(1000)
      const [id, ns, name] = k.stored
      expect(comparable(sim.api.get(id, ns, name))).toEqual(
        comparable(ours.sim.api.get(id, ns, name)),
      )
    }, 30_000)
  }
  test('kubectl create token: the TokenRequest is decoded and refused as our kubectl refuses it', async () => {
    const r = await kubectl(['create', 'token', 'sa1', '-v=10'])
    expect(r.err).toContain('Content-Type: application/vnd.kubernetes.protobuf')
    const mine = ours.run(['create', 'token', 'sa1'])
    expect(mine).toEqual({
      code: r.code,
      out: r.out,
      err:
        r.err
          .split('\n')
          .filter((l) => l.startsWith('error: '))
          .join('\n') + '\n',
    })
  })

  test('kubectl drain deletes pods with protobuf DeleteOptions', async () => {
    const node = (sim.api.get('pods', 'default', 'p1').spec?.nodeName ?? '') as string
    // The served cluster has no wall clock here; move it on while drain waits for the pods to go.
    const tick = setInterval(() => sim.advance(1000), 20)
    const r = await kubectl([
      'drain',
      node,
      '--ignore-daemonsets',
      '--force',
      // Discovery advertises pods/eviction (policy/v1), so drain would evict, and d1's pods are
      // covered by both pdb1 and pdb2, which the eviction subresource refuses; deleting is what
      // this checks.
      '--disable-eviction',
      '--timeout=60s',
      '-v=10',
    ])
    clearInterval(tick)
    expect(
      r.code,
      r.err
        .split('\n')
        .filter((l) => !l.startsWith('I'))
        .join('\n'),
    ).toBe(0)
    const bodies = requestBodies(r.err).map((b) => decodeProtobufObject(b))
    expect(bodies).toContainEqual({
      kind: 'DeleteOptions',
      apiVersion: 'v1',
    })
    expect(sim.api.tryGet('pods', 'default', 'p1')).toBeUndefined()
  })
})
