/**
 * The real kubectl v1.32 against the simulated cluster served over HTTP (src/serve): kubectl renders
 * our server-side Table cells with its own tab writer and decorations, prints the JSON it receives
 * as YAML/JSON/jsonpath/custom-columns/go-template, and runs its own describe code over our objects.
 * Each case compares that, byte for byte, with what our printers and describers produce.
 */
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../../sim/sim.ts'
import { resourceById } from '../../sim/api/resources.ts'
import type { KObject } from '../../sim/api/types.ts'
import { startServer } from '../../serve/server.ts'
import { kubeconfigFor } from '../../serve/kubeconfig.ts'
import {
  PrintError,
  printObjects,
  WatchPrinter,
  type PrintItem,
  type PrintOptions,
} from './index.ts'
import { describeObject } from '../describe/index.ts'

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const HAS_KUBECTL = hasKubectl()
if (!HAS_KUBECTL)
  console.warn(
    'realKubectl.test.ts: no kubectl binary found, skipping the real-kubectl comparisons',
  )

const MANIFESTS: [string, KObject][] = [
  [
    'deployments.apps',
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx:1.27',
                ports: [{ containerPort: 80 }],
                env: [
                  { name: 'MODE', value: 'prod' },
                  { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                ],
                resources: {
                  requests: { cpu: '100m', memory: '64Mi' },
                  limits: { memory: '128Mi' },
                },
                readinessProbe: { httpGet: { path: '/', port: 80 } },
              },
            ],
          },
        },
      },
    },
  ],
  [
    'services',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] },
    },
  ],
  [
    'services',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'np', namespace: 'default' },
      spec: {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [{ port: 8080, targetPort: 80, nodePort: 30080 }],
      },
    },
  ],
  [
    'configmaps',
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data: { 'app.properties': 'color=blue\nsize=3\n', flag: 'true', port: '8080' },
    },
  ],
  // describe ranges over data maps in Go's random order: single keys keep the comparison exact
  [
    'configmaps',
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'one', namespace: 'default' },
      data: { 'app.properties': 'color=blue\nsize=3\n' },
    },
  ],
  [
    'secrets',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: 'default' },
      type: 'Opaque',
      data: { user: 'YWRtaW4=', pass: 'czNjcjN0' },
    },
  ],
  [
    'secrets',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'token', namespace: 'default' },
      type: 'Opaque',
      data: { token: 'czNjcjN0' },
    },
  ],
  [
    'jobs.batch',
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default' },
      spec: {
        backoffLimit: 2,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'pi', image: 'busybox', command: ['sh', '-c', 'echo done'] }],
          },
        },
      },
    },
  ],
  [
    'cronjobs.batch',
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: 'default' },
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'OnFailure',
                containers: [{ name: 't', image: 'busybox', args: ['date'] }],
              },
            },
          },
        },
      },
    },
  ],
  [
    'resourcequotas',
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'quota', namespace: 'default' },
      spec: { hard: { pods: '10', 'requests.cpu': '2', 'limits.cpu': '4' } },
    },
  ],
  [
    'limitranges',
    {
      apiVersion: 'v1',
      // one resource: kubectl ranges over LimitRange maps in random order
      kind: 'LimitRange',
      metadata: { name: 'limits', namespace: 'default' },
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '500m' },
            defaultRequest: { cpu: '100m' },
          },
        ],
      },
    },
  ],
  [
    'persistentvolumeclaims',
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
  ],
  [
    'networkpolicies.networking.k8s.io',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-web', namespace: 'default' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 80 }] },
        ],
      },
    },
  ],
  [
    'poddisruptionbudgets.policy',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web-pdb', namespace: 'default' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    },
  ],
  [
    'horizontalpodautoscalers.autoscaling',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    },
  ],
  [
    'replicationcontrollers',
    {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'legacy', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { app: 'legacy' },
        template: {
          metadata: { labels: { app: 'legacy' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    },
  ],
  [
    'pods',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'rich',
        namespace: 'default',
        labels: { app: 'rich' },
        annotations: {
          note: 'x'.repeat(150),
          multi: 'a\nb',
          sentence:
            'This annotation is a long sentence with plenty of spaces so that the YAML emitter has to fold it across lines',
          padded: '  leading and trailing spaces  ',
          empty: '',
          yes: 'no',
          number: '0x1F',
          tabbed: 'a\tb',
          unicode: 'héllo wörld 中文 😀',
        },
      },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'echo init'] }],
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: [
              'sh',
              '-c',
              'while true; do echo "the quick brown fox jumps over the lazy dog and keeps running far away"; sleep 5; done',
            ],
            ports: [{ containerPort: 8080 }, { containerPort: 9090, protocol: 'UDP' }],
            envFrom: [
              { configMapRef: { name: 'cfg' } },
              { secretRef: { name: 'creds' }, prefix: 'S_' },
            ],
            env: [
              { name: 'USER', valueFrom: { secretKeyRef: { name: 'creds', key: 'user' } } },
              {
                name: 'FLAG',
                valueFrom: { configMapKeyRef: { name: 'cfg', key: 'flag', optional: true } },
              },
              { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
            ],
            livenessProbe: { exec: { command: ['cat', '/tmp/ok'] }, periodSeconds: 5 },
            startupProbe: { tcpSocket: { port: 8080 }, failureThreshold: 30 },
            volumeMounts: [
              { name: 'data', mountPath: '/data' },
              { name: 'conf', mountPath: '/etc/conf', readOnly: true },
              { name: 'scratch', mountPath: '/scratch', subPath: 'tmp' },
              { name: 'host', mountPath: '/host' },
              { name: 'sec', mountPath: '/sec' },
            ],
          },
        ],
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
          { name: 'conf', configMap: { name: 'cfg' } },
          { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
          { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
          { name: 'sec', secret: { secretName: 'creds', optional: true } },
        ],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [
          { operator: 'Exists' },
          { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' },
        ],
      },
    },
  ],
  [
    'ingressclasses.networking.k8s.io',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'nginx' },
      spec: { controller: 'k8s.io/ingress-nginx' },
    },
  ],
  [
    'ingresses.networking.k8s.io',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['web.example.com'], secretName: 'creds' }],
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
          {
            http: {
              paths: [
                {
                  path: '/api',
                  pathType: 'Prefix',
                  backend: { service: { name: 'np', port: { number: 8080 } } },
                },
              ],
            },
          },
        ],
      },
    },
  ],
  [
    'services',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb', namespace: 'default' },
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'web' },
        ports: [{ port: 443, targetPort: 80 }],
      },
    },
  ],
  [
    'services',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'default' },
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
    },
  ],
  [
    'pods',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'broken-image', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'nginx:does-not-exist' }] },
    },
  ],
  [
    'pods',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crasher', namespace: 'default' },
      spec: {
        containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'echo bye; exit 3'] }],
      },
    },
  ],
  [
    'statefulsets.apps',
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        serviceName: 'db',
        replicas: 2,
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: {
            containers: [
              {
                name: 'db',
                image: 'redis:7',
                volumeMounts: [{ name: 'data', mountPath: '/data' }],
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    },
  ],
  [
    'roles.rbac.authorization.k8s.io',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pod-reader', namespace: 'default' },
      rules: [
        { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'watch', 'list'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
        {
          apiGroups: ['apps'],
          resources: ['deployments'],
          resourceNames: ['web', 'api'],
          verbs: ['get', 'patch'],
        },
      ],
    },
  ],
  [
    'clusterroles.rbac.authorization.k8s.io',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'ops', labels: { team: 'ops' } },
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['/healthz', '/metrics'], verbs: ['get'] },
        {
          apiGroups: ['', 'apps'],
          resources: ['nodes', 'daemonsets/status'],
          verbs: ['get', 'update'],
        },
      ],
    },
  ],
  [
    'rolebindings.rbac.authorization.k8s.io',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'read-pods', namespace: 'default' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [
        { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'ServiceAccount', name: 'default', namespace: 'default' },
      ],
    },
  ],
]

