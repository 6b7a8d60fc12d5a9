import type { HttpRequest, HttpResponse } from '../network/http.ts'
import type { ImageDef, Program, ProgramContext } from './types.ts'
import { registerImage, tagsOf } from './catalogue.ts'
import { commonTools, DEBIAN_TOOLS, goLogTime, serveForever } from './tools.ts'

export const NGINX_HTML_DIR = '/usr/share/nginx/html'

export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`

const FIFTY_X = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`

/** The newest patch release of each minor version the image has tags for. */
const LATEST_PATCH: Record<string, string> = {
  '1.27': '1.27.3',
  '1.26': '1.26.2',
  '1.25': '1.25.5',
  '1.24': '1.24.0',
  '1.23': '1.23.4',
  '1.22': '1.22.1',
  '1.21': '1.21.6',
  '1.20': '1.20.2',
  '1.19': '1.19.10',
  '1.18': '1.18.0',
  '1.17': '1.17.10',
  '1.16': '1.16.1',
  '1.15': '1.15.12',
  '1.14': '1.14.2',
  '1.13': '1.13.12',
  '1.12': '1.12.2',
  '1.11': '1.11.13',
  '1.10': '1.10.3',
  '1.9': '1.9.15',
  '1.7': '1.7.9',
}

/** Which nginx release a tag runs (the `nginx/x.y.z` of Server headers and error pages). */
function versionOf(tag: string): string {
  const exact = /^(\d+\.\d+\.\d+)/.exec(tag)
  if (exact) return exact[1]
  const minor = /^(\d+\.\d+)/.exec(tag)
  if (minor) return LATEST_PATCH[minor[1]] ?? `${minor[1]}.0`
  if (tag.startsWith('stable')) return '1.26.2'
  return '1.27.3'
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `06/Jan/2025:09:00:10 +0000`, nginx's $time_local in UTC. */
function timeLocal(ms: number): string {
  const d = new Date(ms)
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
}

function nginxPage(status: number, version: string): string {
  const text = status === 404 ? '404 Not Found' : `${status} Error`
  return `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`
}

function handler(ctx: ProgramContext, version: string) {
  return (req: HttpRequest, now: number): HttpResponse => {
    const path = req.path.split('?')[0]
    let file = path.endsWith('/')
      ? `${NGINX_HTML_DIR}${path}index.html`
      : `${NGINX_HTML_DIR}${path}`
    if (!path.endsWith('/') && ctx.fs.isDir(file)) file = `${file}/index.html`
    const body = ctx.fs.read(file)
    const status = body === undefined ? 404 : 200
    const out = body ?? nginxPage(404, version)
    const size = new TextEncoder().encode(out).length
    const agent = req.headers['user-agent'] ?? req.headers['User-Agent'] ?? '-'
    ctx.out(
      `${req.remoteAddr} - - [${timeLocal(now)}] "${req.method} ${req.path} HTTP/1.1" ${status} ${size} "-" "${agent}" "-"\n`,
    )
    if (status === 404) {
      ctx.err(
        `${goLogTime(now)} [error] 29#29: *1 open() "${file}" failed (2: No such file or directory), client: ${req.remoteAddr}, server: localhost, request: "${req.method} ${req.path} HTTP/1.1", host: "${req.host}"\n`,
      )
    }
    return {
      status,
      headers: { Server: `nginx/${version}`, 'Content-Type': 'text/html' },
      body: out,
    }
  }
}

const ENTRYPOINT = '/docker-entrypoint.sh'

/** The docker-entrypoint start-up of the official image: the same text for every container. */
const ENTRYPOINT_TEXT =
  [
    `${ENTRYPOINT}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
    `${ENTRYPOINT}: Looking for shell scripts in /docker-entrypoint.d/`,
    `${ENTRYPOINT}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`,
    '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    `${ENTRYPOINT}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`,
    `${ENTRYPOINT}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`,
    `${ENTRYPOINT}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`,
    `${ENTRYPOINT}: Configuration complete; ready for start up`,
  ].join('\n') + '\n'

/**
 * nginx's start-up notices for the last second and version asked for: replicas started in the
 * same second print the same text, and building it for each was a share of every start.
 */
let lastNotices = { key: '', text: '' }

function noticesAt(now: number, tagVersion: string): string {
  const t = goLogTime(now)
  const key = `${t} ${tagVersion}`
  if (lastNotices.key !== key) {
    const notices = [
      'using the "epoll" event method',
      `nginx/${tagVersion}`,
      'built by gcc 12.2.0 (Debian 12.2.0-14) ',
      'OS: Linux 6.8.0-1017-gcp',
      'getrlimit(RLIMIT_NOFILE): 1048576:1048576',
      'start worker processes',
      'start worker process 29',
      'start worker process 30',
    ]
    lastNotices = { key, text: notices.map((n) => `${t} [notice] 1#1: ${n}\n`).join('') }
  }
  return lastNotices.text
}

/** The docker-entrypoint start-up of the official image, then nginx's notices. */
function startUp(ctx: ProgramContext, tagVersion: string): void {
  ctx.out(ENTRYPOINT_TEXT)
  ctx.err(noticesAt(ctx.now(), tagVersion))
}

/** Whether argv runs the nginx server (directly, or through the image's entrypoint). */
function runsNginx(argv: string[]): boolean {
  const name = (a: string | undefined): string => (a ?? '').slice((a ?? '').lastIndexOf('/') + 1)
  const first = name(argv[0]) === 'docker-entrypoint.sh' ? name(argv[1]) : name(argv[0])
  return first === 'nginx' || first === 'nginx-debug'
}

