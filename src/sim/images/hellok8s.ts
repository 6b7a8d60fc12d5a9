import type { HttpHandler, ImageDef, Program, ProgramContext } from './types.ts'
import { registerImage, tagsOf } from './catalogue.ts'
import { BUSYBOX_APPLETS, commonTools, goLogTime, instant, serveForever } from './tools.ts'

/** leigg/hellok8s: one Go binary per tag, on :3000, logging in Asia/Shanghai time (+0800). */
const CST = 8

function text(status: number, body: string): ReturnType<HttpHandler> {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body }
}

function serve(ctx: ProgramContext, handler: HttpHandler): void {
  ctx.listen(3000, handler)
  ctx.setUsage(1, 6 * 1024 * 1024)
}

const v1: Program = function* (ctx) {
  ctx.err(`${goLogTime(ctx.now(), CST)} v1 access http://localhost:3000\n`)
  serve(ctx, () => text(200, '[v1] Hello, Kubernetes!'))
  return yield* serveForever()
}

const v2: Program = function* (ctx) {
  ctx.err(`${goLogTime(ctx.now(), CST)} access http://localhost:3000\n`)
  serve(ctx, () => text(200, '[v2] Hello, Kubernetes!'))
  return yield* serveForever()
}

const v2Problem: Program = instant((ctx) => {
  ctx.err(`${goLogTime(ctx.now(), CST)} v1 access http://localhost:3000\n`)
  ctx.err(
    'panic: something went wrong\n\ngoroutine 1 [running]:\nmain.main()\n\t/build/main.go:16 +0x25\n',
  )
  return 2
})

const liveness: Program = function* (ctx) {
  const started = ctx.startedAt
  serve(ctx, (req, now) => {
    if (req.path.split('?')[0] !== '/healthz') return text(200, '[v2] Hello, Kubernetes!')
    const elapsed = (now - started) / 1000
    if (elapsed <= 15) return text(200, 'ok')
    return text(500, `error: ${elapsed.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')}`)
  })
  return yield* serveForever()
}

const readiness: Program = function* (ctx) {
  serve(ctx, (req) =>
    req.path.split('?')[0] === '/healthz' ? text(500, '') : text(200, '[v2] Hello, Kubernetes!'),
  )
  return yield* serveForever()
}

/** Go's time.Now().String() in CST with a monotonic reading. */
function goNow(now: number, started: number): string {
  const d = new Date(now + CST * 3600_000)
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  const mono = ((now - started) / 1000).toFixed(9)
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000000 +0800 CST m=+${mono}`
}

const v3Hostname: Program = function* (ctx) {
  serve(ctx, (req, now) =>
    req.path.split('?')[0] === '/now_time'
      ? text(200, `[v3] Hello, Kubernetes!, now time: ${goNow(now, ctx.startedAt)}\n`)
      : text(200, `[v3] Hello, Kubernetes!, From host: ${ctx.hostname}\n`),
  )
  return yield* serveForever()
}

const BY_TAG: Record<string, Program> = {
  v1,
  v2,
  v2_problem: v2Problem,
  liveness,
  readiness,
  v3_hostname: v3Hostname,
}

/** Each tag was built from a different main.go. */
const main: Program = function* (ctx) {
  const program = BY_TAG[ctx.tag] ?? v1
  return yield* program(ctx)
}

export const hellok8sImage: ImageDef = {
  repository: 'docker.io/leigg/hellok8s',
  tags: tagsOf('docker.io/leigg/hellok8s', 8_412_311, Object.keys(BY_TAG)),
  entrypoint: ['/main'],
  tools: BUSYBOX_APPLETS,
  userland: 'busybox',

  shell: 'ash',
  prompt: () => '/ # ',
  programs: { ...commonTools('busybox'), '/main': main },
  // A Go binary as PID 1 cannot die of the re-raised SIGTERM and exits with status 2.
  stop: { exits: 2 },
  env: () => ({
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    TZ: 'Asia/Shanghai',
  }),
  baseMemory: 6 * 1024 * 1024,
}

registerImage(hellok8sImage)
