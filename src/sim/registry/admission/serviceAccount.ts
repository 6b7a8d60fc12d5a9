import type { KObject } from '../../api/types.ts'
import { forbidden } from '../../api/errors.ts'
import { registerAdmission } from '../../apiserver/strategy.ts'
import { deepFreeze } from '../../apiserver/store.ts'
import { SAFE_ALPHANUMS } from '../../runtime/rng.ts'

export const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount'

/**
 * Suffix for the kube-api-access volume. The real plugin draws it at random; admission has no
 * access to the engine's generator, so we derive it from the pod's identity and the time, which is
 * just as stable under replay.
 */
function volumeSuffix(seed: string): string {
  let h = 2166136261
  let out = ''
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0
    h = Math.imul(h ^ round, 2246822519) >>> 0
    out += SAFE_ALPHANUMS[h % SAFE_ALPHANUMS.length]
  }
  return out
}

/**
 * The projected sources of every kube-api-access volume: the same for every pod, so one frozen
 * copy is shared (stored objects are never changed in place; a copy is made to change one).
 */
const API_ACCESS_SOURCES = deepFreeze({
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
    {
      downwardAPI: {
        items: [
          {
            fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
            path: 'namespace',
          },
        ],
      },
    },
  ],
})

function apiAccessVolume(name: string): Record<string, unknown> {
  return { name, projected: API_ACCESS_SOURCES }
}

/** plugin/pkg/admission/serviceaccount: default account, existence check, token volume. */
registerAdmission({
  name: 'ServiceAccount',
  admit(op, obj: KObject, _old, ctx) {
    if (op !== 'CREATE' || ctx.info.id !== 'pods' || !obj.spec) return
    // Mirror pods (static pods) may not reference service accounts, and get none.
    if (obj.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return
    const spec = obj.spec
    if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default'
    spec.serviceAccount = spec.serviceAccountName
    const ns = obj.metadata.namespace ?? 'default'
    const sa = ctx.api.tryGet('serviceaccounts', ns, spec.serviceAccountName)
    // The default account is created by a controller moments after the namespace; a pod created
    // before that is refused in a real cluster too, but only if the account is really missing.
    if (!sa && (spec.serviceAccountName !== 'default' || serviceAccountsExist(ctx.api, ns))) {
      throw forbidden(
        `pods "${obj.metadata.name}" is forbidden: error looking up service account ${ns}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`,
        { name: obj.metadata.name, kind: 'pods' },
      )
    }
    const automount = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true
    if (!automount) return
    const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])]
    if (
      all.some((c) =>
        c.volumeMounts?.some((m: { mountPath?: string }) => m.mountPath === SA_MOUNT_PATH),
      )
    )
      return
    const name = `kube-api-access-${volumeSuffix(`${ns}/${obj.metadata.name}/${ctx.now}`)}`
    spec.volumes = [...(spec.volumes ?? []), apiAccessVolume(name)]
    for (const c of all) {
      c.volumeMounts = [
        ...(c.volumeMounts ?? []),
        { mountPath: SA_MOUNT_PATH, name, readOnly: true },
      ]
    }
  },
})

function serviceAccountsExist(
  api: { list(r: string, o: { namespace: string }): { items: unknown[] } },
  ns: string,
): boolean {
  return api.list('serviceaccounts', { namespace: ns }).items.length > 0
}
