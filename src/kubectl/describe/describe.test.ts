import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { KObject } from '../../sim/api/types.ts'
import { resourceById } from '../../sim/api/resources.ts'
import { describeObject } from './index.ts'
import { fakeApi } from './testApi.ts'

const golden = (name: string) =>
  readFileSync(new URL(`./__golden__/${name}`, import.meta.url), 'utf8')
const NOW = Date.UTC(2026, 10, 23, 7, 34, 8)
const at = (secondsAgo: number) =>
  new Date(NOW - secondsAgo * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

function event(
  name: string,
  type: string,
  reason: string,
  component: string,
  message: string,
  first: number,
  last: number,
  count: number,
  uid = '1111-2222',
): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-7d4b9c8f6d-x2k9p', uid },
    type,
    reason,
    message,
    source: { component },
    firstTimestamp: at(first),
    lastTimestamp: at(last),
    count,
  }
}

const crashPod: KObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-7d4b9c8f6d-x2k9p',
    namespace: 'default',
    uid: '1111-2222',
    labels: { app: 'web', 'pod-template-hash': '7d4b9c8f6d' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web-7d4b9c8f6d',
        uid: 'rs-1',
        controller: true,
      },
    ],
  },
  spec: {
    priority: 0,
    serviceAccountName: 'default',
    nodeName: 'node-1',
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { limits: { memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
        livenessProbe: {
          httpGet: { path: '/healthz', port: 80, scheme: 'HTTP' },
          initialDelaySeconds: 3,
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
        volumeMounts: [
          {
            name: 'kube-api-access-abcde',
            mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
            readOnly: true,
          },
        ],
      },
    ],
    volumes: [
      {
        name: 'kube-api-access-abcde',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            {
              downwardAPI: {
                items: [
                  {
                    path: 'namespace',
                    fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                  },
                ],
              },
            },
          ],
        },
      },
    ],
    tolerations: [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ],
  },
  status: {
    phase: 'Running',
    hostIP: '172.18.0.3',
    podIP: '10.244.1.5',
    podIPs: [{ ip: '10.244.1.5' }],
    startTime: '2026-11-23T07:30:48Z',
    qosClass: 'Burstable',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True' },
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'False' },
      { type: 'ContainersReady', status: 'False' },
      { type: 'PodScheduled', status: 'True' },
    ],
    containerStatuses: [
      {
        name: 'web',
        containerID: 'containerd://deadbeef',
        image: 'nginx:1.27',
        imageID: 'docker.io/library/nginx@sha256:abc',
        ready: false,
        restartCount: 4,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: 'back-off 1m20s restarting failed container',
          },
        },
        lastState: {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt: '2026-11-23T07:33:28Z',
            finishedAt: '2026-11-23T07:33:38Z',
          },
        },
      },
    ],
  },
}

describe('kubectl describe goldens', () => {
  it('describe pod matches the real kubectl 1.32 transcript (anchors A.3)', () => {
    const api = fakeApi([
      { resource: 'pods', obj: crashPod },
      {
        resource: 'events',
        obj: event(
          'e3',
          'Warning',
          'BackOff',
          'kubelet',
          'Back-off restarting failed container web in pod web-7d4b9c8f6d-x2k9p_default(1111-2222)',
          150,
          10,
          9,
        ),
      },
      {
        resource: 'events',
        obj: event(
          'e1',
          'Normal',
          'Scheduled',
          'default-scheduler',
          'Successfully assigned default/web-7d4b9c8f6d-x2k9p to node-1',
          200,
          200,
          1,
        ),
      },
      {
        resource: 'events',
        obj: event(
          'e2',
          'Normal',
          'Pulled',
          'kubelet',
          'Container image "nginx:1.27" already present on machine',
          198,
          40,
          5,
        ),
      },
      // an event about an earlier pod of the same name is not this pod's
      {
        resource: 'events',
        obj: event(
          'old',
          'Normal',
          'Killing',
          'kubelet',
          'Stopping container web',
          900,
          900,
          1,
          'other-uid',
        ),
      },
    ])
    expect(describeObject(crashPod, resourceById('pods'), { api, now: NOW })).toBe(
      golden('pod-crashloop.txt'),
    )
  })

  it('Events:  <none> and --show-events=false', () => {
    const cm: KObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default', uid: 'c1' },
      data: { 'app.properties': 'a=1\nb=2', mode: 'dev' },
    }
    const api = fakeApi([{ resource: 'configmaps', obj: cm }])
    expect(describeObject(cm, resourceById('configmaps'), { api, now: NOW })).toBe(
      `Name:         cfg
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
app.properties:
----
a=1
b=2

mode:
----
dev


BinaryData
====

Events:  <none>
`,
    )
    expect(
      describeObject(cm, resourceById('configmaps'), { api, now: NOW, showEvents: false }),
    ).not.toContain('Events')
  })

  it('describe deployment: header as in the tutorial, pod template, conditions, old/new ReplicaSets', () => {
    const template = {
      metadata: { labels: { app: 'aaa', app1: 'hellok8s' } },
      spec: { containers: [{ name: 'hellok8s', image: 'leigg/hellok8s:v1' }] },
    }
    const d: KObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'hellok8s-go-http',
        namespace: 'default',
        uid: 'd1',
        creationTimestamp: '2023-08-13T13:09:33Z',
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'aaa', app1: 'hellok8s' } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
        },
        template,
      },
      status: {
        replicas: 3,
        updatedReplicas: 3,
        availableReplicas: 3,
        readyReplicas: 3,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
        ],
      },
    }
    const rs = (name: string, created: string, tpl: any, replicas: number): KObject => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: 'default',
        uid: name,
        creationTimestamp: created,
        labels: { app: 'aaa', app1: 'hellok8s' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: d.metadata.name!,
            uid: 'd1',
            controller: true,
          },
        ],
      },
      spec: { replicas, template: tpl },
      status: { replicas },
    })
    const withHash = (h: string, image: string) => ({
      metadata: { labels: { ...template.metadata.labels, 'pod-template-hash': h } },
      spec: { containers: [{ name: 'hellok8s', image }] },
    })
    const api = fakeApi([
      { resource: 'deployments.apps', obj: d },
      {
        resource: 'replicasets.apps',
        obj: rs(
          'hellok8s-go-http-5c7f8d9b6',
          '2023-08-13T13:00:00Z',
          withHash('5c7f8d9b6', 'leigg/hellok8s:v0'),
          0,
        ),
      },
      {
        resource: 'replicasets.apps',
        obj: rs(
          'hellok8s-go-http-58cb496c84',
          '2023-08-13T13:09:33Z',
          withHash('58cb496c84', 'leigg/hellok8s:v1'),
          3,
        ),
      },
      {
        resource: 'events',
        obj: {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: 'ev', namespace: 'default' },
          involvedObject: {
            kind: 'Deployment',
            namespace: 'default',
            name: 'hellok8s-go-http',
            uid: 'd1',
          },
          type: 'Normal',
          reason: 'ScalingReplicaSet',
          message: 'Scaled up replica set hellok8s-go-http-58cb496c84 to 3',
          source: { component: 'deployment-controller' },
          firstTimestamp: '2023-08-13T13:09:33Z',
          lastTimestamp: '2023-08-13T13:09:33Z',
          count: 1,
        },
      },
    ])
    const now = Date.UTC(2023, 7, 13, 13, 14, 33)
    expect(describeObject(d, resourceById('deployments.apps'), { api, now })).toBe(
      golden('deployment.txt'),
    )
  })
})
