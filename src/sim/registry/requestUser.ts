import type { ApiServer } from '../apiserver/apiServer.ts'
import type { ClusterSpec } from '../cluster/spec.ts'

/** Who the API server authenticates requests from users as (the kubeconfig's client certificate). */
export interface UserInfo {
  username: string
  groups: string[]
}

const users = new WeakMap<ApiServer, UserInfo>()

/**
 * Records the identity of the cluster's admin credentials: kubeadm (and kind) issue
 * `kubernetes-admin` in `kubeadm:cluster-admins`; minikube's certificate is in `system:masters`.
 * Derived from the cluster spec, so a restored cluster gets it again at construction.
 */
export function setRequestUser(api: ApiServer, cluster: ClusterSpec): void {
  const admins = cluster.flavor === 'minikube' ? 'system:masters' : 'kubeadm:cluster-admins'
  users.set(api, { username: cluster.user, groups: [admins, 'system:authenticated'] })
}

export function requestUser(api: ApiServer): UserInfo {
  return (
    users.get(api) ?? {
      username: 'kubernetes-admin',
      groups: ['kubeadm:cluster-admins', 'system:authenticated'],
    }
  )
}
