/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { Command, CommandContext, Effect } from '../types.ts'
import type { CommandTable } from '../state.ts'
import { curl } from './curl.ts'
import { REASONS, parseUrl, sendHttp, type NetEnv } from './netEnv.ts'

type Gen = Generator<Effect, number, void>

/** nameserver as each origin's resolv.conf says: CoreDNS for pods, systemd-resolved on nodes. */
function nameserver(env: NetEnv): string {
  const o = env.origin()
  if ('node' in o) return '127.0.0.53'
  const ns = env.network()?.resolve(o, 'kube-dns.kube-system.svc.cluster.local')
  return ns?.ips[0] ?? '10.96.0.10'
}

/** busybox wget, as used inside pods (`wget -qO- http://web`). */
function* wget(args: string[], ctx: CommandContext, env: NetEnv): Gen {
  let quiet = false
  let output: string | undefined
  let timeoutS: number | undefined
  let url: string | undefined
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '-O') output = args[++i]
    else if (a.startsWith('-O')) output = a.slice(2)
    else if (a === '-T' || a === '--timeout') timeoutS = Number(args[++i])
    else if (/^-[qO]+/.test(a)) {
      if (a.includes('q')) quiet = true
      if (a.endsWith('O')) output = args[++i]
      else if (a.includes('O')) output = a.slice(a.indexOf('O') + 1)
    } else if (a === '--spider' || a === '-S') continue
    else if (!a.startsWith('-')) url = a
  }
  if (!url) {
    ctx.io.err(
      'BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n',
    )
    return 1
  }
  const u = parseUrl(url)
  if (!u) {
    ctx.io.err(`wget: bad address '${url}'\n`)
    return 1
  }
  const res = sendHttp(env, u, {
    method: 'GET',
    headers: { Host: u.host, 'User-Agent': 'Wget', Connection: 'close' },
    body: '',
  })
  if (!res.ok) {
    if (res.error === 'resolve') {
      ctx.io.err(`wget: bad address '${u.host}'\n`)
      return 1
    }
    if (res.error === 'timeout') {
      yield { type: 'sleep', ms: (timeoutS ?? 900) * 1000 }
      if (!quiet) ctx.io.err(`Connecting to ${u.host}${u.port !== 80 ? ':' + u.port : ''}\n`)
      ctx.io.err('wget: download timed out\n')
      return 1
    }
    if (!quiet) ctx.io.err(`Connecting to ${u.host}${u.port !== 80 ? ':' + u.port : ''}\n`)
    ctx.io.err(
      `wget: can't connect to remote host: ${res.error === 'refused' ? 'Connection refused' : 'No route to host'}\n`,
    )
    return 1
  }
  if (!quiet)
    ctx.io.err(
      `Connecting to ${u.host}${u.port !== 80 ? ':' + u.port : ''} (${res.ip}:${res.port})\n`,
    )
  const r = res.response
  if (r.status >= 400) {
    ctx.io.err(
      `wget: server returned error: HTTP/1.1 ${r.status} ${REASONS[r.status] ?? ''}`.trimEnd() +
        '\n',
    )
    return 1
  }
  const file = output ?? (u.path.split('/').pop() || 'index.html')
  const size = new TextEncoder().encode(r.body).length
  if (file === '-') {
    if (!quiet) ctx.io.err('writing to stdout\n')
    ctx.io.out(r.body)
    if (!quiet)
      ctx.io.err(
        `-                    100% |********************************|  ${String(size).padStart(4)}  0:00:00 ETA\nwritten to stdout\n`,
      )
    return 0
  }
  if (ctx.fs.exists(ctx.resolve(file)) && output === undefined) {
    ctx.io.err(`wget: can't open '${file}': File exists\n`)
    return 1
  }
  if (!quiet) ctx.io.err(`saving to '${file}'\n`)
  ctx.fs.write(ctx.resolve(file), r.body)
  if (!quiet)
    ctx.io.err(
      `${file.padEnd(20).slice(0, 20)} 100% |********************************|  ${String(size).padStart(4)}  0:00:00 ETA\n'${file}' saved\n`,
    )
  return 0
}

function* nslookup(args: string[], ctx: CommandContext, env: NetEnv): Gen {
  const name = args.find((a) => !a.startsWith('-'))
  if (!name) {
    ctx.io.err('Usage: nslookup [HOST] [SERVER]\n')
    return 1
  }
  const ns = nameserver(env)
  const pod = 'pod' in env.origin()
  const head = pod
    ? `Server:\t\t${ns}\nAddress:\t${ns}:53\n\n`
    : `Server:\t\t${ns}\nAddress:\t${ns}#53\n\n`
  const r = env.network()?.resolve(env.origin(), name)
  if (!r || (!r.ips.length && !r.cname)) {
    ctx.io.out(head)
    ctx.io.out(`** server can't find ${name}: NXDOMAIN\n\n`)
    return 1
  }
  let out = head
  if (!pod) out += 'Non-authoritative answer:\n'
  if (r.cname) out += `${r.name}\tcanonical name = ${r.cname}\n`
  for (const ip of r.ips) out += `Name:\t${r.cname ?? r.name}\nAddress: ${ip}\n`
  ctx.io.out(out + '\n')
  return 0
}

