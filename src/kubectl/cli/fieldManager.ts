import type { ApiServer } from '../../sim/apiserver/apiServer.ts'
import type { Flags } from './flags.ts'

/** The --field-manager default of each kubectl v1.32 command that has the flag. */
const MANAGERS: [prefix: string, manager: string][] = [
  ['kubectl annotate', 'kubectl-annotate'],
  ['kubectl apply edit-last-applied', 'kubectl-client-side-apply'],
  ['kubectl apply set-last-applied', 'kubectl'],
  ['kubectl apply', 'kubectl-client-side-apply'],
  ['kubectl autoscale', 'kubectl-autoscale'],
  ['kubectl create', 'kubectl-create'],
  ['kubectl edit', 'kubectl-edit'],
  ['kubectl expose', 'kubectl-expose'],
  ['kubectl label', 'kubectl-label'],
  ['kubectl patch', 'kubectl-patch'],
  ['kubectl replace', 'kubectl-replace'],
  ['kubectl rollout pause', 'kubectl-rollout'],
  ['kubectl rollout restart', 'kubectl-rollout'],
  ['kubectl rollout resume', 'kubectl-rollout'],
  ['kubectl run', 'kubectl-run'],
  ['kubectl set', 'kubectl-set'],
  ['kubectl taint', 'kubectl-taint'],
]

/**
 * The field manager kubectl's writes carry: --field-manager, else the command's default; commands
 * without the flag (scale, cordon, drain, rollout undo) send none, and the API server takes the
 * user agent's first word, `kubectl`.
 */
export function fieldManagerFor(path: string, flags: Flags): string {
  if (flags.knows('field-manager') && flags.has('field-manager')) return flags.str('field-manager')
  for (const [prefix, manager] of MANAGERS)
    if (path === prefix || path.startsWith(prefix + ' ')) return manager
  return 'kubectl'
}

const WRITES = new Set(['create', 'update', 'patch', 'apply'])

/** The API as one kubectl command sees it: every write names the command's field manager. */
export function withFieldManager(api: ApiServer, manager: () => string): ApiServer {
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (typeof value !== 'function') return value
      const fn = value as (...args: unknown[]) => unknown
      if (typeof prop !== 'string' || !WRITES.has(prop)) return fn.bind(target)
      return (...args: unknown[]) => {
        // The options object is the last argument of every write.
        const last = prop === 'create' || prop === 'update' ? 2 : prop === 'patch' ? 5 : 4
        const opts = (args[last] ?? {}) as { fieldManager?: string }
        args[last] = { ...opts, fieldManager: opts.fieldManager ?? manager() }
        return fn.apply(target, args)
      }
    },
  })
}