/** The Age column of a node's pod table is computed by kubectl from its own clock, a second off at times. */
function maskPodAges(text: string): string {
  return text.replace(/^( {2}\S+ +\S+ +\S+ \(\d+%\) .*\) +)\S+$/gm, '$1<age>')
}

describe.skipIf(!HAS_KUBECTL)(
  'real kubectl over the served simulation prints what our printers print',
  () => {
    let sim: Sim
    let stop: () => Promise<void> = async () => {}
    let kubeconfig = ''

    beforeAll(async () => {
      // the cluster's clock is the wall clock, so ages that kubectl computes itself come out alike
      sim = createSim({ seed: 11, start: Math.floor(Date.now() / 1000) * 1000 - 90_000 })
      for (const [id, obj] of MANIFESTS) sim.api.create(id, obj)
      sim.advance(90_000)
      // speed 0: the served cluster's clock stands still, so AGE cells match ours
      const s = await startServer(sim, { port: 0, speed: 0 })
      stop = s.stop
      kubeconfig = join(mkdtempSync(join(tmpdir(), 'kubeplay-printers-')), 'config')
      writeFileSync(kubeconfig, kubeconfigFor(s.url))
    })
    afterAll(() => stop())

    // asynchronous: the served cluster answers from this same process
    const real = async (args: string[]): Promise<string> =>
      (
        await promisify(execFile)('kubectl', ['--kubeconfig', kubeconfig, ...args], {
          encoding: 'utf8',
        })
      ).stdout
    const items = (id: string, ns: string | null = 'default'): PrintItem[] =>
      sim.api
        .list(id, ns ? { namespace: ns } : {})
        .items.map((obj) => ({ obj, info: resourceById(id) }))
    const ours = (list: PrintItem[], opts: Partial<PrintOptions> = {}): string =>
      printObjects(list, { now: sim.now(), ...opts })

    const TABLES: [string, string | undefined][] = [
      ['pods', 'default'],
      ['deployments.apps', 'default'],
      ['replicasets.apps', 'default'],
      ['services', 'default'],
      ['endpoints', 'default'],
      ['endpointslices.discovery.k8s.io', 'default'],
      ['configmaps', 'default'],
      ['secrets', 'default'],
      ['serviceaccounts', 'default'],
      ['jobs.batch', 'default'],
      ['cronjobs.batch', 'default'],
      ['resourcequotas', 'default'],
      ['limitranges', 'default'],
      ['persistentvolumeclaims', 'default'],
      ['networkpolicies.networking.k8s.io', 'default'],
      ['poddisruptionbudgets.policy', 'default'],
      ['horizontalpodautoscalers.autoscaling', 'default'],
      ['nodes', undefined],
      ['namespaces', undefined],
      ['storageclasses.storage.k8s.io', undefined],
      ['priorityclasses.scheduling.k8s.io', undefined],
      ['leases.coordination.k8s.io', 'kube-node-lease'],
      ['daemonsets.apps', 'kube-system'],
      ['statefulsets.apps', 'default'],
      ['controllerrevisions.apps', 'kube-system'],
      ['events', 'default'],
      ['replicationcontrollers', 'default'],
      ['ingresses.networking.k8s.io', 'default'],
      ['ingressclasses.networking.k8s.io', undefined],
      ['persistentvolumes', undefined],
      ['roles.rbac.authorization.k8s.io', 'default'],
      ['rolebindings.rbac.authorization.k8s.io', 'default'],
      ['clusterrolebindings.rbac.authorization.k8s.io', undefined],
    ]

    for (const [id, ns] of TABLES) {
      // (cluster-scoped kinds list without a namespace)
      const resource = resourceById(id)
      const name = resource.group ? `${resource.plural}.${resource.group}` : resource.plural
      it(`get ${name} (and -o wide)`, async () => {
        const nsArgs = ns ? ['-n', ns] : []
        expect(ours(items(id, ns ?? null))).toBe(await real(['get', name, ...nsArgs]))
        expect(ours(items(id, ns ?? null), { output: 'wide' })).toBe(
          await real(['get', name, ...nsArgs, '-o', 'wide']),
        )
      })
    }

    it('get pods -A --show-labels, -L, --no-headers', async () => {
      const all = items('pods', null)
      expect(ours(all, { withNamespace: true, showLabels: true })).toBe(
        await real(['get', 'pods', '-A', '--show-labels']),
      )
      expect(ours(items('pods'), { labelColumns: ['app', 'pod-template-hash'] })).toBe(
        await real(['get', 'pods', '-L', 'app,pod-template-hash']),
      )
      expect(ours(items('pods'), { noHeaders: true })).toBe(
        await real(['get', 'pods', '--no-headers']),
      )
    })

    it.each([[[]], [['--output-watch-events']]])(
      'get cm -w %s: rows as events come, widths only grow',
      async (extra) => {
        const child = execFile(
          'kubectl',
          ['--kubeconfig', kubeconfig, 'get', 'cm', '-w', ...extra],
          { encoding: 'utf8' },
        )
        let out = ''
        child.stdout!.on('data', (d: string) => (out += d))
        const until = async (n: number) => {
          for (let i = 0; i < 200 && out.split('\n').length <= n; i++)
            await new Promise((r) => setTimeout(r, 25))
        }
        const w = new WatchPrinter(resourceById('configmaps'), {
          now: sim.now(),
          watchEvents: extra.length > 0,
        })
        let want = w.rows(
          items('configmaps').map((i) => i.obj),
          true,
        )
        await until(want.split('\n').length - 1)
        const name = `watch-${extra.length}-with-a-longer-name`
        const created = sim.api.create('configmaps', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: 'default' },
          data: { a: '1' },
        }).object
        want += w.event('ADDED', created)
        await until(want.split('\n').length - 1)
        sim.api.delete('configmaps', 'default', name)
        want += w.event('DELETED', created)
        await until(want.split('\n').length - 1)
        child.kill('SIGINT')
        expect(out).toBe(want)
      },
    )

    it('a go-template that fails: partial output and the debugging dump on stdout, the error on stderr', async () => {
      const template =
        '{{range .items}}{{.metadata.name}}: {{index .metadata.labels "app"}}{{"\\n"}}{{end}}'
      let stdout = ''
      let stderr = ''
      try {
        await promisify(execFile)(
          'kubectl',
          ['--kubeconfig', kubeconfig, 'get', 'pods', '-o', `go-template=${template}`],
          { encoding: 'utf8' },
        )
      } catch (e) {
        stdout = (e as { stdout: string }).stdout
        stderr = (e as { stderr: string }).stderr
      }
      let err: unknown
      try {
        ours(items('pods'), { output: `go-template=${template}` })
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(PrintError)
      expect((err as PrintError).stdout).toBe(stdout)
      expect(`error: ${(err as PrintError).message}\n`).toBe(stderr)
    })

    it('get deploy,svc,cm: kind groups with kind/name', async () => {
      const list = [...items('deployments.apps'), ...items('services'), ...items('configmaps')]
      expect(ours(list, { withKind: true })).toBe(await real(['get', 'deploy,svc,cm']))
    })

    it('get -o yaml / json / name of a list and of one object', async () => {
      expect(ours(items('configmaps'), { output: 'yaml' })).toBe(
        await real(['get', 'cm', '-o', 'yaml']),
      )
      expect(ours(items('services'), { output: 'json' })).toBe(
        await real(['get', 'svc', '-o', 'json']),
      )
      const dep = items('deployments.apps')
      expect(ours(dep, { output: 'yaml', single: true })).toBe(
        await real(['get', 'deploy', 'web', '-o', 'yaml']),
      )
      expect(ours(dep, { output: 'json', single: true })).toBe(
        await real(['get', 'deploy', 'web', '-o', 'json']),
      )
      expect(ours(items('pods'), { output: 'name' })).toBe(
        await real(['get', 'pods', '-o', 'name']),
      )
      const rich = items('pods').filter((i) => i.obj.metadata.name === 'rich')
      expect(ours(rich, { output: 'yaml', single: true })).toBe(
        await real(['get', 'pod', 'rich', '-o', 'yaml']),
      )
      const node = items('nodes', null).slice(0, 1)
      expect(ours(node, { output: 'yaml', single: true })).toBe(
        await real(['get', 'node', node[0].obj.metadata.name!, '-o', 'yaml']),
      )
    })

    it.each([
      'jsonpath={.items[*].metadata.name}',
      'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}',
      'jsonpath={.items[?(@.status.phase=="Running")].spec.nodeName}',
      'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image,NODE:.spec.nodeName,MISSING:.status.nope',
      'go-template={{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}',
      'go-template={{range .items}}{{.metadata.name}}: {{.metadata.labels}} {{len .spec.containers}}{{"\\n"}}{{end}}',
    ])('get pods -o %s', async (format) => {
      expect(ours(items('pods'), { output: format })).toBe(
        await real(['get', 'pods', '-o', format]),
      )
    })

    const DESCRIBE: [string, string, string | undefined][] = [
      ['deployments.apps', 'web', 'default'],
      ['services', 'web', 'default'],
      ['services', 'np', 'default'],
      ['configmaps', 'one', 'default'],
      ['secrets', 'token', 'default'],
      ['jobs.batch', 'pi', 'default'],
      ['cronjobs.batch', 'tick', 'default'],
      ['resourcequotas', 'quota', 'default'],
      ['limitranges', 'limits', 'default'],
      ['persistentvolumeclaims', 'data', 'default'],
      ['networkpolicies.networking.k8s.io', 'allow-web', 'default'],
      ['poddisruptionbudgets.policy', 'web-pdb', 'default'],
      ['horizontalpodautoscalers.autoscaling', 'web', 'default'],
      ['serviceaccounts', 'default', 'default'],
      ['namespaces', 'default', undefined],
      ['nodes', 'worker-1', undefined],
      ['storageclasses.storage.k8s.io', 'standard', undefined],
      ['leases.coordination.k8s.io', 'worker-1', 'kube-node-lease'],
      ['pods', 'rich', 'default'],
      ['replicationcontrollers', 'legacy', 'default'],
      ['ingresses.networking.k8s.io', 'web', 'default'],
      ['ingressclasses.networking.k8s.io', 'nginx', undefined],
      ['services', 'lb', 'default'],
      ['services', 'db', 'default'],
      ['endpoints', 'web', 'default'],
      ['daemonsets.apps', 'kube-proxy', 'kube-system'],
      ['nodes', 'control-plane', undefined],
      ['priorityclasses.scheduling.k8s.io', 'system-node-critical', undefined],
      ['deployments.apps', 'coredns', 'kube-system'],
      ['roles.rbac.authorization.k8s.io', 'pod-reader', 'default'],
      ['pods', 'broken-image', 'default'],
      ['pods', 'crasher', 'default'],
      ['statefulsets.apps', 'db', 'default'],
      ['clusterroles.rbac.authorization.k8s.io', 'ops', undefined],
      ['rolebindings.rbac.authorization.k8s.io', 'read-pods', 'default'],
    ]

    for (const [id, name, ns] of DESCRIBE) {
      it(`describe ${id} ${name}`, async () => {
        const obj = sim.api.get(id, ns, name)
        const nsArgs = ns ? ['-n', ns] : []
        const resource = resourceById(id)
        const kind = resource.group ? `${resource.plural}.${resource.group}` : resource.plural
        const mine = describeObject(obj, resource, {
          api: sim.api,
          now: sim.now(),
          showEvents: false,
        })
        expect(maskPodAges(mine)).toBe(
          maskPodAges(await real(['describe', kind, name, ...nsArgs, '--show-events=false'])),
        )
      })
    }

    it('describe the pods, ReplicaSets, EndpointSlices, PersistentVolumes, a revision, events', async () => {
      const all = [
        ...items('pods'),
        ...items('replicasets.apps'),
        ...items('endpointslices.discovery.k8s.io'),
        ...items('persistentvolumes', null),
        ...items('controllerrevisions.apps', 'kube-system').slice(0, 1),
        ...items('events').slice(0, 2),
      ]
      for (const { obj, info } of all) {
        const ns = obj.metadata.namespace ? ['-n', obj.metadata.namespace] : []
        const kind = info.group ? `${info.plural}.${info.group}` : info.plural
        expect(describeObject(obj, info, { api: sim.api, now: sim.now(), showEvents: false })).toBe(
          await real(['describe', kind, obj.metadata.name!, ...ns, '--show-events=false']),
        )
      }
    }, 60_000)
  },
)

