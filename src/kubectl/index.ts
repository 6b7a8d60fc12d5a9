/**
 * kubectl v1.32 for the simulated cluster. `kubectl(args, ctx)` is a shell command generator:
 * it runs synchronously and yields effects when virtual time has to pass (waits, watches, edits).
 */
import type { Proc } from '../shell/types.ts'
import type { KubectlContext } from './cli/command.ts'
import { runKubectl } from './cli/run.ts'
import { rootCommands, subcommandsOf, flagsOf } from './cli/help.ts'
import { GLOBAL_FLAGS } from './cli/command.ts'
import { RESOURCES } from '../sim/api/resources.ts'
import { lookupType } from './resolve/types.ts'
import './commands/index.ts'

export type { AttachRequest, KubectlContext, Invocation } from './cli/command.ts'
export { registerCommand, type Handler } from './cli/run.ts'
export { installKubeconfig, adminKubeconfig } from './kubeconfig/kubeconfig.ts'
export { localHttp, listeners, type Listener } from './forwards.ts'

export function kubectl(args: string[], ctx: KubectlContext): Proc {
  // Controllers react within milliseconds on a real cluster: by the time the next command reaches
  // the API server, what the previous one triggered has been reconciled.
  ctx.sim.settle()
  return runKubectl(args, ctx)
}

/** Completion data for the terminal (tab completion of verbs, flags, types and names). */
export const kubectlCompletion = {
  commands(): string[] {
    return rootCommands()
  },
  /** Flags of a verb path such as `get` or `create deployment`, as `--name` and `-x`. */
  flags(verb: string): string[] {
    const out = new Set<string>()
    for (const d of [...flagsOf(verb), ...GLOBAL_FLAGS]) {
      out.add(`--${d.name}`)
      if (d.short) out.add(`-${d.short}`)
    }
    return [...out]
  },
  subcommands(verb: string): string[] {
    return subcommandsOf(verb)
  },
  resourceTypes(): string[] {
    const names = new Set<string>()
    for (const r of RESOURCES) {
      names.add(r.plural)
      for (const s of r.shortNames) names.add(s)
    }
    return [...names].sort()
  },
  /** Names of objects of a type in the context's namespace (all namespaces for cluster-scoped). */
  names(ctx: KubectlContext, resourceType: string, namespace = 'default'): string[] {
    const info = lookupType(resourceType)
    if (!info) return []
    return ctx.sim.api
      .list(info.id, { namespace: info.namespaced ? namespace : undefined })
      .items.map((o) => o.metadata.name ?? '')
  },
}
