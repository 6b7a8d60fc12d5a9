import type { KObject } from '../api/types.ts'
import {
  CONTROL_PLANE_TOLERATION,
  deployment,
  LOCAL_PATH_IMAGE,
  MINIKUBE_PROVISIONER_IMAGE,
  ss,
} from './addons.ts'
import type { ClusterSpec } from './spec.ts'

/** The default StorageClass and what provisions it (minikube's pod, or local-path-provisioner). */
export function storageObjects(cluster: ClusterSpec): { namespaces: string[]; objects: KObject[] } {
  const sc = cluster.storageClass
  if (!sc) return { namespaces: [], objects: [] }
  const minikube = sc.provisioner === 'k8s.io/minikube-hostpath'
  const localPath = sc.provisioner === 'rancher.io/local-path'
  const objects: KObject[] = [
    ss({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        labels: minikube ? { 'addonmanager.kubernetes.io/mode': 'EnsureExists' } : undefined,
        name: sc.name,
      },
      provisioner: sc.provisioner,
      reclaimPolicy: 'Delete',
      volumeBindingMode: localPath ? 'WaitForFirstConsumer' : 'Immediate',
    }),
  ]
  if (minikube) {
    objects.push(
      ss({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
          name: 'storage-provisioner',
          namespace: 'kube-system',
        },
      }),
      ss({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          labels: {
            'addonmanager.kubernetes.io/mode': 'Reconcile',
            'integration-test': 'storage-provisioner',
          },
          name: 'storage-provisioner',
          namespace: 'kube-system',
        },
        spec: {
          containers: [
            {
              command: ['/storage-provisioner'],
              image: MINIKUBE_PROVISIONER_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              name: 'storage-provisioner',
              volumeMounts: [{ mountPath: '/tmp', name: 'tmp' }],
            },
          ],
          hostNetwork: true,
          serviceAccountName: 'storage-provisioner',
          volumes: [{ hostPath: { path: '/tmp', type: 'Directory' }, name: 'tmp' }],
        },
      }),
    )
  }
  if (!localPath) return { namespaces: [], objects }
  const ns = 'local-path-storage'
  objects.push(
    ss({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'local-path-provisioner-service-account', namespace: ns },
    }),
    ss({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'local-path-config', namespace: ns },
      data: {
        'config.json': JSON.stringify(
          {
            nodePathMap: [
              { node: 'DEFAULT_PATH_FOR_NON_LISTED_NODES', paths: ['/var/local-path-provisioner'] },
            ],
          },
          null,
          2,
        ),
      },
    }),
    deployment(
      ns,
      'local-path-provisioner',
      { app: 'local-path-provisioner' },
      1,
      {
        containers: [
          {
            command: [
              'local-path-provisioner',
              '--debug',
              'start',
              '--helper-image',
              'docker.io/kindest/local-path-helper:v20241212-8ac705d0',
              '--config',
              '/etc/config/config.json',
            ],
            env: [
              {
                name: 'POD_NAMESPACE',
                valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
              },
            ],
            image: LOCAL_PATH_IMAGE,
            imagePullPolicy: 'IfNotPresent',
            name: 'local-path-provisioner',
            volumeMounts: [{ mountPath: '/etc/config/', name: 'config-volume' }],
          },
        ],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        serviceAccountName: 'local-path-provisioner-service-account',
        tolerations: [CONTROL_PLANE_TOLERATION],
        volumes: [
          { configMap: { defaultMode: 420, name: 'local-path-config' }, name: 'config-volume' },
        ],
      },
      { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
    ),
  )
  return { namespaces: [ns], objects }
}
