/**
 * Objects for the real-kubectl comparisons: every kind we print, in states that exercise the
 * printers (bound and pending claims, failing pods, policies, quotas, RBAC rules, long strings).
 */
import { execFileSync } from 'node:child_process'
import type { KObject } from '../../sim/api/types.ts'

export function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export const MANIFESTS: [string, KObject][] = [
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
    'pods',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'with-sidecar', namespace: 'default' },
      spec: {
        initContainers: [
          {
            name: 'shipper',
            image: 'alpine',
            restartPolicy: 'Always',
            command: ['sh', '-c', 'tail -F /logs/app.log'],
            readinessProbe: { exec: { command: ['true'] }, periodSeconds: 5 },
            volumeMounts: [{ name: 'logs', mountPath: '/logs' }],
          },
          { name: 'crashy', image: 'busybox', restartPolicy: 'Always', command: ['false'] },
        ],
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sh', '-c', 'while true; do date >> /logs/app.log; sleep 5; done'],
            volumeMounts: [{ name: 'logs', mountPath: '/logs' }],
          },
        ],
        volumes: [{ name: 'logs', emptyDir: {} }],
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
