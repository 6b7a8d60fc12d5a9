/** A request as a simulated application sees it. */
export interface HttpRequest {
  method: string
  /** Path with query, e.g. `/healthz?x=1`. */
  path: string
  /** Host header as sent. */
  host: string
  headers: Record<string, string>
  body: string
  /** Client address as the app sees it (pod IP, node IP or kube-proxy SNAT address). */
  remoteAddr: string
}

export interface HttpResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** Outcome of a request through the cluster network (curl, wget, probes, port-forward). */
export type HttpResult =
  | {
      ok: true
      response: HttpResponse
      /** `namespace/name` of the pod that answered. */ pod?: string
      ip: string
      port: number
    }
  | { ok: false; error: NetworkError; detail: string }

/**
 * Failure classes a client can report in its own words (curl: "Could not resolve host",
 * "Failed to connect to 10.96.0.12 port 80 after 0 ms: Couldn't connect to server", …).
 */
export type NetworkError = 'resolve' | 'refused' | 'timeout' | 'unreachable'
