import type { HttpResult } from '../../sim/network/http.ts'

/** A request arriving on a local port of the learner's machine (or the node). */
export interface LocalRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: string
}

/** Something listening on localhost: `kubectl port-forward`, `kubectl proxy`, `minikube tunnel`. */
export interface LocalListener {
  /** For `ss`-style listings and error messages, e.g. `kubectl port-forward pod/web 8080:80`. */
  description: string
  http(req: LocalRequest): HttpResult
}

/**
 * Local ports of the terminal's machine. `curl localhost:PORT` looks here before the cluster
 * network; long-running commands register a listener while they run and remove it when they end
 * (Ctrl-C), so listeners are live state and never part of a snapshot.
 *
 * Shared through `sim.services` under `localPorts` (see `localPorts(sim.services)`), so commands
 * that only get the Sim (kubectl) and the shell's network tools meet in one table.
 */
export class LocalPorts {
  private listeners = new Map<number, LocalListener>()

  /** Starts listening; returns the function that stops it. Throws if the port is taken. */
  listen(port: number, l: LocalListener): () => void {
    if (this.listeners.has(port))
      throw new Error(`listen tcp4 127.0.0.1:${port}: bind: address already in use`)
    this.listeners.set(port, l)
    return () => {
      if (this.listeners.get(port) === l) this.listeners.delete(port)
    }
  }

  get(port: number): LocalListener | undefined {
    return this.listeners.get(port)
  }

  ports(): number[] {
    return [...this.listeners.keys()].sort((a, b) => a - b)
  }
}

export function localPorts(services: Map<string, unknown>): LocalPorts {
  let lp = services.get('localPorts') as LocalPorts | undefined
  if (!lp) services.set('localPorts', (lp = new LocalPorts()))
  return lp
}
