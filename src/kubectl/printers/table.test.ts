import { describe, expect, it } from 'vitest'
import { printObjects, WatchPrinter } from './index.ts'
import { ago, info, NOW, obj, runningPod } from './testFixtures.ts'
import { humanDuration } from './age.ts'

const svc = (name: string, age: number, type: string, ip: string, ports: any[], extra: any = {}) =>
  obj('v1', 'Service', name, age, {
    spec: { type, clusterIP: ip, clusterIPs: [ip], ports, ...extra },
  })

describe('AGE (duration.HumanDuration)', () => {
  it.each([
    [75, '75s'],
    [119, '119s'],
    [190, '3m10s'],
    [200, '3m20s'],
    [420, '7m'],
    [94 * 60, '94m'],
    [5 * 3600 + 120, '5h2m'],
    [26 * 3600, '26h'],
    [50 * 3600, '2d2h'],
    [9 * 86400, '9d'],
    [800 * 86400, '2y70d'],
  ])('%is → %s', (s, want) => expect(humanDuration(s * 1000)).toBe(want))
})

describe('kubectl get tables (goldens from the tutorials)', () => {
  it('get pod,svc: one header per kind, blank line between, kind/name', () => {
    const pod = runningPod('nginx-76d6c9b8c-g5lrr', 7 * 60 + 12)
    const out = printObjects(
      [
        { obj: pod, info: info('pods') },
        {
          obj: svc('kubernetes', 94 * 60, 'ClusterIP', '20.1.0.1', [
            { port: 443, protocol: 'TCP' },
          ]),
          info: info('services'),
        },
        {
          obj: svc('nginx', 7 * 60, 'NodePort', '20.1.255.52', [
            { port: 80, nodePort: 30447, protocol: 'TCP' },
          ]),
          info: info('services'),
        },
      ],
      { now: NOW, withKind: true },
    )
    expect(out).toBe(
      `NAME                        READY   STATUS    RESTARTS   AGE
pod/nginx-76d6c9b8c-g5lrr   1/1     Running   0          7m12s

NAME                 TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE
service/kubernetes   ClusterIP   20.1.0.1      <none>        443/TCP        94m
service/nginx        NodePort    20.1.255.52   <none>        80:30447/TCP   7m
`,
    )
  })

  const ds = obj('apps/v1', 'DaemonSet', 'daemonset-hellok8s-go-http', 15 * 60, {
    spec: {
      selector: { matchLabels: { app: 'hellok8s' } },
      template: { spec: { containers: [{ name: 'hellok8s', image: 'leigg/hellok8s:v2' }] } },
    },
    status: {
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 2,
      updatedNumberScheduled: 2,
      numberAvailable: 2,
    },
  })

  it('get daemonset and -o wide', () => {
    expect(printObjects([{ obj: ds, info: info('daemonsets.apps') }], { now: NOW })).toBe(
      `NAME                         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
daemonset-hellok8s-go-http   2         2         2       2            2           <none>          15m
`,
    )
    expect(
      printObjects([{ obj: ds, info: info('daemonsets.apps') }], { now: NOW, output: 'wide' }),
    ).toBe(
      `NAME                         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE   CONTAINERS   IMAGES              SELECTOR
daemonset-hellok8s-go-http   2         2         2       2            2           <none>          15m   hellok8s     leigg/hellok8s:v2   app=hellok8s
`,
    )
  })

  it('get pods -o wide', () => {
    const items = [
      runningPod('hellok8s-go-http-6bb87f8cb5-dstff', 53 * 60, {
        ip: '20.2.36.77',
        node: 'k8s-node1',
      }),
      runningPod('hellok8s-go-http-6bb87f8cb5-wtdht', 52 * 60, {
        ip: '20.2.36.78',
        node: 'k8s-node1',
      }),
    ].map((o) => ({ obj: o, info: info('pods') }))
    expect(printObjects(items, { now: NOW, output: 'wide' })).toBe(
      `NAME                                READY   STATUS    RESTARTS   AGE   IP           NODE        NOMINATED NODE   READINESS GATES
hellok8s-go-http-6bb87f8cb5-dstff   1/1     Running   0          53m   20.2.36.77   k8s-node1   <none>           <none>
hellok8s-go-http-6bb87f8cb5-wtdht   1/1     Running   0          52m   20.2.36.78   k8s-node1   <none>           <none>
`,
    )
  })

  it('get endpoints', () => {
    const ep = (name: string, age: number, ips: string[], port: number) =>
      obj('v1', 'Endpoints', name, age, {
        subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ port }] }],
      })
    const items = [
      ep('kubernetes', 7 * 3600 + 3 * 60, ['10.0.2.2'], 6443),
      ep('service-hellok8s-clusterip', 15 * 60, ['20.2.36.72', '20.2.36.73', '20.2.36.74'], 3000),
    ].map((o) => ({ obj: o, info: info('endpoints') }))
    expect(printObjects(items, { now: NOW })).toBe(
      `NAME                         ENDPOINTS                                         AGE
kubernetes                   10.0.2.2:6443                                     7h3m
service-hellok8s-clusterip   20.2.36.72:3000,20.2.36.73:3000,20.2.36.74:3000   15m
`,
    )
    const many = ep('big', 60, ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'], 80)
    expect(
      printObjects([{ obj: many, info: info('endpoints') }], { now: NOW, noHeaders: true }),
    ).toBe('big   10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...   60s\n')
  })

  it('pod STATUS and RESTARTS from the anchors (ImagePullBackOff, CrashLoopBackOff 4 (20s ago))', () => {
    const waiting = (
      name: string,
      age: number,
      reason: string,
      restarts: number,
      lastFinished?: number,
    ) =>
      obj('v1', 'Pod', name, age, {
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'web',
              ready: false,
              restartCount: restarts,
              state: { waiting: { reason } },
              lastState: lastFinished
                ? { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(lastFinished) } }
                : {},
            },
          ],
        },
      })
    const items = [
      waiting('web-7d4b9c8f6d-x2k9p', 75, 'ImagePullBackOff', 0),
      waiting('crash-5c6f7d8b9-abcde', 190, 'CrashLoopBackOff', 4, 20),
    ]
    expect(
      printObjects(
        items.map((o) => ({ obj: o, info: info('pods') })),
        { now: NOW },
      ),
    ).toBe(
      `NAME                    READY   STATUS             RESTARTS      AGE
web-7d4b9c8f6d-x2k9p    0/1     ImagePullBackOff   0             75s
crash-5c6f7d8b9-abcde   0/1     CrashLoopBackOff   4 (20s ago)   3m10s
`,
    )
  })

  it('Job STATUS/COMPLETIONS/DURATION and CronJob TIMEZONE (v1.32 columns)', () => {
    const job = obj('batch/v1', 'Job', 'pods-job', 60, {
      spec: {
        completions: 1,
        template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
      status: {
        succeeded: 1,
        startTime: ago(60),
        completionTime: ago(24),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    })
    const running = obj('batch/v1', 'Job', 'pods-job-2', 19, {
      spec: { completions: 3, parallelism: 3 },
      status: { startTime: ago(19), active: 3 },
    })
    expect(
      printObjects(
        [job, running].map((o) => ({ obj: o, info: info('jobs.batch') })),
        { now: NOW },
      ),
    ).toBe(
      `NAME         STATUS     COMPLETIONS   DURATION   AGE
pods-job     Complete   1/1           36s        60s
pods-job-2   Running    0/3           19s        19s
`,
    )
    const cj = obj('batch/v1', 'CronJob', 'pods-cronjob', 10, {
      spec: { schedule: '*/1 * * * *', suspend: false },
      status: { active: [{ name: 'x' }], lastScheduleTime: ago(8) },
    })
    expect(printObjects([{ obj: cj, info: info('cronjobs.batch') }], { now: NOW })).toBe(
      `NAME           SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
pods-cronjob   */1 * * * *   <none>     False     1        8s              10s
`,
    )
  })

  it('-A, --show-labels and -L columns', () => {
    const p = runningPod('web', 30)
    p.metadata.labels = { app: 'web', 'app.kubernetes.io/tier': 'front' }
    expect(
      printObjects([{ obj: p, info: info('pods') }], {
        now: NOW,
        withNamespace: true,
        labelColumns: ['app.kubernetes.io/tier', 'missing'],
        showLabels: true,
      }),
    ).toBe(
      `NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   TIER    MISSING   LABELS
default     web    1/1     Running   0          30s   front             app.kubernetes.io/tier=front,app=web
`,
    )
  })

  it('Service EXTERNAL-IP rules, Node STATUS/ROLES, StorageClass default, generic CREATED AT', () => {
    const lb = svc('lb', 5, 'LoadBalancer', '10.96.0.9', [
      { port: 80, nodePort: 31000, protocol: 'TCP' },
    ])
    const ext = svc('db', 5, 'ExternalName', '', [], { externalName: 'db.example.com' })
    ext.spec.clusterIPs = undefined
    expect(
      printObjects(
        [lb, ext].map((o) => ({ obj: o, info: info('services') })),
        { now: NOW, noHeaders: true },
      ),
    ).toBe(
      `lb    LoadBalancer   10.96.0.9   <pending>        80:31000/TCP   5s
db    ExternalName   <none>      db.example.com   <none>         5s
`,
    )
    const node = obj(
      'v1',
      'Node',
      'cp',
      3600,
      {
        spec: { unschedulable: true },
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          nodeInfo: { kubeletVersion: 'v1.32.4' },
        },
      },
      { namespace: undefined, labels: { 'node-role.kubernetes.io/control-plane': '' } },
    )
    expect(printObjects([{ obj: node, info: info('nodes') }], { now: NOW })).toBe(
      `NAME   STATUS                     ROLES           AGE   VERSION
cp     Ready,SchedulingDisabled   control-plane   60m   v1.32.4
`,
    )
    const sc = obj(
      'storage.k8s.io/v1',
      'StorageClass',
      'standard',
      120,
      { provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' },
      { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    )
    expect(
      printObjects([{ obj: sc, info: info('storageclasses.storage.k8s.io') }], { now: NOW }),
    ).toBe(
      `NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE
standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  2m
`,
    )
    const lr = obj('v1', 'LimitRange', 'limits', 60)
    expect(printObjects([{ obj: lr, info: info('limitranges') }], { now: NOW })).toBe(
      `NAME     CREATED AT\nlimits   ${ago(60)}\n`,
    )
  })

  it('HPA TARGETS in the v1.32 format', () => {
    const hpa = (cur?: number) =>
      obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', 60, {
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'web' },
          minReplicas: 1,
          maxReplicas: 10,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
            },
          ],
        },
        status: {
          currentReplicas: 1,
          currentMetrics:
            cur === undefined
              ? undefined
              : [
                  {
                    type: 'Resource',
                    resource: { name: 'cpu', current: { averageUtilization: cur } },
                  },
                ],
        },
      })
    expect(
      printObjects(
        [hpa(10), hpa()].map((o) => ({
          obj: o,
          info: info('horizontalpodautoscalers.autoscaling'),
        })),
        { now: NOW },
      ),
    ).toBe(
      `NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE
web    Deployment/web   cpu: 10%/50%         1         10        1          60s
web    Deployment/web   cpu: <unknown>/50%   1         10        1          60s
`,
    )
  })
})

