import { splitKey, selfKeys, type Controller } from '../runtime/controller.ts'

/** One request as the live graph draws it: who asked, through which Service, which pod answered. */
export interface TrafficEntry {
  /** Virtual time (ms). */
  time: number
  /** `pod/<ns>/<name>`, `node/<name>`. */
  from: string
  /** `<ns>/<name>` of the Service the request went through, if any. */
  service?: string
  /** `<ns>/<name>` of the pod that was reached, if any. */
  pod?: string
  /** `ok`, or the failure class (refused, timeout, unreachable, resolve). */
  result: string
}

/** ClientIP affinity entry: the `recent` match kube-proxy's iptables rules keep per Service port. */
export interface AffinityEntry {
  endpoint: string
  expiresAt: number
}

export interface ProxyState {
  affinity: Record<string, AffinityEntry>
  traffic: TrafficEntry[]
}

export const TRAFFIC_LOG_LIMIT = 50

/**
 * kube-proxy's state outside the API (session affinity, recent traffic), kept by a controller so it
 * lands in snapshots. When a Service or its Endpoints change, stale affinity entries are flushed,
 * as kube-proxy clears conntrack and `recent` entries for removed endpoints.
 */
export class KubeProxy {
  state: ProxyState = { affinity: {}, traffic: [] }

  record(entry: TrafficEntry): void {
    this.state.traffic.push(entry)
    if (this.state.traffic.length > TRAFFIC_LOG_LIMIT)
      this.state.traffic.splice(0, this.state.traffic.length - TRAFFIC_LOG_LIMIT)
  }

  controller(): Controller {
    return {
      name: 'kube-proxy',
      watches: [selfKeys('services'), selfKeys('endpoints')],
      reconcile: (key, ctx) => {
        const { namespace, name } = splitKey(key)
        const ep = ctx.api.tryGet('endpoints', namespace, name)
        const live = new Set<string>()
        for (const s of ep?.subsets ?? []) for (const a of s.addresses ?? []) live.add(a.ip)
        const svcExists = Boolean(ctx.api.tryGet('services', namespace, name))
        const prefix = `${key}:`
        for (const [k, e] of Object.entries(this.state.affinity)) {
          if (!k.startsWith(prefix)) continue
          if (!svcExists || !live.has(e.endpoint.split(':')[0])) delete this.state.affinity[k]
        }
      },
      saveState: () => structuredClone(this.state),
      loadState: (s) => {
        this.state = structuredClone(s as ProxyState)
      },
    }
  }
}
