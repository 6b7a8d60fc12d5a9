/**
 * The real kubectl v1.32 against the simulated cluster served over HTTP (src/serve): kubectl renders
 * our server-side Table cells with its own tab writer and decorations, prints the JSON it receives
 * as YAML/JSON/jsonpath/custom-columns/go-template, and runs its own describe code over our objects.
 * Each case compares that, byte for byte, with what our printers and describers produce.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../../sim/sim.ts'
import { RESOURCES, resourceById } from '../../sim/api/resources.ts'
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
import { hasKubectl, MANIFESTS } from './realKubectlFixtures.ts'

const HAS_KUBECTL = hasKubectl()
if (!HAS_KUBECTL)
  console.warn(
    'realKubectl.test.ts: no kubectl binary found, skipping the real-kubectl comparisons',
  )

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

    it('-o custom-columns-file and -o go-template-file read the template from a file', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kubeplay-templates-'))
      const files: Record<string, string> = {
        [join(dir, 'cols.txt')]: 'NAME          NODE\nmetadata.name spec.nodeName\n',
        [join(dir, 'tmpl.txt')]:
          '{{range .items}}{{.metadata.name}} on {{.spec.nodeName}}\n{{end}}',
      }
      for (const [path, text] of Object.entries(files)) writeFileSync(path, text)
      const readFile = (path: string) => files[path]
      for (const format of [
        `custom-columns-file=${join(dir, 'cols.txt')}`,
        `go-template-file=${join(dir, 'tmpl.txt')}`,
      ])
        expect(ours(items('pods'), { output: format, readFile })).toBe(
          await real(['get', 'pods', '-o', format]),
        )
    })

    it('get all: the "all" category in discovery order, one group per kind', async () => {
      const list = RESOURCES.filter((r) => r.categories.includes('all')).flatMap((r) => items(r.id))
      expect(ours(list, { withKind: true })).toBe(await real(['get', 'all']))
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
      'jsonpath-as-json={.items[*].metadata.name}',
      'jsonpath-as-json={.items[0].spec.containers}',
      'jsonpath={.items[0].metadata.labels}',
      'jsonpath={.items[*].status.containerStatuses[*].ready}',
      'custom-columns=NAME:metadata.name,LABELS:{.metadata.labels},PORTS:.spec.containers[*].ports[*].containerPort',
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
      ['pods', 'with-sidecar', 'default'],
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