/**
 * nginx's command-line options that do not start a server (`nginx -v`, `-t`, `-s quit`), as
 * ngx_get_options words them; undefined when the server is to run.
 */
function nginxCli(ctx: ProgramContext, version: string): number | undefined {
  const name = ctx.argv[0].slice(ctx.argv[0].lastIndexOf('/') + 1)
  if (name !== 'nginx' && name !== 'nginx-debug') return undefined
  const args = ctx.argv.slice(1)
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '-v' || a === '-V') {
      ctx.err(`nginx version: nginx/${version}\n`)
      return 0
    }
    if (a === '-t' || a === '-T') {
      ctx.err(
        'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n' +
          'nginx: configuration file /etc/nginx/nginx.conf test is successful\n',
      )
      return 0
    }
    if (a === '-s') {
      const signal = args[i + 1]
      if (signal === undefined) {
        ctx.err('nginx: option "-s" requires parameter\n')
        return 1
      }
      if (!['stop', 'quit', 'reopen', 'reload'].includes(signal)) {
        ctx.err(`nginx: invalid option: "-s ${signal}"\n`)
        return 1
      }
      ctx.err(`${goLogTime(ctx.now())} [notice] 47#47: signal process started\n`)
      if (!ctx.mainArgv || !runsNginx(ctx.mainArgv)) {
        ctx.err(
          `${goLogTime(ctx.now())} [error] 47#47: open() "/var/run/nginx.pid" failed (2: No such file or directory)\n`,
        )
        return 1
      }
      // stop and quit end the master process (fast or graceful shutdown, both exit 0).
      if (signal === 'stop' || signal === 'quit') ctx.stopContainer?.(0)
      return 0
    }
    if (a === '-g' || a === '-c' || a === '-p' || a === '-e') {
      i++
      continue
    }
    if (a.startsWith('-')) {
      ctx.err(`nginx: invalid option: "${a.slice(1)}"\n`)
      return 1
    }
  }
  return undefined
}

// The start-up text is written from a plain function: a generator keeps its locals for as long
// as it is suspended, and every running nginx container would carry a copy of it.
const nginxMain: Program = function* (ctx) {
  const tagVersion = ctx.env.NGINX_VERSION ?? '1.27.3'
  const cli = nginxCli(ctx, tagVersion)
  if (cli !== undefined) return cli
  startUp(ctx, tagVersion)
  ctx.listen(80, handler(ctx, tagVersion))
  ctx.setUsage(0, 3 * 1024 * 1024)
  return yield* serveForever()
}

const TAGS = [
  'latest',
  'mainline',
  'stable',
  'alpine',
  'stable-alpine',
  'perl',
  '1.27.3',
  '1.27.2',
  '1.27',
  '1.27-alpine',
  '1.26.2',
  '1.26',
  '1.26-alpine',
  '1.25.5',
  '1.25',
  '1.25-alpine',
  '1.24.0',
  '1.24',
  '1.23.4',
  '1.23',
  '1.22.1',
  '1.22',
  '1.21.6',
  '1.21',
  '1.20.2',
  '1.20',
  '1.19.10',
  '1.19',
  '1.18.0',
  '1.18',
  '1.17.10',
  '1.17',
  '1.16.1',
  '1.16',
  '1.15.12',
  '1.15',
  '1.14.2',
  '1.14',
  '1.13.12',
  '1.13',
  '1.12.2',
  '1.12',
  '1.11.13',
  '1.11',
  '1.10.3',
  '1.10.1',
  '1.10',
  '1.9',
  '1.7.9',
]

const tags = tagsOf('docker.io/library/nginx', 72_080_558, TAGS)
// The digest a tutorial printed verbatim for this tag.
tags['1.10.1'] = {
  digest: 'sha256:35779791c05d119df4fe476db8f47c0bee5943c83eba5656a15fc046db48178b',
  size: 107_497_560,
}

export const nginxImage: ImageDef = {
  repository: 'docker.io/library/nginx',
  tags,
  entrypoint: ['/docker-entrypoint.sh'],
  cmd: ['nginx', '-g', 'daemon off;'],
  tools: [...DEBIAN_TOOLS, 'curl', 'nginx'],
  userland: 'gnu',

  shell: 'dash',
  bash: true,
  prompt: (pod) => `root@${pod}:/# `,
  programs: { ...commonTools('gnu'), '/docker-entrypoint.sh': nginxMain, nginx: nginxMain },
  // STOPSIGNAL SIGQUIT: graceful shutdown, worker processes exit, then the master.
  stop: {
    exits: 0,
    log: (now) => {
      const t = goLogTime(now)
      return [
        `${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`,
        `${t} [notice] 29#29: gracefully shutting down`,
        `${t} [notice] 29#29: exiting`,
        `${t} [notice] 29#29: exit`,
        `${t} [notice] 1#1: signal 17 (SIGCHLD) received from 29`,
        `${t} [notice] 1#1: worker process 29 exited with code 0`,
        `${t} [notice] 1#1: exit`,
      ]
    },
  },
  env: (tag) => ({
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    NGINX_VERSION: versionOf(tag),
    NJS_VERSION: '0.8.7',
    NJS_RELEASE: '1~bookworm',
    PKG_RELEASE: '1~bookworm',
    DYNPKG_RELEASE: '1~bookworm',
  }),
  files: {
    [`${NGINX_HTML_DIR}/index.html`]: NGINX_WELCOME,
    [`${NGINX_HTML_DIR}/50x.html`]: FIFTY_X,
  },
  baseMemory: 3 * 1024 * 1024,
}

registerImage(nginxImage)