function* dig(args: string[], ctx: CommandContext, env: NetEnv): Gen {
  const short = args.includes('+short')
  const name = args.find(
    (a) =>
      !a.startsWith('+') &&
      !a.startsWith('-') &&
      !a.startsWith('@') &&
      !/^(A|AAAA|CNAME|SRV|TXT)$/.test(a),
  )
  if (!name) {
    ctx.io.err(
      'dig: a domain name is required; `dig` with no arguments queries the root servers, which the simulated cluster cannot reach\n',
    )
    return 1
  }
  const r = env.network()?.resolve(env.origin(), name)
  const fqdn = (r?.name ?? name).replace(/\.?$/, '.')
  if (short) {
    if (r?.cname) ctx.io.out(r.cname.replace(/\.?$/, '.') + '\n')
    for (const ip of r?.ips ?? []) ctx.io.out(ip + '\n')
    return 0
  }
  const ns = nameserver(env)
  const answers = (r?.ips ?? []).map((ip) => `${fqdn.padEnd(23)}\t30\tIN\tA\t${ip}\n`).join('')
  ctx.io.out(
    `\n; <<>> DiG 9.18.30 <<>> ${args.join(' ')}\n;; global options: +cmd\n;; Got answer:\n` +
      `;; ->>HEADER<<- opcode: QUERY, status: ${r && r.ips.length ? 'NOERROR' : 'NXDOMAIN'}, id: 4242\n` +
      `;; flags: qr aa rd; QUERY: 1, ANSWER: ${r?.ips.length ?? 0}, AUTHORITY: 0, ADDITIONAL: 1\n\n` +
      `;; QUESTION SECTION:\n;${fqdn.padEnd(22)}\tIN\tA\n\n` +
      (answers ? `;; ANSWER SECTION:\n${answers}\n` : '') +
      `;; Query time: 0 msec\n;; SERVER: ${ns}#53(${ns}) (UDP)\n;; MSG SIZE  rcvd: ${60 + 16 * (r?.ips.length ?? 0)}\n\n`,
  )
  return 0
}

/** iputils ping: one probe a second until -c runs out or Ctrl-C, then the statistics. */
function* ping(args: string[], ctx: CommandContext, env: NetEnv): Gen {
  let count = Infinity
  let host: string | undefined
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c') count = Number(args[++i])
    else if (/^-c\d+$/.test(args[i])) count = Number(args[i].slice(2))
    else if (args[i] === '-W' || args[i] === '-i' || args[i] === '-w') i++
    else if (!args[i].startsWith('-')) host = args[i]
  }
  if (!host) {
    ctx.io.err('ping: usage error: Destination address required\n')
    return 1
  }
  const net = env.network()
  const r = net?.ping(env.origin(), host)
  if (!r || (!r.ok && r.error === 'resolve')) {
    ctx.io.err(`ping: ${host}: Name or service not known\n`)
    return 2
  }
  const ip = r.ok ? r.ip : (net?.resolve(env.origin(), host)?.ips[0] ?? host)
  ctx.io.out(`PING ${host} (${ip}) 56(84) bytes of data.\n`)
  const start = ctx.now()
  let sent = 0
  let received = 0
  const times: number[] = []
  while (sent < count && !ctx.io.interrupted()) {
    sent++
    if (r.ok) {
      const t = 0.04 + ((sent * 37) % 50) / 1000
      times.push(t)
      received++
      ctx.io.out(
        `64 bytes from ${/^\d/.test(host) ? ip : `${host} (${ip})`}: icmp_seq=${sent} ttl=${'pod' in env.origin() ? 63 : 64} time=${t.toFixed(3)} ms\n`,
      )
    }
    if (sent < count) yield { type: 'sleep', ms: 1000 }
  }
  const elapsed = ctx.now() - start
  const loss = sent ? Math.round(((sent - received) / sent) * 100) : 0
  ctx.io.out(
    `\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${received} received, ${loss}% packet loss, time ${elapsed}ms\n`,
  )
  if (times.length) {
    const min = Math.min(...times)
    const max = Math.max(...times)
    const avg = times.reduce((a, b) => a + b, 0) / times.length
    const mdev = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / times.length)
    ctx.io.out(
      `rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`,
    )
  }
  return received ? 0 : 1
}

/** nc -z (port checks); moving data is not simulated. */
function* nc(args: string[], ctx: CommandContext, env: NetEnv): Gen {
  const flags = args.filter((a) => a.startsWith('-')).join('')
  const rest = args.filter((a, i) => !a.startsWith('-') && !(args[i - 1] === '-w'))
  const [host, portStr] = rest
  if (!host || !portStr) {
    ctx.io.err(
      'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n',
    )
    return 1
  }
  if (!flags.includes('z')) {
    ctx.io.err(
      'nc: only port checks (nc -z host port) are simulated; sending data over a raw connection is not\n',
    )
    return 1
  }
  const port = Number(portStr)
  const r = env.network()?.connect(env.origin(), host, port)
  const verbose = flags.includes('v')
  if (!r || !r.ok) {
    if (r && r.error === 'resolve')
      ctx.io.err(`nc: getaddrinfo for host "${host}" port ${port}: Name or service not known\n`)
    else if (verbose)
      ctx.io.err(
        `nc: connect to ${host} port ${port} (tcp) failed: ${r?.error === 'timeout' ? 'Connection timed out' : 'Connection refused'}\n`,
      )
    return 1
  }
  if (verbose) ctx.io.err(`Connection to ${host} (${r.ip}) ${port} port [tcp/*] succeeded!\n`)
  return 0
}

/** Network clients bound to where they run (a node or a pod). */
export function netCommands(env: NetEnv): CommandTable {
  const bind =
    (f: (args: string[], ctx: CommandContext, env: NetEnv) => Gen): Command =>
    (args, ctx) =>
      f(args, ctx, env)
  return {
    curl: bind(curl),
    wget: bind(wget),
    nslookup: bind(nslookup),
    dig: bind(dig),
    ping: bind(ping),
    nc: bind(nc),
  }
}