describe.skipIf(!HAS_KUBECTL)(
  'real kubectl describe with events, on a cluster that follows the wall clock',
  () => {
    let sim: Sim
    let stop: () => Promise<void> = async () => {}
    let kubeconfig = ''

    beforeAll(async () => {
      sim = createSim({ seed: 12, start: Math.floor(Date.now() / 1000) * 1000 - 300_000 })
      for (const [id, obj] of MANIFESTS)
        if (['deployments.apps', 'services', 'jobs.batch'].includes(id)) sim.api.create(id, obj)
      sim.advance(300_000)
      sim.advance(Math.max(0, Date.now() - sim.now()))
      const s = await startServer(sim, { port: 0, speed: 1 })
      stop = s.stop
      kubeconfig = join(mkdtempSync(join(tmpdir(), 'kubeplay-events-')), 'config')
      writeFileSync(kubeconfig, kubeconfigFor(s.url))
    })
    afterAll(() => stop())

    // kubectl computes event ages from its own clock: ours, taken just before and just after its
    // run, brackets it, so one of the two must match exactly.
    async function compare(id: string, name: string, ns?: string): Promise<void> {
      const info = resourceById(id)
      const kind = info.group ? `${info.plural}.${info.group}` : info.plural
      const mine = () => {
        sim.advance(Math.max(0, Date.now() - sim.now()))
        return describeObject(sim.api.get(id, ns, name), info, { api: sim.api, now: sim.now() })
      }
      const before = mine()
      const { stdout } = await promisify(execFile)(
        'kubectl',
        ['--kubeconfig', kubeconfig, 'describe', kind, name, ...(ns ? ['-n', ns] : [])],
        { encoding: 'utf8' },
      )
      const after = mine()
      expect([before, after]).toContain(stdout)
      expect(stdout).toMatch(/\nEvents:\n {2}Type {2,}Reason {2,}Age {2,}From {2,}Message\n/)
    }

    it('describe deployment, its ReplicaSet and a pod', async () => {
      await compare('deployments.apps', 'web', 'default')
      const rs = sim.api.list('replicasets.apps', { namespace: 'default' }).items[0]
      await compare('replicasets.apps', rs.metadata.name!, 'default')
      const pod = sim.api.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items[0]
      await compare('pods', pod.metadata.name!, 'default')
    })

    it('describe a finished job and a node', async () => {
      await compare('jobs.batch', 'pi', 'default')
      await compare('nodes', 'worker-1')
    })
  },
)