describe('watch printer', () => {
  it('prints the header once and keeps widths that only grow', () => {
    const w = new WatchPrinter(info('pods'), { now: NOW })
    const first = w.rows([runningPod('a', 5)], true)
    expect(first).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE\na      1/1     Running   0          5s\n',
    )
    const longer = runningPod('a-much-longer-name', 5)
    expect(w.event('MODIFIED', longer)).toBe(
      'a-much-longer-name   1/1     Running   0          5s\n',
    )
    expect(w.event('MODIFIED', runningPod('b', 5))).toBe(
      'b                    1/1     Running   0          5s\n',
    )
  })

  it('--output-watch-events adds an EVENT column with padded event types', () => {
    const w = new WatchPrinter(info('pods'), { now: NOW, watchEvents: true })
    expect(w.rows([runningPod('a', 5)], true)).toBe(
      'EVENT      NAME   READY   STATUS    RESTARTS   AGE\nADDED      a      1/1     Running   0          5s\n',
    )
    expect(w.event('DELETED', runningPod('a', 6))).toBe(
      'DELETED    a      1/1     Running   0          6s\n',
    )
  })

  it('prints no header until there is a row', () => {
    const w = new WatchPrinter(info('pods'), { now: NOW })
    expect(w.rows([], true)).toBe('')
    expect(w.event('ADDED', runningPod('a', 1))).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE\na      1/1     Running   0          1s\n',
    )
  })
})
