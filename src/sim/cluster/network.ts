/** IPv4 helpers for the CIDRs of a ClusterSpec. */
export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0)
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.')
}

/** The n-th address of a CIDR: n=1 is the `kubernetes` Service, n=10 kube-dns. */
export function nthAddress(cidr: string, n: number): string {
  const [base, bits] = cidr.split('/')
  const size = 2 ** (32 - Number(bits))
  const start = ipToInt(base) - (ipToInt(base) % size)
  return intToIp(start + n)
}

/** host:port of the API server from the kubeconfig URL (https://192.168.49.2:6443). */
export function apiServerEndpoint(server: string): { host: string; port: number } {
  const m = /^https?:\/\/([^:/]+)(?::(\d+))?/.exec(server)
  return { host: m?.[1] ?? '127.0.0.1', port: Number(m?.[2] ?? 443) }
}
