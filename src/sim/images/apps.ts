import type { ImageDef, Program } from './types.ts'
import { registerImage, tagsOf } from './catalogue.ts'
import { BUSYBOX_APPLETS, commonTools, DEBIAN_TOOLS, goLogTime, serveForever } from './tools.ts'

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const p2 = (n: number): string => String(n).padStart(2, '0')

/** wdenniss/timeserver (Python http.server on :80): the time in words, one access line per request. */
const timeserver: Program = function* (ctx) {
  ctx.out('Listening on 0.0.0.0:80\n')
  ctx.listen(80, (req, now) => {
    const d = new Date(now)
    const h = d.getUTCHours()
    const body = `The time is ${h % 12 || 12}:${p2(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}, UTC.\n`
    ctx.err(
      `${req.remoteAddr} - - [${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()} ${p2(h)}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}] "${req.method} ${req.path} HTTP/1.1" 200 -\n`,
    )
    return { status: 200, headers: { 'Content-type': 'text/plain' }, body }
  })
  ctx.setUsage(1, 20 * 1024 * 1024)
  return yield* serveForever()
}

registerImage({
  repository: 'docker.io/wdenniss/timeserver',
  tags: tagsOf('docker.io/wdenniss/timeserver', 372_021_940, [
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '7',
    'latest',
  ]),
  cmd: ['/bin/sh', '-c', 'python3 server.py'],
  workdir: '/app',
  tools: [...DEBIAN_TOOLS, 'python3', 'curl'],
  userland: 'gnu',

  shell: 'dash',
  bash: true,
  prompt: () => '# ',
  programs: { ...commonTools('gnu'), python3: timeserver, 'python3 server.py': timeserver },
  env: () => ({ PATH, LANG: 'C.UTF-8', PYTHON_VERSION: '3.10.16' }),
})

/** kubernetes-bootcamp (node.js on :8080). */
function bootcamp(version: number): Program {
  return function* (ctx) {
    let requests = 0
    ctx.out(
      `Kubernetes Bootcamp App Started At: ${new Date(ctx.now()).toISOString()} | Running On:  ${ctx.hostname} \n\n`,
    )
    ctx.listen(8080, (_req, now) => {
      requests++
      const uptime = ((now - ctx.startedAt) / 1000).toFixed(3).replace(/\.?0+$/, '')
      ctx.out(
        `Running On: ${ctx.hostname} | Total Requests: ${requests} | App Uptime: ${uptime} seconds | Log Time: ${new Date(now).toISOString()}\n`,
      )
      return {
        status: 200,
        headers: { 'Content-Type': 'text/plain' },
        body: `Hello Kubernetes bootcamp! | Running on: ${ctx.hostname} | v=${version}\n`,
      }
    })
    ctx.setUsage(1, 12 * 1024 * 1024)
    return yield* serveForever()
  }
}

function bootcampImage(repository: string, tags: string[]): ImageDef {
  const byTag: Record<string, Program> = {}
  for (const t of tags) byTag[t] = bootcamp(Number(t.replace(/^v/, '')) || 1)
  const main: Program = (ctx) => (byTag[ctx.tag] ?? bootcamp(1))(ctx)
  return {
    repository,
    tags: tagsOf(repository, 79_543_110, tags),
    cmd: ['/bin/sh', '-c', 'node server.js'],
    tools: [...DEBIAN_TOOLS, 'node', 'curl'],
    userland: 'gnu',

    shell: 'dash',
    bash: true,
    prompt: (pod) => `root@${pod}:/# `,
    programs: { ...commonTools('gnu'), node: main, 'node server.js': main },
    env: () => ({ PATH, NODE_VERSION: '6.3.1', NPM_CONFIG_LOGLEVEL: 'info' }),
  }
}

registerImage(bootcampImage('gcr.io/google-samples/kubernetes-bootcamp', ['v1']))
registerImage(bootcampImage('docker.io/jocatalin/kubernetes-bootcamp', ['v1', 'v2']))

/** programmingpercy/hellogopher (:8080); builds 2.0/3.0/5.0 time out after a fixed uptime. */
const GOPHER_TIMEOUT: Record<string, number> = {
  '1.0': Infinity,
  '2.0': 10,
  '3.0': 100,
  '5.0': 1000,
}

const hellogopher: Program = function* (ctx) {
  const threshold = GOPHER_TIMEOUT[ctx.tag] ?? Infinity
  if (ctx.tag === '5.0') {
    ctx.err(`${goLogTime(ctx.now())} Trying to connect to DB\n`)
    ctx.err(`${goLogTime(ctx.now())} Creating database\n`)
    const host = ctx.env.MYSQL_SERVICE_HOST || '127.0.0.1'
    const net = ctx.service<{ connect(o: unknown, h: string, p: number): { ok: boolean } }>(
      'network',
    )
    const conn = net?.connect(
      { pod: { metadata: { name: ctx.pod.name, namespace: ctx.pod.namespace } } },
      host,
      3306,
    )
    if (!conn?.ok) {
      ctx.err(`${goLogTime(ctx.now())} dial tcp ${host}:3306: connect: connection refused\n`)
      return 1
    }
    ctx.err(`${goLogTime(ctx.now())} connected to database\n`)
  }
  ctx.listen(8080, (req, now) => {
    const path = req.path.split('?')[0]
    if ((now - ctx.startedAt) / 1000 > threshold) {
      ctx.err(`${goLogTime(now)} Timeout triggered\n`)
      return {
        status: 500,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        body: 'Im timed out',
      }
    }
    const body = path === '/aligator' && ctx.tag === '5.0' ? 'Hello Mr Aligator' : 'Hello gopher'
    return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body }
  })
  ctx.setUsage(1, 5 * 1024 * 1024)
  return yield* serveForever()
}

// Built locally in the tutorial: present in no registry until a lesson pushes or loads it.
registerImage({
  repository: 'docker.io/programmingpercy/hellogopher',
  tags: {},
  entrypoint: ['./hellogopher'],
  workdir: '/app',
  tools: BUSYBOX_APPLETS,
  userland: 'busybox',

  shell: 'ash',
  prompt: () => '/app # ',
  programs: {
    ...commonTools('busybox'),
    './hellogopher': hellogopher,
    '/app/hellogopher': hellogopher,
  },
  stop: { exits: 2 },
  env: () => ({ PATH, GOLANG_VERSION: '1.23.4', GOPATH: '/go' }),
})

/** Tags a lesson may build for hellogopher (registered on `docker build`/`minikube image load`). */
export const HELLOGOPHER_TAGS = Object.keys(GOPHER_TIMEOUT)
